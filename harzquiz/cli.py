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
