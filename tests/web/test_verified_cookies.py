"""The session cookies whose signature was checked are remembered (web.sessions): what the
memo may never do is accept what the signature check would refuse, or hand one request's
changes to the next."""

from __future__ import annotations

import datetime as dt

from flask import request
from itsdangerous import TimestampSigner

from harzquiz import clock
from harzquiz.web.sessions import _verified_cookies


def signed_cookie(app, contents: dict, age_seconds: int = 0, monkeypatch=None) -> str:
    """A main-site session cookie with `contents`, signed `age_seconds` ago."""
    with app.test_request_context("/"):
        serializer = app.session_interface.get_signing_serializer(app)
        if age_seconds:
            signed_then = int(clock.wall_seconds()) - age_seconds
            monkeypatch.setattr(TimestampSigner, "get_timestamp", lambda self: signed_then)
        try:
            return serializer.dumps(contents)
        finally:
            if age_seconds:
                monkeypatch.undo()


def opened(app, cookie: str) -> dict:
    with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}):
        return dict(app.session_interface.open_session(app, request))


def test_a_checked_cookie_is_remembered_and_opens_the_same(app):
    cookie = signed_cookie(app, {"player_id": 7, "guest_secret": "s3cret"})
    assert opened(app, cookie) == {"player_id": 7, "guest_secret": "s3cret"}
    assert any(key[-1] == cookie for key in _verified_cookies(app))
    assert opened(app, cookie) == {"player_id": 7, "guest_secret": "s3cret"}


def test_a_changed_byte_is_refused_although_the_real_cookie_is_remembered(app):
    cookie = signed_cookie(app, {"player_id": 7, "guest_secret": "s3cret"})
    assert opened(app, cookie)["player_id"] == 7
    # A character inside the signature (the last one also holds base64 padding bits, so
    # changing it may not change the signature's bytes at all).
    inner = cookie[-5]
    forged = cookie[:-5] + ("A" if inner != "A" else "B") + cookie[-4:]
    assert opened(app, forged) == {}
    payload, rest = cookie.split(".", 1)
    assert opened(app, payload[:-1] + ("x" if payload[-1] != "x" else "y") + "." + rest) == {}


def test_a_remembered_cookie_still_expires(app, monkeypatch):
    cookie = signed_cookie(app, {"player_id": 7}, age_seconds=120, monkeypatch=monkeypatch)
    assert opened(app, cookie) == {"player_id": 7}  # remembered now
    app.permanent_session_lifetime = dt.timedelta(seconds=60)
    assert opened(app, cookie) == {}  # older than the lifetime: refused, memo or not


def test_a_remembered_cookie_is_not_one_of_another_key(app):
    cookie = signed_cookie(app, {"player_id": 7})
    assert opened(app, cookie) == {"player_id": 7}
    app.secret_key = "another-secret-key-of-sufficient-length-0123456789"
    assert opened(app, cookie) == {}


def test_what_one_request_changes_is_not_what_the_next_one_opens(app):
    cookie = signed_cookie(app, {"player_id": 7, "guest_secret": "s3cret"})
    with app.test_request_context("/", headers={"Cookie": f"session={cookie}"}):
        session = app.session_interface.open_session(app, request)
        session["player_id"] = 8
        session.pop("guest_secret")
    assert opened(app, cookie) == {"player_id": 7, "guest_secret": "s3cret"}


def test_sessions_holding_lists_are_checked_every_time(app):
    cookie = signed_cookie(app, {"_flashes": [("info", "Gespeichert")]})
    assert opened(app, cookie) == {"_flashes": [("info", "Gespeichert")]}
    assert not any(key[-1] == cookie for key in _verified_cookies(app))
