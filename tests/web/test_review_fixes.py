"""Review fixes: repeated guesses, htmx retargeting, error ids, caching, proxies, limits."""

from __future__ import annotations

import re

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from harzquiz.extensions import db
from harzquiz.models import Guess, Player, Solve
from harzquiz.rules.scoring import points_floor
from tests.conftest import Reader, base_config
from tests.factories import make_article, make_closed_riddle, make_player, make_riddle
from tests.helpers import (
    HTMX,
    follow,
    is_partial,
    new_reader,
    nicknames,
    reader_paths,
    rename,
    row_counts,
    text_of,
    verdict_of,
)

REPEATED = "Das hattest du schon versucht – es kostet keine weiteren Punkte."
TAKEN = "Dieser Spitzname ist schon vergeben."
RATE_MESSAGE = "Zu viele Versuche in kurzer Zeit. Bitte warte einen Moment."
ERROR_ID = "Fehlernummer"


def guesses() -> list[tuple[str, str]]:
    """Every stored guess as (text, verdict), oldest first."""
    db.session.rollback()
    return [
        tuple(row)
        for row in db.session.execute(sa.select(Guess.text, Guess.verdict).order_by(Guess.id))
    ]


# --- a repeated guess is judged again, not stored, and costs nothing -------------------------


def test_a_repeated_wrong_guess_is_not_stored_and_costs_nothing(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    first = reader.guess(riddle.slug, "Boje")
    assert first.status_code == 200
    assert REPEATED not in text_of(first)
    for again in ("Boje", "BOJE", "bo-je", "  boje "):
        response = reader.guess(riddle.slug, again)
        body = text_of(response)
        assert response.status_code == 200, again
        assert verdict_of(body) == "wrong", again
        assert REPEATED in body, again
        assert "Versuche bisher: 1" in body, again
        assert "90 von 100" in body, again  # one wrong guess, not two or more
        assert "HX-Trigger" not in response.headers
    assert guesses() == [("Boje", "wrong")]
    # A different wrong guess still costs; then the solve earns what is left.
    assert REPEATED not in text_of(reader.guess(riddle.slug, "Tonne"))
    assert "80 von 100" in text_of(reader.guess(riddle.slug, "Boje"))
    correct = reader.guess(riddle.slug, "Kugelgrill")
    assert verdict_of(text_of(correct)) == "correct"
    assert "Du bekommst 80 Punkte." in text_of(correct)
    assert [verdict for _, verdict in guesses()] == ["wrong", "wrong", "correct"]
    assert db.session.scalar(sa.select(Solve.points)) == 80


def test_a_repeated_close_guess_is_not_stored(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Grill")
    response = reader.guess(riddle.slug, "grill")
    body = text_of(response)
    assert response.status_code == 200
    assert verdict_of(body) == "close"
    assert "Welcher Grill genau?" in body
    assert REPEATED in body
    assert "Versuche bisher: 1" in body
    assert "100 von 100" in body
    assert guesses() == [("Grill", "close")]


def test_a_repeated_guess_without_javascript(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    first = follow(reader, reader.guess(riddle.slug, "Boje", htmx=False))
    assert REPEATED not in text_of(first)
    response = reader.guess(riddle.slug, "boje", htmx=False)
    assert response.status_code == 303
    page = text_of(follow(reader, response))
    assert not is_partial(page)
    assert verdict_of(page) == "wrong"
    assert REPEATED in page
    assert "Versuche bisher: 1" in page
    assert "90 von 100" in page
    assert guesses() == [("Boje", "wrong")]


def test_a_repeat_is_per_player(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Boje")
    other = new_reader(app, f"/raetsel/{riddle.slug}")
    body = text_of(other.guess(riddle.slug, "Boje"))
    assert REPEATED not in body
    assert "90 von 100" in body
    assert len(guesses()) == 2


# --- htmx answers to riddle actions land in the feedback region ------------------------------


def assert_retargeted(response, slug: str, what: str) -> None:
    assert response.headers.get("HX-Retarget") == f"#feedback-{slug}", what
    assert response.headers.get("HX-Reswap") == "innerHTML", what
    assert is_partial(text_of(response)), what


def assert_not_retargeted(response, what: str) -> None:
    assert "HX-Retarget" not in response.headers, what
    assert "HX-Reswap" not in response.headers, what


def test_riddle_actions_under_htmx_are_retargeted(app, reader):
    riddle, other = make_riddle(), make_riddle()
    slug = riddle.slug
    reader.open(f"/raetsel/{slug}")
    responses = {
        "wrong guess": (reader.guess(slug, "Boje"), 200),
        "repeated guess": (reader.guess(slug, "Boje"), 200),
        "empty guess": (reader.guess(slug, ""), 422),
        "hint": (reader.post(f"/raetsel/{slug}/tipps/1", htmx=True), 200),
        "hint out of order": (reader.post(f"/raetsel/{other.slug}/tipps/2", htmx=True), 409),
        "csrf": (
            reader.client.post(f"/raetsel/{slug}/raten", data={"guess": "x"}, headers=HTMX),
            400,
        ),
        "correct guess": (reader.guess(slug, "Kugelgrill"), 200),
        "guess after solving": (reader.guess(slug, "Kugelgrill"), 409),
        "confirm step after solving": (
            reader.client.get(f"/raetsel/{slug}/loesung", headers=HTMX),
            200,
        ),
        "reveal": (reader.post(f"/raetsel/{other.slug}/loesung", htmx=True), 200),
    }
    for what, (response, status) in responses.items():
        assert response.status_code == status, what
        target = other.slug if what in ("reveal", "hint out of order") else slug
        assert_retargeted(response, target, what)


def test_the_confirm_step_while_playing_is_not_retargeted(app, reader):
    """It replaces the reveal link it came from; only finished states go to the feedback."""
    riddle = make_riddle()
    response = reader.client.get(f"/raetsel/{riddle.slug}/loesung", headers=HTMX)
    assert response.status_code == 200
    assert "Willst du die Lösung wirklich sehen?" in text_of(response)
    assert_not_retargeted(response, "confirm step")


def test_riddle_actions_without_htmx_are_not_retargeted(app, reader):
    riddle, other = make_riddle(), make_riddle()
    slug = riddle.slug
    reader.open(f"/raetsel/{slug}")
    responses = {
        "wrong guess": (reader.guess(slug, "Boje", htmx=False), 303),
        "empty guess": (reader.guess(slug, "", htmx=False), 422),
        "hint": (reader.post(f"/raetsel/{slug}/tipps/1"), 303),
        "hint out of order": (reader.post(f"/raetsel/{other.slug}/tipps/2"), 409),
        "confirm step": (reader.client.get(f"/raetsel/{slug}/loesung"), 200),
        "csrf": (reader.client.post(f"/raetsel/{slug}/raten", data={"guess": "x"}), 400),
        "reveal": (reader.post(f"/raetsel/{slug}/loesung"), 303),
        "guess after revealing": (reader.guess(slug, "Kugelgrill", htmx=False), 409),
        "page": (reader.client.get(f"/raetsel/{slug}"), 200),
    }
    for what, (response, status) in responses.items():
        assert response.status_code == status, what
        assert_not_retargeted(response, what)


def test_the_confirm_page_without_javascript_shows_the_form_in_place(app, reader):
    riddle = make_riddle()
    link = f'id="reveal-link-{riddle.slug}"'
    assert link in text_of(reader.client.get(f"/raetsel/{riddle.slug}"))
    body = text_of(reader.client.get(f"/raetsel/{riddle.slug}/loesung"))
    assert not is_partial(body)
    assert "Willst du die Lösung wirklich sehen?" in body
    assert f'action="/raetsel/{riddle.slug}/loesung"' in body
    assert riddle.question in body
    # The form stands where the reveal link would be: the link itself is gone.
    assert link not in body


# --- error pages: htmx alerts, request ids only on 500 ---------------------------------------


def test_an_htmx_request_to_an_unknown_route_gets_an_alert_partial(app, client):
    assert 'id="htmx-alerts"' in text_of(client.get("/"))
    response = client.get("/nope", headers=HTMX)
    body = text_of(response)
    assert response.status_code == 404
    assert is_partial(body)
    assert verdict_of(body) == "error"
    assert "Seite nicht gefunden" in body
    assert response.headers["HX-Retarget"] == "#htmx-alerts"
    assert response.headers["HX-Reswap"] == "innerHTML"


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_not_found_shows_no_error_id(app, client, headers):
    response = client.get("/nope", headers={**headers, "X-Request-ID": "abc123"})
    assert response.status_code == 404
    assert ERROR_ID not in text_of(response)
    assert "abc123" not in text_of(response)
    if not headers:
        assert_not_retargeted(response, "404 page")


@pytest.fixture
def broken_app(app):
    """The test app with a route that fails (added before the app serves its first request)."""

    def broken():
        raise RuntimeError("geheimer Absturz")

    app.add_url_rule("/kaputt", "kaputt", broken)
    return app


def error_id(body: str) -> str:
    match = re.search(r"Fehlernummer: ([^<\s]+)", body)
    assert match, "no error id on the page"
    return match.group(1)


@pytest.mark.parametrize("headers", [{}, HTMX], ids=["page", "htmx"])
def test_a_500_shows_the_given_request_id(broken_app, headers):
    client = broken_app.test_client()
    response = client.get("/kaputt", headers={**headers, "X-Request-ID": "edge-7f3a.B_9"})
    body = text_of(response)
    assert response.status_code == 500
    assert "geheimer Absturz" not in body
    assert error_id(body) == "edge-7f3a.B_9"
    assert is_partial(body) is bool(headers)
    if headers:
        assert response.headers["HX-Retarget"] == "#htmx-alerts"


@pytest.mark.parametrize(
    "given",
    ["<script>", "x" * 65, "a b", "id;rm", ""],
    ids=["markup", "too-long", "space", "semicolon", "empty"],
)
def test_a_500_replaces_an_unusable_request_id(broken_app, given):
    client = broken_app.test_client()
    response = client.get("/kaputt", headers={"X-Request-ID": given})
    body = text_of(response)
    assert response.status_code == 500
    shown = error_id(body)
    assert re.fullmatch(r"[0-9a-f]{16}", shown), shown
    assert "<script>" not in body
    assert ("x" * 65) not in body
    # A fresh id per request.
    assert error_id(text_of(client.get("/kaputt", headers={"X-Request-ID": given}))) != shown


# --- caching and HSTS ------------------------------------------------------------------------


def test_html_responses_are_private(app, reader):
    riddle = make_riddle(slug="kugel")
    make_article(slug="artikel", riddle_id=riddle.id)
    responses = {path: reader.client.get(path) for path in reader_paths("kugel", "artikel")}
    responses["htmx board"] = reader.client.get("/rangliste", headers=HTMX)
    responses["404"] = reader.client.get("/nope")
    reader.open("/")
    responses["htmx guess"] = reader.guess("kugel", "Boje")
    responses["guess error page"] = reader.guess("kugel", "", htmx=False)
    for what, response in responses.items():
        assert response.mimetype == "text/html", what
        cache = response.headers.get("Cache-Control", "")
        assert "private" in cache and "no-cache" in cache, what
        assert "public" not in cache, what


def test_static_files_are_not_marked_private(app, client):
    for path in ("/static/css/site.css", "/static/js/site.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "private" not in response.headers.get("Cache-Control", ""), path
        response.close()


def test_no_hsts_without_secure_cookies(app, client):
    make_riddle()
    for path in ("/", "/nope", "/static/css/site.css"):
        response = client.get(path)
        assert "Strict-Transport-Security" not in response.headers, path
        response.close()


class TestSecureCookies:
    """SESSION_COOKIE_SECURE (the site runs behind HTTPS) turns on HSTS everywhere."""

    @pytest.fixture
    def app_config(self, tmp_path) -> dict:
        return {**base_config(tmp_path), "SESSION_COOKIE_SECURE": True}

    def test_hsts_on_pages_errors_and_static_files(self, app, client):
        make_riddle()
        for path in ("/", "/archiv", "/nope", "/static/css/site.css"):
            response = client.get(path)
            assert response.headers.get("Strict-Transport-Security") == "max-age=31536000", path
            response.close()


# --- ProxyFix: the client address behind a trusted proxy -------------------------------------


def guess_from(reader: Reader, slug: str, text: str, address: str):
    """A guess that a proxy forwards for `address`."""
    return reader.guess(slug, text, environ_base={"HTTP_X_FORWARDED_FOR": address})


class TestBehindOneProxy:
    """PROXY_HOPS=1: each forwarded address gets its own guess budget."""

    @pytest.fixture
    def app_config(self, tmp_path) -> dict:
        return {
            **base_config(tmp_path),
            "PROXY_HOPS": 1,
            "GUESS_LIMIT_PER_IP": "2/minute",
            "GUESS_LIMIT_PER_PLAYER": "1000/minute",
        }

    def test_forwarded_addresses_have_separate_budgets(self, app):
        riddle = make_riddle()
        first = new_reader(app, f"/raetsel/{riddle.slug}")
        second = new_reader(app, f"/raetsel/{riddle.slug}")
        assert guess_from(first, riddle.slug, "Boje", "203.0.113.1").status_code == 200
        assert guess_from(first, riddle.slug, "Tonne", "203.0.113.1").status_code == 200
        limited = guess_from(first, riddle.slug, "Fass", "203.0.113.1")
        assert limited.status_code == 429
        assert RATE_MESSAGE in text_of(limited)
        response = guess_from(second, riddle.slug, "Kugelgrill", "198.51.100.2")
        assert response.status_code == 200
        assert verdict_of(text_of(response)) == "correct"
        assert row_counts()["Guess"] == 3

    def test_only_the_last_hop_is_trusted(self, app):
        """A client cannot pick its address by prepending one: the proxy's entry counts."""
        riddle = make_riddle()
        reader = new_reader(app, f"/raetsel/{riddle.slug}")
        for n, text in enumerate(("Boje", "Tonne")):
            spoofed = f"10.0.0.{n}, 203.0.113.1"
            assert guess_from(reader, riddle.slug, text, spoofed).status_code == 200
        assert guess_from(reader, riddle.slug, "Fass", "10.0.0.9, 203.0.113.1").status_code == 429


class TestWithoutProxy:
    """PROXY_HOPS=0 (the default): X-Forwarded-For is ignored, the socket address counts."""

    @pytest.fixture
    def app_config(self, tmp_path) -> dict:
        return {
            **base_config(tmp_path),
            "GUESS_LIMIT_PER_IP": "2/minute",
            "GUESS_LIMIT_PER_PLAYER": "1000/minute",
        }

    def test_forwarded_addresses_share_one_budget(self, app):
        assert app.config["PROXY_HOPS"] == 0
        riddle = make_riddle()
        first = new_reader(app, f"/raetsel/{riddle.slug}")
        second = new_reader(app, f"/raetsel/{riddle.slug}")
        assert guess_from(first, riddle.slug, "Boje", "203.0.113.1").status_code == 200
        assert guess_from(first, riddle.slug, "Tonne", "203.0.113.1").status_code == 200
        assert guess_from(first, riddle.slug, "Fass", "203.0.113.1").status_code == 429
        response = guess_from(second, riddle.slug, "Kugelgrill", "198.51.100.2")
        assert response.status_code == 429
        assert RATE_MESSAGE in text_of(response)
        assert row_counts()["Solve"] == 0


# --- nicknames compare case-folded -----------------------------------------------------------


@pytest.mark.parametrize(
    ("existing", "wanted"),
    [
        ("Jürgen", "JÜRGEN"),  # SQLite's lower() folds ASCII only: this pair would pass it
        ("Jürgen", "jürgen"),
        ("JÜRGEN", "jürgen"),
        ("Straße", "STRASSE"),  # casefold: ß → ss
        ("Straße", "strasse"),
        ("STRASSE", "Straße"),
    ],
)
def test_nicknames_are_compared_case_folded(app, reader, existing, wanted):
    make_player(nickname=existing)
    response = rename(reader, wanted)
    assert response.status_code == 422
    assert TAKEN in text_of(response)
    assert nicknames() == [existing]


def test_the_database_refuses_a_case_folded_duplicate(app):
    make_player(nickname="Straße")
    db.session.add(Player(nickname="STRASSE"))
    with pytest.raises(IntegrityError):
        db.session.commit()
    db.session.rollback()
    assert nicknames() == ["Straße"]


def test_a_different_name_is_still_free(app, reader):
    make_player(nickname="Jürgen")
    assert rename(reader, "Jürgen2").status_code == 303
    assert nicknames() == ["Jürgen", "Jürgen2"]


# --- points: the floor rounds halves up, the schema refuses nonsense ------------------------


@pytest.mark.parametrize(("base", "floor"), [(15, 2), (25, 3), (5, 1), (100, 10), (14, 1)])
def test_points_floor_rounds_halves_up(base, floor):
    assert points_floor(base) == floor


def test_a_cheap_riddle_pays_its_rounded_floor(app, reader):
    riddle = make_riddle(points=15, hints=[])
    reader.open(f"/raetsel/{riddle.slug}")
    for text in ("Boje", "Tonne", "Fass"):
        reader.guess(riddle.slug, text)
    response = reader.guess(riddle.slug, "Kugelgrill")
    assert "Du bekommst 2 Punkte." in text_of(response)
    assert db.session.scalar(sa.select(Solve.points)) == 2


@pytest.mark.parametrize("points", [0, -10])
def test_a_riddle_needs_positive_points(app, points):
    with pytest.raises(IntegrityError):
        make_riddle(points=points)
    db.session.rollback()


def test_a_hint_cannot_have_a_negative_cost(app):
    with pytest.raises(IntegrityError):
        make_riddle(hints=[("Geschenkt.", -5)])
    db.session.rollback()


def test_free_hints_and_one_point_riddles_are_allowed(app):
    riddle = make_riddle(points=1, hints=[("Gratis.", 0)])
    assert (riddle.points, riddle.hints[0].cost) == (1, 0)


# --- English dates are British ---------------------------------------------------------------


def test_english_dates_are_british(app, reader):
    make_closed_riddle()  # closed Monday 23 November 2026, 06:00 in Berlin
    make_article(slug="artikel")  # published at the same moment
    german = text_of(reader.open("/archiv"))
    assert "23.11.2026" in german
    reader.post("/sprache/en", {"next": "/archiv"})
    archive = text_of(reader.client.get("/archiv"))
    assert "23 Nov 2026" in archive
    assert "Nov 23" not in archive
    assert "11/23/26" not in archive
    assert "23.11.2026" not in archive
    article = text_of(reader.client.get("/artikel/artikel"))
    assert "23 November 2026" in article
    assert "November 23" not in article


# --- per-address limit on hints, reveals and nickname changes --------------------------------


class TestActionLimit:
    """Two actions a minute per address: the third is refused before it can create a player."""

    @pytest.fixture
    def app_config(self, tmp_path) -> dict:
        return {**base_config(tmp_path), "ACTION_LIMIT_PER_IP": "2/minute"}

    @pytest.mark.parametrize("action", ["hint", "reveal"])
    @pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
    def test_the_third_riddle_action_is_refused(self, app, action, htmx):
        riddle, other = make_riddle(), make_riddle()
        path = {"hint": "/raetsel/{slug}/tipps/1", "reveal": "/raetsel/{slug}/loesung"}[action]
        first = new_reader(app, f"/raetsel/{riddle.slug}")
        for slug in (riddle.slug, other.slug):
            ok = first.post(path.format(slug=slug), htmx=htmx)
            assert ok.status_code == (200 if htmx else 303)
        before = row_counts()
        assert before["Player"] == 1
        newcomer = new_reader(app, f"/raetsel/{riddle.slug}")  # no player yet
        response = newcomer.post(path.format(slug=riddle.slug), htmx=htmx)
        body = text_of(response)
        assert response.status_code == 429
        assert is_partial(body) is htmx
        assert verdict_of(body) == "error"
        assert RATE_MESSAGE in body
        assert "Die Lösung" not in body
        assert "Er hat einen Deckel." not in body
        assert row_counts() == before

    def test_looking_is_not_limited(self, app, reader):
        riddle = make_riddle()
        for _ in range(5):
            assert reader.client.get(f"/raetsel/{riddle.slug}/loesung").status_code == 200
            assert reader.client.get("/spitzname").status_code == 200

    def test_guesses_have_their_own_limit(self, app, reader):
        riddle = make_riddle()
        reader.open(f"/raetsel/{riddle.slug}")
        for text in ("Boje", "Tonne", "Fass"):
            assert reader.guess(riddle.slug, text).status_code == 200

    def test_the_third_nickname_change_is_refused(self, app):
        first = new_reader(app, "/spitzname")
        assert first.post("/spitzname", {"nickname": "Erster Name"}).status_code == 303
        assert first.post("/spitzname", {"nickname": "Zweiter Name"}).status_code == 303
        newcomer = new_reader(app, "/spitzname")
        response = newcomer.post("/spitzname", {"nickname": "Dritter Name"})
        body = text_of(response)
        assert response.status_code == 429
        assert verdict_of(body) == "error"
        assert "Zu viele Anfragen" in body
        assert nicknames() == ["Zweiter Name"]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_a_near_miss_stays_in_the_field_a_wrong_guess_does_not(app, reader, htmx):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    field = re.compile(rf'<input type="text" id="guess-{riddle.slug}"[^>]*>')

    close = reader.guess(riddle.slug, "Grill", htmx=htmx)
    close_html = text_of(close if htmx else follow(reader, close))
    assert 'value="Grill"' in field.search(close_html).group(0)

    wrong = reader.guess(riddle.slug, "Boje", htmx=htmx)
    wrong_html = text_of(wrong if htmx else follow(reader, wrong))
    assert "value=" not in field.search(wrong_html).group(0)


def test_confirm_step_in_a_stale_tab_says_why_and_refreshes_the_board(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Kugelgrill")
    response = reader.client.get(
        f"/raetsel/{riddle.slug}/loesung", headers={"HX-Request": "true"}
    )
    assert response.status_code == 200  # a GET: nothing failed, there is just nothing to confirm
    assert verdict_of(text_of(response)) == "error"
    assert "schon gelöst" in text_of(response)
    assert response.headers["HX-Trigger"] == "leaderboard-changed"
    assert "Ja, Lösung anzeigen" not in text_of(response)
