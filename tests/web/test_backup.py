"""Whole-database backups: `flask backup` on a played database, restored into a scratch
database (a new SQLite file; a new PostgreSQL database via pg_restore), rows identical."""

from __future__ import annotations

import shutil
import subprocess

import pytest
import sqlalchemy as sa

from harzquiz.cli.backup import pg_environment
from harzquiz.cli.demo import seed_demo
from harzquiz.extensions import db
from tests.factories import NOW, make_riddle
from tests.helpers import new_reader


def played_database(app) -> None:
    """Demo content plus two readers' guesses, a hint, a solve and a reveal."""
    seed_demo(NOW)
    riddle = make_riddle(slug="kugel")
    first = new_reader(app, "/raetsel/kugel")
    assert first.guess(riddle.slug, "Boje").status_code == 200
    assert first.post("/raetsel/kugel/tipps/1", htmx=True).status_code == 200
    assert first.guess(riddle.slug, "Kugelgrill").status_code == 200
    second = new_reader(app, "/raetsel/kugel")
    assert second.post("/raetsel/kugel/loesung", htmx=True).status_code == 200


def every_row(engine: sa.Engine) -> dict[str, list[tuple]]:
    """All rows of every application table, in primary-key order."""
    rows = {}
    with engine.connect() as connection:
        for table in db.metadata.sorted_tables:
            query = sa.select(table).order_by(*table.primary_key.columns)
            rows[table.name] = [tuple(row) for row in connection.execute(query)]
    return rows


def assert_same_rows(source: sa.Engine, restored: sa.Engine) -> None:
    original = every_row(source)
    assert sum(len(rows) for rows in original.values()) > 20
    assert original["solve"] and original["guess"] and original["reveal"]
    assert every_row(restored) == original


def test_sqlite_backup_restores_every_row(app, runner, tmp_path):
    if db.engine.dialect.name != "sqlite":
        pytest.skip("this run's database is PostgreSQL; its backup is tested below")
    played_database(app)
    target = tmp_path / "backups" / "harzquiz.sqlite"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    assert "Backup written" in result.output
    restored_file = tmp_path / "restored.sqlite"
    shutil.copy(target, restored_file)  # the documented restore: copy the file into place
    restored = sa.create_engine(f"sqlite:///{restored_file}")
    try:
        assert_same_rows(db.engine, restored)
    finally:
        restored.dispose()


def test_sqlite_cli_backup_matches_too(app, tmp_path):
    """The CLI's `.backup` the README mentions gives the same rows."""
    if db.engine.dialect.name != "sqlite" or shutil.which("sqlite3") is None:
        pytest.skip("needs a SQLite run and the sqlite3 CLI")
    played_database(app)
    target = tmp_path / "cli.sqlite"
    subprocess.run(["sqlite3", db.engine.url.database, f".backup {target}"], check=True, timeout=60)
    restored = sa.create_engine(f"sqlite:///{target}")
    try:
        assert_same_rows(db.engine, restored)
    finally:
        restored.dispose()


def test_backup_refuses_to_overwrite_a_file(app, runner, tmp_path):
    target = tmp_path / "schon-da.dump"
    target.write_text("alt", encoding="utf-8")
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code != 0
    assert "exists" in result.output
    assert target.read_text(encoding="utf-8") == "alt"


@pytest.fixture
def scratch_database():
    """An empty PostgreSQL database beside this run's one, dropped afterwards."""
    url = db.engine.url
    name = f"{url.database}_restore"
    admin = sa.create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}"'))
        connection.execute(sa.text(f'CREATE DATABASE "{name}"'))
    restored = sa.create_engine(url.set(database=name))
    yield restored
    restored.dispose()
    with admin.connect() as connection:
        connection.execute(sa.text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
    admin.dispose()


def test_pg_dump_backup_restores_every_row(app, runner, tmp_path, request):
    if db.engine.dialect.name != "postgresql":
        pytest.skip("this run's database is SQLite; its backup is tested above")
    assert shutil.which("pg_dump") and shutil.which("pg_restore"), "PostgreSQL client tools"
    played_database(app)
    db.session.remove()
    target = tmp_path / "harzquiz.dump"
    result = runner.invoke(args=["backup", str(target)])
    assert result.exit_code == 0, result.output
    restored = request.getfixturevalue("scratch_database")
    restore = subprocess.run(
        ["pg_restore", "--no-owner", f"--dbname={restored.url.database}", str(target)],
        env=pg_environment(restored.url),
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert restore.returncode == 0, restore.stderr
    assert_same_rows(db.engine, restored)


def test_backup_refuses_an_in_memory_sqlite_database_with_a_reason(tmp_path):
    from sqlalchemy.engine import make_url

    from harzquiz.cli.backup import BackupError, backup

    with pytest.raises(BackupError, match="in-memory"):
        backup(make_url("sqlite://"), tmp_path / "memory.db")
    assert not (tmp_path / "memory.db").exists()
