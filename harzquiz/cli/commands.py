"""Commands: `harzquiz-setup` makes a working site; `flask seed-demo` adds demo content;
`flask backup` copies the whole database; `flask purge-guests` applies guest retention."""

from __future__ import annotations

import contextlib
import os
import secrets
import time
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade
from sqlalchemy.engine import make_url

from harzquiz import clock
from harzquiz.cli.datagen import generate
from harzquiz.cli.demo import seed_demo
from harzquiz.cli.notify import register_notify
from harzquiz.models import Role
from harzquiz.services.accounts import create_account

ACCOUNT_PROBLEMS = {
    "nickname": "nickname: 3-24 letters, digits, spaces, dots, hyphens or underscores",
    "email": "email: not a valid address",
    "password": "password: 10 to 200 characters",
    "password-common": "password: one of the 10,000 most common passwords",
    "password-simple": "password: too simple (too few different characters, or a run)",
    "password-personal": "password: contains the email address or the nickname",
    "email-taken": "email: an account with this address exists",
    "nickname-taken": "nickname: already taken",
    "nickname-insult": "nickname: contains a word from the nickname blocklist",
    "nickname-reserved": "nickname: reserved",
    "taken": "email or nickname: taken meanwhile",
}
# instance/config.py and the SQLite database: readable and writable by their owner only.
PRIVATE_FILE_MODE = 0o600


def write_instance_config(instance_path: Path) -> bool:
    """Create instance/config.py with a random SECRET_KEY unless it exists; True if created."""
    instance_path.mkdir(parents=True, exist_ok=True)
    target = instance_path / "config.py"
    if target.exists():
        return False
    # Readable by its owner only, from the first byte on (it holds the key signing sessions).
    descriptor = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE)
    with os.fdopen(descriptor, "w", encoding="utf-8") as file:
        file.write(f'SECRET_KEY = "{secrets.token_hex(32)}"\n')
    return True


def create_private_sqlite_file(database_url: str) -> None:
    """Create a SQLite database file readable by its owner only, if it does not exist yet
    (SQLite gives its -wal and -shm files the same mode)."""
    url = make_url(database_url)
    if url.get_backend_name() != "sqlite" or url.database in (None, "", ":memory:"):
        return
    path = Path(url.database)
    path.parent.mkdir(parents=True, exist_ok=True)
    with contextlib.suppress(FileExistsError):  # an existing database keeps its mode
        os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE_MODE))


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""
    register_notify(app)

    @app.cli.command("create-user")
    @click.option("--email", required=True, help="Login email address.")
    @click.option("--nickname", required=True, help="Name shown on leaderboards.")
    @click.option(
        "--role", type=click.Choice([role.value for role in Role]), default=Role.EDITOR.value
    )
    @click.password_option(help="At least 10 characters; asked for when not given.")
    def create_user_command(email: str, nickname: str, role: str, password: str) -> None:
        """Create an account, e.g. an editor or admin for the editor desk."""
        result = create_account(nickname, email, password, Role(role))
        if isinstance(result, str):
            raise click.ClickException(ACCOUNT_PROBLEMS.get(result, result))
        click.echo(f"Created {role} {result.nickname} <{result.email}>.")

    @app.cli.command("export-content")
    @click.argument("file", type=click.File("w", encoding="utf-8"))
    def export_content_command(file) -> None:
        """Write every riddle (with hints), article, quiz and partner (without its key) to
        FILE as JSON ("-": stdout)."""
        from harzquiz.desk.exchange import dump_content, export_content

        content = export_content()
        file.write(dump_content(content))
        counts = ", ".join(f"{len(items)} {kind}" for kind, items in content.items()
                           if isinstance(items, list))  # fmt: skip
        click.echo(f"Exported {counts}.", err=True)

    @app.cli.command("import-content")
    @click.argument("file", type=click.File("r", encoding="utf-8"))
    def import_content_command(file) -> None:
        """Import content from a JSON FILE: all of it, or nothing with every error."""
        from harzquiz.desk.exchange import import_content, read_content

        data, unreadable = read_content(file.read())
        if unreadable:
            raise click.ClickException(unreadable)
        result = import_content(data)
        if result.problems:
            for problem in result.problems:
                click.echo(problem, err=True)
            raise click.ClickException(f"{len(result.problems)} problems; nothing was imported.")
        counts = ", ".join(f"{n} {kind}" for kind, n in result.counts.items())
        click.echo(f"Imported {counts}; {len(result.changes)} changed.")

    @app.cli.command("seed-demo")
    def seed_demo_command() -> None:
        """Create the demo article, riddles and players (idempotent)."""
        counts = seed_demo(clock.now())
        click.echo(f"Demo content ready: {counts}")

    @app.cli.command("backup")
    @click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(target: Path) -> None:
        """Back up the whole database to TARGET (SQLite backup API, or pg_dump)."""
        from harzquiz.cli.backup import BackupError, backup
        from harzquiz.extensions import db

        try:
            backup(db.engine.url, target)
        except BackupError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Backup written to {target}")

    @app.cli.command("purge-guests")
    @click.option(
        "--inactive-days",
        type=click.IntRange(min=1),
        default=lambda: app.config["GUEST_RETENTION_DAYS"],
        show_default="GUEST_RETENTION_DAYS, 180",
        help="Delete guests with no activity for this many days.",
    )
    @click.option("--dry-run", is_flag=True, help="Only count the guests that would go.")
    def purge_guests_command(inactive_days: int, dry_run: bool) -> None:
        """Delete guests (no email) inactive for N days, with everything they played.

        Inactive: created, and no guess, solve, reveal, hint unlock, quiz round or quiz
        answer, in the last N days (the app's clock). Run it daily (docs/operations.md)."""
        from harzquiz.services.privacy import purge_guests

        count = purge_guests(clock.now(), inactive_days, dry_run=dry_run)
        verb = "Would delete" if dry_run else "Deleted"
        click.echo(f"{verb} {count} guests inactive for {inactive_days} days.")

    @app.cli.command("rebuild-totals")
    def rebuild_totals_command() -> None:
        """Rebuild every player's point totals from the raw solves and quiz answers.

        A repair: the totals are kept in the transaction of every point write, so this only
        matters after SQL by hand or a restore from an old backup (docs/operations.md)."""
        from harzquiz.caching import stamps
        from harzquiz.extensions import db
        from harzquiz.services.totals import expected_totals, rebuild_all, stored_totals

        before = stored_totals() == expected_totals()
        rows = rebuild_all()
        stamps.bump(stamps.POINTS)
        db.session.commit()
        state = "they already agreed" if before else "they had drifted"
        click.echo(f"Rebuilt {rows} point totals from the raw rows ({state}).")

    @app.cli.command("gen-data")
    @click.option("--players", default=100_000, show_default=True)
    @click.option("--guesses", default=1_000_000, show_default=True)
    @click.option("--riddles", default=200, show_default=True)
    @click.option("--articles", default=50, show_default=True)
    @click.option(
        "--quizzes",
        default=3,
        show_default=True,
        help="Live quizzes gen-quiz-<n> on the first generated articles.",
    )
    @click.option(
        "--partners",
        default=1,
        show_default=True,
        help="Enabled partners with embed key gen-partner-key-<n>.",
    )
    @click.option("--seed", default=7, show_default=True, help="Same seed, same data.")
    def gen_data_command(
        players: int,
        guesses: int,
        riddles: int,
        articles: int,
        quizzes: int,
        partners: int,
        seed: int,
    ):
        """Add a synthetic play history of this size (for benchmarks; bulk inserts)."""
        started = time.perf_counter()
        made = generate(
            players,
            guesses,
            riddles,
            articles,
            clock.now(),
            seed=seed,
            quizzes=quizzes,
            partners=partners,
        )
        click.echo(f"Generated in {time.perf_counter() - started:.1f} s: {made}")


def setup_main() -> None:
    """`harzquiz-setup`: instance config with a random key, migrated database, demo content.

    A console script rather than a `flask` command: the app refuses the development
    SECRET_KEY, so the key must exist before the app is created.
    """
    from harzquiz.app import ROOT, create_app

    if write_instance_config(ROOT / "instance"):
        click.echo("Wrote instance/config.py with a random SECRET_KEY.")
    app = create_app()
    create_private_sqlite_file(app.config["SQLALCHEMY_DATABASE_URI"])
    with app.app_context():
        upgrade()
        counts = seed_demo(clock.now())
    click.echo(f"Database migrated; demo content ready: {counts}")
