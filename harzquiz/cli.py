"""Commands: `harzquiz-setup` makes a working site; `flask seed-demo` adds demo content;
`flask backup` copies the whole database."""

from __future__ import annotations

import secrets
from pathlib import Path

import click
from flask import Flask
from flask_migrate import upgrade

from . import clock
from .demo import seed_demo
from .game.accounts import create_account
from .models import Role

ACCOUNT_PROBLEMS = {
    "nickname": "nickname: 3-24 letters, digits, spaces, dots, hyphens or underscores",
    "email": "email: not a valid address",
    "password": "password: 10 to 200 characters",
    "email-taken": "email: an account with this address exists",
    "nickname-taken": "nickname: already taken",
    "taken": "email or nickname: taken meanwhile",
}


def write_instance_config(instance_path: Path) -> bool:
    """Create instance/config.py with a random SECRET_KEY unless it exists; True if created."""
    instance_path.mkdir(parents=True, exist_ok=True)
    target = instance_path / "config.py"
    if target.exists():
        return False
    target.write_text(f'SECRET_KEY = "{secrets.token_hex(32)}"\n', encoding="utf-8")
    return True


def register(app: Flask) -> None:
    """Attach the commands to the app's CLI."""

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

    @app.cli.command("seed-demo")
    def seed_demo_command() -> None:
        """Create the demo article, riddles and players (idempotent)."""
        counts = seed_demo(clock.now())
        click.echo(f"Demo content ready: {counts}")

    @app.cli.command("backup")
    @click.argument("target", type=click.Path(dir_okay=False, path_type=Path))
    def backup_command(target: Path) -> None:
        """Back up the whole database to TARGET (SQLite backup API, or pg_dump)."""
        from .backup import BackupError, backup
        from .extensions import db

        try:
            backup(db.engine.url, target)
        except BackupError as error:
            raise click.ClickException(str(error)) from error
        click.echo(f"Backup written to {target}")


def setup_main() -> None:
    """`harzquiz-setup`: instance config with a random key, migrated database, demo content.

    A console script rather than a `flask` command: the app refuses the development
    SECRET_KEY, so the key must exist before the app is created.
    """
    from . import ROOT, create_app

    if write_instance_config(ROOT / "instance"):
        click.echo("Wrote instance/config.py with a random SECRET_KEY.")
    app = create_app()
    with app.app_context():
        upgrade()
        counts = seed_demo(clock.now())
    click.echo(f"Database migrated; demo content ready: {counts}")
