"""Demo seeding is idempotent, migrations build exactly the models' schema, setup keeps keys."""

from __future__ import annotations

import logging
import os
import re
import stat

import pytest
import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from flask_migrate import downgrade, upgrade

import harzquiz.app
from harzquiz import create_app
from harzquiz.cli.commands import setup_main, write_instance_config
from harzquiz.cli.demo import seed_demo
from harzquiz.config import DEV_SECRET_KEY
from harzquiz.extensions import db
from harzquiz.models import Article, Guess, Hint, HintUnlock, Player, Reveal, Riddle, Solve
from harzquiz.rules.lifecycle import Status, riddle_status
from tests.database import TEST_DATABASE_URL, base_config
from tests.factories import NOW

MODELS = (Riddle, Hint, Article, Player, Guess, Solve, Reveal, HintUnlock)


def row_counts() -> dict[str, int]:
    return {
        model.__tablename__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in MODELS
    }


# --- demo content ---------------------------------------------------------------------------


def test_seed_demo_is_idempotent(app):
    first = seed_demo(NOW)
    counts = row_counts()
    second = seed_demo(NOW)
    assert second == first
    assert row_counts() == counts
    assert first == {
        "riddles": counts["riddle"],
        "articles": counts["article"],
        "players": counts["player"],
    }
    assert counts["riddle"] >= 4 and counts["article"] >= 1 and counts["player"] >= 3
    assert counts["solve"] >= 3


def test_seed_demo_content(app):
    seed_demo(NOW)
    article = db.session.scalar(sa.select(Article).where(Article.slug == "einharz-10-jahre"))
    assert article is not None
    assert (article.sources_count, article.social_comments_count, article.forum_posts_count) == (
        19,
        125,
        47,
    )
    assert article.title.startswith("EinHarz: 10 Jahre grenzüberschreitende Kooperation im Harz")
    assert article.published_at <= NOW
    riddle = article.riddle
    assert riddle is not None
    assert riddle.solution == "Kugelgrill"
    assert "Boje" in riddle.question
    assert riddle_status(riddle.publish_at, riddle.closes_at, NOW) is Status.LIVE
    assert any(miss["phrase"] == "Grill" and miss["nudge"] for miss in riddle.near_misses)
    assert len(riddle.hints) == 2
    assert [hint.position for hint in riddle.hints] == [1, 2]
    assert all(hint.cost > 0 and hint.text for hint in riddle.hints)
    assert riddle.explanation and "1952" in riddle.explanation

    riddles = db.session.scalars(sa.select(Riddle)).all()
    closed = [r for r in riddles if riddle_status(r.publish_at, r.closes_at, NOW) is Status.CLOSED]
    assert len(closed) >= 3
    assert all(r.solution and r.explanation for r in closed)
    live = [r for r in riddles if riddle_status(r.publish_at, r.closes_at, NOW) is Status.LIVE]
    assert live == [riddle]

    solvers = db.session.scalars(sa.select(Player).join(Solve, Solve.player_id == Player.id))
    assert len(set(solvers)) >= 3
    assert all(
        solve.points > 0 and solve.solved_at <= NOW
        for solve in db.session.scalars(sa.select(Solve))
    )


def test_seeded_site_renders(app, client):
    seed_demo(NOW)
    home = client.get("/").get_data(as_text=True)
    assert "Boje" in home and 'action="/raetsel/boje-gartenparty/raten"' in home
    article = client.get("/artikel/einharz-10-jahre").get_data(as_text=True)
    for count in ("19", "125", "47"):
        assert f"<dd>{count}</dd>" in article
    archive = client.get("/archiv").get_data(as_text=True)
    assert len(re.findall(r'class="archive__item"', archive)) >= 3
    assert "Kugelgrill" not in archive
    board = client.get("/rangliste?zeitraum=gesamt").get_data(as_text=True)
    assert "Hexe vom Brocken" in board


def test_seed_demo_command_is_idempotent(app, runner):
    result = runner.invoke(args=["seed-demo"])
    assert result.exit_code == 0, result.output
    assert "Demo content ready" in result.output
    counts = row_counts()
    again = runner.invoke(args=["seed-demo"])
    assert again.exit_code == 0, again.output
    assert row_counts() == counts
    assert counts["riddle"] >= 4 and counts["article"] >= 1 and counts["solve"] >= 3
    assert str(counts["riddle"]) in again.output


def test_seed_demo_keeps_what_editors_changed(app):
    seed_demo(NOW)
    riddle = db.session.scalar(sa.select(Riddle).where(Riddle.slug == "boje-gartenparty"))
    riddle.title = "Von der Redaktion geändert"
    db.session.commit()
    seed_demo(NOW)
    db.session.expire_all()
    assert db.session.get(Riddle, riddle.id).title == "Von der Redaktion geändert"


# --- migrations -----------------------------------------------------------------------------


@pytest.fixture
def keep_logging():
    """Alembic's env.py runs logging.fileConfig, which disables every existing logger."""
    root = logging.getLogger()
    saved_root = (root.level, root.handlers[:])
    saved = {
        name: (logger.disabled, logger.level, logger.handlers[:], logger.propagate)
        for name, logger in logging.root.manager.loggerDict.items()
        if isinstance(logger, logging.Logger)
    }
    yield
    root.setLevel(saved_root[0])
    root.handlers[:] = saved_root[1]
    for name, logger in logging.root.manager.loggerDict.items():
        if not isinstance(logger, logging.Logger):
            continue
        if name in saved:
            logger.disabled, level, handlers, logger.propagate = saved[name]
            logger.setLevel(level)
            logger.handlers[:] = handlers
        else:
            logger.disabled = False


SERVER_DATABASE = TEST_DATABASE_URL if not TEST_DATABASE_URL.startswith("sqlite") else ""
# SQLite always; the server database too when this run has one (the PostgreSQL pass).
DATABASES = ["sqlite", *(["server"] if SERVER_DATABASE else [])]


@pytest.fixture(params=DATABASES)
def empty_app(request, tmp_path, keep_logging):
    """An app on an empty database (nothing created yet)."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path / 'migrated.sqlite'}"
    else:
        url = SERVER_DATABASE
    app = create_app({**base_config(), "SQLALCHEMY_DATABASE_URI": url})
    with app.app_context():
        if db.engine.dialect.name == "postgresql":
            with db.engine.begin() as connection:
                connection.execute(sa.text("DROP SCHEMA public CASCADE; CREATE SCHEMA public"))
        assert sa.inspect(db.engine).get_table_names() == []
        yield app
        db.session.remove()
        db.engine.dispose()


def schema_differences() -> list:
    with db.engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={"compare_type": True, "compare_server_default": True},
        )
        return compare_metadata(context, db.metadata)


def test_migrations_build_exactly_the_models_schema(empty_app):
    upgrade()
    tables = set(sa.inspect(db.engine).get_table_names())
    assert {model.__tablename__ for model in MODELS} <= tables
    assert "alembic_version" in tables
    assert schema_differences() == []


def test_migrations_downgrade_and_upgrade_again(empty_app):
    upgrade()
    downgrade(revision="base")
    assert set(sa.inspect(db.engine).get_table_names()) <= {"alembic_version"}
    upgrade()
    assert schema_differences() == []


def test_migrated_database_works_with_the_app(empty_app):
    upgrade()
    counts = seed_demo(NOW)
    assert counts["riddles"] >= 4
    client = empty_app.test_client()
    assert client.get("/").status_code == 200
    assert client.get("/artikel/einharz-10-jahre").status_code == 200


def test_there_is_a_single_migration_head(empty_app):
    from alembic.script import ScriptDirectory

    migrate = empty_app.extensions["migrate"]
    config = migrate.migrate.get_config(migrate.directory)
    assert len(ScriptDirectory.from_config(config).get_heads()) == 1


# --- instance config and setup --------------------------------------------------------------


def test_write_instance_config_writes_a_random_key_once(tmp_path):
    instance = tmp_path / "instance"
    assert write_instance_config(instance) is True
    target = instance / "config.py"
    assert stat.S_IMODE(os.stat(target).st_mode) == 0o600
    first = target.read_text(encoding="utf-8")
    match = re.fullmatch(r'SECRET_KEY = "([0-9a-f]{64})"\n', first)
    assert match, first
    assert match.group(1) != DEV_SECRET_KEY

    assert write_instance_config(instance) is False
    assert target.read_text(encoding="utf-8") == first

    other = tmp_path / "other"
    assert write_instance_config(other) is True
    assert (other / "config.py").read_text(encoding="utf-8") != first


def test_write_instance_config_never_overwrites_an_operators_file(tmp_path):
    instance = tmp_path / "instance"
    instance.mkdir()
    target = instance / "config.py"
    target.write_text('SECRET_KEY = "mine"\nDEBUG = False\n', encoding="utf-8")
    assert write_instance_config(instance) is False
    assert target.read_text(encoding="utf-8") == 'SECRET_KEY = "mine"\nDEBUG = False\n'


def test_written_key_is_loadable(tmp_path):
    instance = tmp_path / "instance"
    write_instance_config(instance)
    namespace: dict = {}
    exec((instance / "config.py").read_text(encoding="utf-8"), namespace)
    assert len(namespace["SECRET_KEY"]) == 64


def test_setup_command_makes_a_working_site_and_keeps_its_key(tmp_path, monkeypatch, keep_logging):
    """`harzquiz-setup`, twice, into a throw-away root: key once, migrated, seeded."""
    for name in ("DATABASE_URL", "SECRET_KEY", "REDIS_URL"):
        monkeypatch.delenv(name, raising=False)
    for name in [n for n in os.environ if n.startswith("HARZQUIZ_")]:
        monkeypatch.delenv(name)
    monkeypatch.setattr(harzquiz.app, "ROOT", tmp_path)
    setup_main()
    config = tmp_path / "instance" / "config.py"
    key = config.read_text(encoding="utf-8")
    database = tmp_path / "instance" / "harzquiz.sqlite"
    assert database.is_file()
    # Neither the key nor the database is readable by other users (audit finding 5).
    assert stat.S_IMODE(os.stat(config).st_mode) == 0o600
    assert stat.S_IMODE(os.stat(database).st_mode) == 0o600
    setup_main()
    assert config.read_text(encoding="utf-8") == key

    app = create_app()
    assert app.config["SECRET_KEY"] != DEV_SECRET_KEY
    assert app.config["SQLALCHEMY_DATABASE_URI"].endswith("harzquiz.sqlite")
    with app.app_context():
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Article)) == 1
        assert db.session.scalar(sa.select(sa.func.count()).select_from(Riddle)) >= 4
        assert schema_differences() == []
        db.session.remove()
        db.engine.dispose()


def test_player_ids_are_never_reused(empty_app):
    """A cookie outliving its player row (a merged guest) must not name the next player."""
    upgrade()
    first, second = Player(nickname="Erster"), Player(nickname="Zweiter")
    db.session.add_all([first, second])
    db.session.commit()
    gone = second.id
    db.session.delete(second)
    db.session.commit()
    after = Player(nickname="Dritter")
    db.session.add(after)
    db.session.commit()
    assert after.id > gone


def test_the_autoincrement_migration_keeps_every_row_that_references_a_player(empty_app):
    """Rebuilding the player table on SQLite must not cascade into guesses and solves."""
    upgrade(revision="d4e8f1a2b3c6")
    with db.engine.begin() as connection:
        connection.execute(
            sa.text(
                "INSERT INTO player (id, nickname, nickname_key, created_at,"
                " role) VALUES (7, 'Alt', 'alt', '2026-01-01', 'reader')"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO riddle (id, slug, title, question, solution, explanation,"
                " alternatives, near_misses, points, publish_at, closes_at, created_at, version)"
                " VALUES (1, 'r',"
                " 'R', 'Q?', 'A', '', '[]', '[]', 100, '2026-01-01', '2026-01-08', '2026-01-01', 1)"
            )
        )
        connection.execute(
            sa.text(
                "INSERT INTO guess (player_id, riddle_id, text, verdict,"
                " created_at) VALUES (7, 1, 'x', 'wrong', '2026-01-02')"
            )
        )
    upgrade()
    with db.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT count(*) FROM guess")).scalar() == 1
        assert connection.execute(sa.text("SELECT id FROM player")).scalar() == 7
        if db.engine.dialect.name == "sqlite":
            assert connection.execute(sa.text("PRAGMA foreign_keys")).scalar() == 1
            sql = connection.execute(
                sa.text("SELECT sql FROM sqlite_master WHERE name = 'player'")
            ).scalar()
            assert "AUTOINCREMENT" in sql
    db.session.add(Player(nickname="Neu"))
    db.session.commit()
    assert db.session.scalar(sa.select(Player.guest_secret).where(Player.id == 7)) is None
