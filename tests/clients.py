"""Test clients: a Flask client that behaves like a real server, and a browser-less reader."""

from __future__ import annotations

import re

from flask import has_app_context
from flask.testing import FlaskClient

from harzquiz.extensions import db


class FreshContextClient(FlaskClient):
    """Runs every request in its own app context, as a real server does.

    The `app` fixture keeps an app context open for factories and assertions; without
    this, every request of a test (and every client) would share its `g`: the cached
    player, the CSRF state, the locale and the database session.
    """

    def open(self, *args, **kwargs):
        with self.application.app_context():
            response = super().open(*args, **kwargs)
        # The app keeps loaded objects after commit (expire_on_commit=False), so the test's
        # own objects would not see what the request changed: read them again when used.
        if has_app_context():
            db.session.expire_all()
        return response


CSRF_PATTERN = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def csrf_token_from(html: str) -> str:
    """The CSRF token embedded in a rendered form."""
    match = CSRF_PATTERN.search(html)
    assert match, "page has no CSRF token"
    return match.group(1)


class Reader:
    """A browser-less reader: fetches a page for its CSRF token, then posts like a form."""

    def __init__(self, client):
        self.client = client
        self.token = None

    def open(self, path: str = "/"):
        response = self.client.get(path)
        self.token = csrf_token_from(response.get_data(as_text=True))
        return response

    def post(self, path: str, data: dict | None = None, htmx: bool = False, **kwargs):
        if self.token is None:
            self.open("/")
        headers = {"HX-Request": "true", "HX-Current-URL": "http://localhost/"} if htmx else {}
        return self.client.post(
            path, data={"csrf_token": self.token, **(data or {})}, headers=headers, **kwargs
        )

    def guess(self, slug: str, text: str, htmx: bool = True, **kwargs):
        return self.post(f"/raetsel/{slug}/raten", {"guess": text}, htmx=htmx, **kwargs)
