"""Whole-database backups with the database's own tools (consistent while the site runs)."""

from __future__ import annotations

import os
import shutil
import sqlite3
import subprocess
from pathlib import Path

from sqlalchemy.engine import URL


class BackupError(RuntimeError):
    """The backup could not be written (the message says why)."""


def backup_sqlite(url: URL, target: Path) -> None:
    """Copy a live SQLite database with the online backup API (like the CLI's `.backup`)."""
    if not url.database or url.database == ":memory:":
        raise BackupError("An in-memory SQLite database cannot be backed up from outside.")
    source = sqlite3.connect(url.database)
    destination = sqlite3.connect(target)
    try:
        with destination:
            source.backup(destination)
    finally:
        destination.close()
        source.close()


def pg_environment(url: URL) -> dict[str, str]:
    """libpq settings for pg_dump/pg_restore; the password never appears on a command line."""
    env = dict(os.environ)
    for name, value in (
        ("PGHOST", url.host),
        ("PGPORT", url.port),
        ("PGUSER", url.username),
        ("PGPASSWORD", url.password),
        ("PGDATABASE", url.database),
    ):
        if value is not None:
            env[name] = str(value)
    return env


def backup_postgresql(url: URL, target: Path) -> None:
    """`pg_dump --format=custom` of the database (restore with `pg_restore`)."""
    pg_dump = shutil.which("pg_dump")
    if pg_dump is None:
        raise BackupError("pg_dump was not found; install the PostgreSQL client tools.")
    result = subprocess.run(
        [pg_dump, "--format=custom", "--no-owner", f"--file={target}"],
        env=pg_environment(url),
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        raise BackupError(f"pg_dump failed: {result.stderr.strip()}")


def backup(url: URL, target: Path) -> None:
    """Back up the database at `url` into the file `target` (which must not exist)."""
    if target.exists():
        raise BackupError(f"{target} exists; choose a new file name.")
    target.parent.mkdir(parents=True, exist_ok=True)
    if url.get_backend_name() == "sqlite":
        backup_sqlite(url, target)
    elif url.get_backend_name() == "postgresql":
        backup_postgresql(url, target)
    else:
        raise BackupError(f"No backup method for {url.get_backend_name()}.")
