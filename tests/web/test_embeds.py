"""Partner embeds: framing per partner, the embed session (cookie or token), refusals, counts."""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import EmbedDay, Guess
from harzquiz.services.embed_stats import report
from tests.clients import Reader, csrf_token_from
from tests.database import base_config
from tests.factories import NOW, make_partner, make_riddle
from tests.helpers import HTMX, csp_directives, log_in_as, row_counts, text_of

ORIGIN = "https://zeitung.example"


@pytest.fixture
def app_config() -> dict:
    """Three guesses a minute per player, so the embed's rate limit is reachable."""
    return {**base_config(), "GUESS_LIMIT_PER_PLAYER": "3/minute"}


@pytest.fixture
def riddle(app):
    return make_riddle(slug="kugel")


@pytest.fixture
def partner(app):
    return make_partner(origins=[ORIGIN, "http://127.0.0.1:8001"], embed_key="k" * 32)


def embed(partner, path: str = "") -> str:
    return f"/embed/{partner.embed_key}/{path}"


def counts(partner) -> dict[str, int]:
    """Today's counters for the partner (as committed by the requests)."""
    db.session.rollback()
    rows = report(NOW, partner_id=partner.id)
    if not rows:
        return {"views": 0, "guesses": 0, "solves": 0, "reveals": 0}
    (row,) = rows
    return {
        "views": row.views,
        "guesses": row.guesses,
        "solves": row.solves,
        "reveals": row.reveals,
    }


def form_action(body: str, marker: str) -> str:
    """The (unescaped) action of the first form posting to a URL containing `marker`."""
    match = re.search(rf'action="([^"]*{marker}[^"]*)"', body)
    assert match, f"no form posting to {marker}"
    return html.unescape(match.group(1))


# --- framing -------------------------------------------------------------------------------


def test_embed_pages_may_be_framed_by_the_partner_origins_only(client, riddle, partner):
    for path in ("", "raetsel/kugel", "rangliste"):
        response = client.get(embed(partner, path))
        assert response.status_code == 200, path
        assert csp_directives(response)["frame-ancestors"] == [ORIGIN, "http://127.0.0.1:8001"]
        assert "X-Frame-Options" not in response.headers  # it could only say SAMEORIGIN/DENY


def test_every_other_page_keeps_self_and_login_none(client, riddle, partner):
    assert csp_directives(client.get("/"))["frame-ancestors"] == ["'self'"]
    assert client.get("/").headers["X-Frame-Options"] == "SAMEORIGIN"
    assert csp_directives(client.get("/anmelden"))["frame-ancestors"] == ["'none'"]
    assert csp_directives(client.get("/redaktion/partner/"))["frame-ancestors"] == ["'none'"]


@pytest.mark.parametrize(
    ("enabled", "key", "status", "message"),
    [
        (True, "gibt-es-nicht", 404, "Dieses Rätsel-Widget gibt es nicht."),
        (False, None, 403, "Dieses Rätsel-Widget ist derzeit abgeschaltet."),
    ],
)
def test_unknown_or_disabled_partner_gets_a_clear_page_nobody_can_frame(
    client, riddle, enabled, key, status, message
):
    partner = make_partner(enabled=enabled)
    base = f"/embed/{key or partner.embed_key}/"
    for path in ("", "raetsel/kugel", "rangliste", "theme.css"):
        response = client.get(base + path)
        assert response.status_code == status
        assert message in text_of(response)
        assert csp_directives(response)["frame-ancestors"] == ["'none'"]
        assert response.headers["X-Frame-Options"] == "DENY"
    posted = client.post(base + "raetsel/kugel/raten", data={"guess": "Kugelgrill"})
    assert posted.status_code == status
    assert row_counts()["Guess"] == 0
    assert db.session.scalar(sa.select(sa.func.count()).select_from(EmbedDay)) == 0


# --- the embed session ---------------------------------------------------------------------


def test_embed_cookie_is_partitioned_and_the_site_cookie_stays_lax(client, riddle, partner):
    embed_cookie = client.get(embed(partner)).headers["Set-Cookie"]
    assert embed_cookie.startswith("harzquiz_embed=")
    for attribute in ("Secure", "SameSite=None", "Partitioned", "Path=/embed/", "HttpOnly"):
        assert attribute in embed_cookie
    site_cookie = client.get("/").headers["Set-Cookie"]
    assert site_cookie.startswith("session=")
    assert "SameSite=Lax" in site_cookie
    assert "Partitioned" not in site_cookie and "Secure" not in site_cookie


def test_without_cookies_the_signed_token_carries_the_game(app, riddle, partner):
    """Cookies blocked: the token in form actions and redirects keeps player and CSRF."""
    client = app.test_client(use_cookies=False)
    page = text_of(client.get(embed(partner)))
    action = form_action(page, "/raten")
    assert "t=" in action and action.startswith(embed(partner, "raetsel/kugel/raten"))
    token = csrf_token_from(page)
    wrong = client.post(action, data={"guess": "Boje", "csrf_token": token})
    assert wrong.status_code == 303
    location = urlsplit(wrong.headers["Location"])
    assert location.path == embed(partner, "raetsel/kugel")  # the riddle, inside the embed
    assert parse_qs(location.query)["t"]
    landed = text_of(client.get(f"{location.path}?{location.query}"))
    assert 'data-verdict="wrong"' in landed  # the stashed feedback travelled in the token
    right = client.post(
        form_action(landed, "/raten"),
        data={"guess": "Kugelgrill", "csrf_token": csrf_token_from(landed)},
        headers=HTMX,
    )
    assert 'data-verdict="correct"' in text_of(right)
    guesses = db.session.scalars(sa.select(Guess)).all()
    assert len({g.player_id for g in guesses}) == 1 and len(guesses) == 2  # one guest
    assert counts(partner) == {"views": 2, "guesses": 2, "solves": 1, "reveals": 0}


def test_a_tampered_token_is_refused_and_nothing_is_stored_or_counted(app, riddle, partner):
    client = app.test_client(use_cookies=False)
    page = text_of(client.get(embed(partner)))
    action = form_action(page, "/raten")
    forged = re.sub(r"t=[^&]+", lambda m: m.group(0)[:-4] + "AAAA", action)
    before = counts(partner)
    for response in (
        client.post(forged, data={"guess": "Kugelgrill", "csrf_token": csrf_token_from(page)}),
        client.get(embed(partner, "raetsel/kugel?t=erfunden")),
    ):
        assert response.status_code == 400
        assert "Dieser Spiel-Link ist ungültig oder abgelaufen." in text_of(response)
        assert "Set-Cookie" not in response.headers
    assert row_counts() == {"Guess": 0, "Solve": 0, "Player": 0, "HintUnlock": 0, "Reveal": 0}
    assert counts(partner) == before


def test_csrf_still_holds_inside_the_embed(client, riddle, partner):
    site = Reader(client)
    site.open("/")  # a CSRF token of the main site's session is not the embed's
    for data in ({"guess": "Kugelgrill"}, {"guess": "Kugelgrill", "csrf_token": site.token}):
        response = client.post(embed(partner, "raetsel/kugel/raten"), data=data, headers=HTMX)
        assert response.status_code == 400
        assert 'data-verdict="error"' in text_of(response)
    assert row_counts()["Guess"] == 0
    assert counts(partner)["guesses"] == 0


def test_rate_limits_apply_inside_the_embed(client, riddle, partner):
    reader = Reader(client)
    reader.open(embed(partner))
    path = embed(partner, "raetsel/kugel/raten")
    statuses = [
        reader.post(path, {"guess": f"Falsch {n}"}, htmx=True).status_code for n in range(4)
    ]
    assert statuses == [200, 200, 200, 429]
    assert row_counts()["Guess"] == 3
    assert counts(partner)["guesses"] == 3


def test_redirects_stay_inside_the_embed(client, riddle, partner):
    reader = Reader(client)
    reader.open(embed(partner))
    for next_path in ("/raetsel/kugel", "https://evil.example/", "//evil.example/x"):
        response = reader.post(
            embed(partner, "raetsel/kugel/raten"), {"guess": "Boje", "next": next_path}
        )
        assert response.status_code == 303
        assert response.headers["Location"].startswith(embed(partner)), next_path


def test_the_embed_never_plays_as_the_logged_in_account(client, riddle, partner):
    account = log_in_as(client, "reader")
    reader = Reader(client)
    reader.open(embed(partner))
    reader.post(embed(partner, "raetsel/kugel/raten"), {"guess": "Boje"}, htmx=True)
    (guess,) = db.session.scalars(sa.select(Guess)).all()
    assert guess.player_id != account.id  # the embed's own guest


def test_reveals_are_counted_once(client, riddle, partner):
    reader = Reader(client)
    reader.open(embed(partner))
    for _ in range(2):
        response = reader.post(embed(partner, "raetsel/kugel/loesung"), htmx=True)
        assert "Kugelgrill" in text_of(response)
    assert counts(partner) == {"views": 1, "guesses": 0, "solves": 0, "reveals": 1}


def test_htmx_fragments_do_not_count_as_views(client, riddle, partner):
    client.get(embed(partner))
    client.get(embed(partner, "rangliste?zeitraum=gesamt"), headers=HTMX)
    client.get(embed(partner, "raetsel/kugel/loesung"), headers=HTMX)
    assert counts(partner)["views"] == 1


def test_the_embed_uses_the_partner_theme_without_inline_style(client, riddle):
    partner = make_partner(accent="#ffd500", scheme="dark")
    page = text_of(client.get(embed(partner)))
    assert 'class="embed theme-dark"' in page
    assert f'href="/embed/{partner.embed_key}/theme.css"' in page
    assert "style=" not in page
    css = client.get(embed(partner, "theme.css"))
    assert css.mimetype == "text/css"
    # A light accent gets black text on it, a dark one white.
    assert "--accent: #ffd500; --on-accent: #000000;" in text_of(css)
    dark = make_partner(accent="#1a237e")
    assert "--on-accent: #ffffff;" in text_of(client.get(embed(dark, "theme.css")))


def test_the_embed_links_out_to_the_full_site_in_a_new_tab(client, riddle, partner):
    page = text_of(client.get(embed(partner)))
    assert 'href="http://localhost/" target="_blank" rel="noopener"' in page
    assert 'href="http://localhost/raetsel/kugel" target="_blank" rel="noopener"' in page
    assert 'data-hx-push-url="true"' not in page and 'data-hx-push-url="false"' in page


def test_current_embed_follows_whichever_riddle_is_live(client, riddle, partner):
    assert "Rätsel der Woche" in text_of(client.get(embed(partner)))
    newer = make_riddle(slug="neuer", title="Das neue Rätsel", publish_at=NOW)
    assert newer.title in text_of(client.get(embed(partner)))


def test_without_a_live_riddle_the_embed_says_so(client, partner):
    response = client.get(embed(partner))
    assert response.status_code == 200
    assert "Gerade läuft kein Rätsel." in text_of(response)
    assert counts(partner)["views"] == 1


def test_the_stylesheet_and_refusals_are_not_views(app, riddle, partner):
    client = app.test_client(use_cookies=False)  # else the cookie wins over the forged token
    client.get(embed(partner, "theme.css"))
    client.get(embed(partner, "raetsel/gibt-es-nicht"))
    client.get(embed(partner, "raetsel/kugel?t=gefaelscht"))
    assert counts(partner)["views"] == 0


def test_an_unknown_riddle_inside_a_known_embed_is_a_framable_404(client, riddle, partner):
    response = client.get(embed(partner, "raetsel/gibt-es-nicht"))
    assert response.status_code == 404
    assert csp_directives(response)["frame-ancestors"] == [ORIGIN, "http://127.0.0.1:8001"]
    assert 'class="embed"' in text_of(response)  # the embed's own layout, not the site's
