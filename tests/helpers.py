"""Helpers shared by the test modules: response text, verdicts, stored rows, reader paths."""

from __future__ import annotations

import re

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Guess, HintUnlock, Player, Reveal, Solve
from harzquiz.players.current import new_guest_secret, remember_guest
from tests.clients import Reader
from tests.factories import PASSWORD, make_account

# Headers htmx sends with a fragment request made from the home page.
HTMX = {"HX-Request": "true", "HX-Current-URL": "http://localhost/"}
# The tables a reader's actions write to.
ACTION_MODELS = (Guess, Solve, Player, HintUnlock, Reveal)


def reader_paths(riddle_slug: str, article_slug: str) -> list[str]:
    """Every page a reader can open (GET, status 200), for a live riddle and an article."""
    return [
        "/",
        f"/artikel/{article_slug}",
        f"/raetsel/{riddle_slug}",
        f"/raetsel/{riddle_slug}/loesung",
        "/archiv",
        "/rangliste",
        "/rangliste?zeitraum=gesamt",
        "/spitzname",
        "/impressum",
        "/datenschutz",
        "/anmelden",
        "/registrieren",
        "/profil",
    ]


def play_as(client, player: Player) -> None:
    """Make `client` the browser of this guest (its cookie: the id and the guest's secret)."""
    if player.guest_secret is None:
        player.guest_secret = new_guest_secret()
        db.session.commit()
    with client.session_transaction() as session:
        remember_guest(session, player)


def text_of(response) -> str:
    """The response body as text."""
    return response.get_data(as_text=True)


def is_partial(html: str) -> bool:
    """Whether a body is an htmx fragment rather than a whole page."""
    return "<html" not in html


def assert_retargeted(response, slug: str, what: str) -> None:
    """An htmx answer to a riddle action, sent to that riddle's feedback region."""
    assert response.headers.get("HX-Retarget") == f"#feedback-{slug}", what
    assert response.headers.get("HX-Reswap") == "innerHTML", what
    assert is_partial(text_of(response)), what


def assert_not_retargeted(response, what: str) -> None:
    """An answer that htmx swaps where the request asked (no HX-Retarget, no HX-Reswap)."""
    assert "HX-Retarget" not in response.headers, what
    assert "HX-Reswap" not in response.headers, what


def verdict_of(html: str) -> str:
    """The data-verdict of the (single) feedback element in a response."""
    verdicts = re.findall(r'data-verdict="([a-z]+)"', html)
    assert len(verdicts) == 1, f"expected one feedback element, found {verdicts}"
    return verdicts[0]


def html_lang(html: str) -> str:
    """The page's <html lang> value."""
    match = re.search(r'<html lang="([^"]+)"', html)
    assert match, "page has no <html lang>"
    return match.group(1)


def follow(reader, response):
    """The GET after a post/redirect/get answer (the fragment stays in the browser)."""
    assert response.status_code == 303
    location = response.headers["Location"]
    assert location.startswith("/")
    return reader.client.get(location.split("#", 1)[0])


def row_counts() -> dict[str, int]:
    """How many rows of each player-action table are stored (as committed by the requests)."""
    db.session.rollback()
    return {
        model.__name__: db.session.scalar(sa.select(sa.func.count()).select_from(model))
        for model in ACTION_MODELS
    }


def nicknames() -> list[str]:
    """Every stored nickname (as committed by the requests), sorted."""
    db.session.rollback()
    return sorted(db.session.scalars(sa.select(Player.nickname)))


def rename(reader, nickname: str, **extra):
    """Post the nickname form as the reader (after fetching it for a CSRF token)."""
    reader.open("/spitzname")
    return reader.post("/spitzname", {"nickname": nickname, **extra})


def new_reader(app, path: str) -> Reader:
    """A reader with its own cookies (another player) that has opened `path`."""
    reader = Reader(app.test_client())
    reader.open(path)
    return reader


def log_in(client, email: str, password: str = PASSWORD, **extra):
    """Log in through the login form (fetching it first for a CSRF token)."""
    reader = Reader(client)
    reader.open("/anmelden")
    return reader.post("/anmelden", {"email": email, "password": password, **extra})


def register(client, nickname: str, email: str, password: str = PASSWORD, **extra):
    """Register through the form (fetching it first for a CSRF token)."""
    reader = Reader(client)
    reader.open("/registrieren")
    data = {"nickname": nickname, "email": email, "password": password, "confirm": password}
    return reader.post("/registrieren", {**data, **extra})


def log_in_as(client, role: str = "editor"):
    """A new account with `role`, logged in on `client`; returns the account."""
    account = make_account(role=role)
    response = log_in(client, account.email)
    assert response.status_code == 303, "login failed"
    return account


def assert_error_feedback(response, htmx: bool, status: int, message: str) -> str:
    """A refusal: `status`, the message as error feedback, as a partial (htmx) or whole page."""
    body = text_of(response)
    assert response.status_code == status
    assert is_partial(body) is htmx
    assert verdict_of(body) == "error"
    assert message in body
    return body


def csp_directives(response) -> dict[str, list[str]]:
    """The Content-Security-Policy header as directive -> values."""
    policy = response.headers.get("Content-Security-Policy", "")
    directives = {}
    for part in policy.split(";"):
        words = part.split()
        if words:
            directives[words[0].lower()] = words[1:]
    return directives


def assert_security_headers(
    response, what: str, frame_ancestors: str | None = None, embedded: bool = False
) -> None:
    """CSP without inline script and with frame-ancestors as given (else 'self' or 'none';
    partner embeds: their own list), nosniff, a referrer policy."""
    directives = csp_directives(response)
    assert directives, f"{what}: no Content-Security-Policy"
    if embedded:  # the partner's origins, '*' for the read-only oEmbed widget, or 'none'
        assert directives.get("frame-ancestors"), f"{what}: no frame-ancestors"
    else:  # 'self' everywhere; login and editor pages are never framed ('none')
        allowed = [[frame_ancestors]] if frame_ancestors else [["'self'"], ["'none'"]]
        assert directives.get("frame-ancestors") in allowed, what
    script_src = directives.get("script-src", directives.get("default-src"))
    assert script_src, f"{what}: CSP does not restrict scripts"
    assert "'unsafe-inline'" not in script_src, what
    assert "'unsafe-eval'" not in script_src, what
    assert "*" not in script_src and "data:" not in script_src, what
    assert directives.get("object-src") == ["'none'"], what
    assert response.headers.get("X-Content-Type-Options") == "nosniff", what
    assert response.headers.get("Referrer-Policy"), what
    assert response.headers["Referrer-Policy"] not in ("unsafe-url", "no-referrer-when-downgrade")
