"""`flask notify`: announce new riddles by mail and Telegram (run it every minute);
`flask purge-prize-entries`: the prize draws' retention (run it daily)."""

from __future__ import annotations

import click
from flask import Flask, current_app

from harzquiz import clock
from harzquiz.services import notify


def register_notify(app: Flask) -> None:
    """Attach `flask notify` to the app's CLI."""

    @app.cli.command("notify")
    def notify_command() -> None:
        """Send what is due: announce riddles that went live (mail to accounts that opted in,
        posts to the Telegram channels), and retry earlier failures. Safe to run every
        minute, and twice at once: nothing is sent twice (docs/operations.md)."""
        site = current_app.config.get("SITE_URL", "").rstrip("/")
        if not site:
            raise click.ClickException(
                "SITE_URL is not set: the announcements link to the site, so set "
                "HARZQUIZ_SITE_URL (e.g. https://quiz.example.org)."
            )
        # Links and templates need a request context; it is built from SITE_URL, never from
        # a request's Host header.
        with current_app.test_request_context("/", base_url=site):
            report = notify.run(clock.now())
        click.echo(
            f"Announced {report.announced} riddles; sent {report.sent}, skipped "
            f"{report.skipped}, retrying {report.retrying}, failed {report.failed}."
        )

    @app.cli.command("purge-prize-entries")
    def purge_prize_entries_command() -> None:
        """Forget the personal data of prize-draw entries PRIZE_RETENTION_DAYS after the draw
        (the entry numbers stay: they are published). Run it daily."""
        from harzquiz.services.prize_draw import purge_due

        days = current_app.config["PRIZE_RETENTION_DAYS"]
        count = purge_due(clock.now(), days)
        click.echo(f"Purged the entries of {count} prize draws drawn {days}+ days ago.")
