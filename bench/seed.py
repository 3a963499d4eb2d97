"""Databases for the run: generated once per size (SQLite files are kept for the next run)."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

from .servers import ROOT, app_environment

FLASK = str(Path(sys.executable).parent / "flask")


def _flask(env: dict, *args: str) -> None:
    subprocess.run([FLASK, "--app", "harzquiz", *args], cwd=ROOT, env=env, check=True)


def _reset_postgresql(url: str) -> None:
    import sqlalchemy as sa

    engine = sa.create_engine(url)
    with engine.begin() as connection:
        connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
    engine.dispose()


def _settle_postgresql(url: str) -> None:
    """VACUUM ANALYZE after the bulk load: without it PostgreSQL's autovacuum set the
    visibility map and statistics during the first rows measured (issue 14, third round)."""
    import sqlalchemy as sa

    engine = sa.create_engine(url, isolation_level="AUTOCOMMIT")
    with engine.connect() as connection:
        connection.exec_driver_sql("VACUUM ANALYZE")
    engine.dispose()


def seeded(size: dict, data_dir: Path, database_url: str | None, reseed: bool) -> str:
    """A database URL holding the generated data of `size` (players, guesses, riddles, ...).

    SQLite (the default) keeps one pristine file per size in bench/results/data and runs on
    a fresh copy of it (`*.run.sqlite`), so the guesses and answers one run posts do not slow
    the next; a PostgreSQL URL is emptied and filled anew (a database you can throw away).
    """
    label = "-".join(f"{value}{key[0]}" for key, value in size.items())
    if database_url is None:
        data_dir.mkdir(parents=True, exist_ok=True)
        path = data_dir / f"harzquiz-{label}.sqlite"
        done = path.with_suffix(".done")
        url = f"sqlite:///{path}"
        if done.exists() and not reseed:
            print(f"  reusing {path.name} (--reseed makes it anew)", flush=True)
            _flask(app_environment(url), "db", "upgrade")  # migrations added since
            return _working_copy(path)
        for stale in data_dir.glob(f"{path.name}*"):
            stale.unlink()
        done.unlink(missing_ok=True)
    else:
        url = database_url
        _reset_postgresql(url)
    env = app_environment(url)
    _flask(env, "db", "upgrade")
    _flask(env, "gen-data", *[f"--{key}={value}" for key, value in size.items()])
    if database_url is None:
        done.touch()
        return _working_copy(path)
    _settle_postgresql(url)
    return url


def _working_copy(pristine: Path) -> str:
    """A copy of the generated SQLite file for this run to write into."""
    copy = pristine.with_suffix(".run.sqlite")
    for stale in copy.parent.glob(f"{copy.name}*"):  # with its -wal and -shm files
        stale.unlink()
    shutil.copyfile(pristine, copy)
    return f"sqlite:///{copy}"
