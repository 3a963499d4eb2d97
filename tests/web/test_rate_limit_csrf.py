"""Guess rate limits (per player and per address, behind a proxy or not), the per-address
limit on hints, reveals and nickname changes, and CSRF refusals on every reader action."""

from __future__ import annotations

import pytest

from tests.clients import Reader
from tests.database import base_config
from tests.factories import make_riddle
from tests.helpers import (
    assert_error_feedback,
    is_partial,
    new_reader,
    nicknames,
    row_counts,
    text_of,
    verdict_of,
)

RATE_MESSAGE = "Zu viele Versuche in kurzer Zeit. Bitte warte einen Moment."
CSRF_MESSAGE = "Deine Sitzung ist abgelaufen. Bitte lade die Seite neu und versuche es noch einmal."


def assert_rate_limited(response, htmx: bool) -> str:
    """A 429 with the rate-limit message as error feedback, as a partial or a whole page."""
    return assert_error_feedback(response, htmx, 429, RATE_MESSAGE)


@pytest.fixture
def app_config() -> dict:
    """Three guesses a minute per player; the per-address limit stays out of the way."""
    return {**base_config(), "GUESS_LIMIT_PER_PLAYER": "3/minute"}


# --- per player ----------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_the_fourth_guess_in_a_minute_is_rate_limited(app, reader, htmx):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    for text in ("Boje", "Tonne", "Fass"):
        assert reader.guess(riddle.slug, text, htmx=htmx).status_code == (200 if htmx else 303)
    before = row_counts()
    assert before["Guess"] == 3
    response = reader.guess(riddle.slug, "Kugelgrill", htmx=htmx)
    body = assert_rate_limited(response, htmx)
    assert "HX-Trigger" not in response.headers
    assert "Die Lösung" not in body
    assert row_counts() == before  # the limited guess is not stored, not even as a solve


def test_the_rate_limited_reader_keeps_the_play_area(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    for text in ("Boje", "Tonne", "Fass"):
        reader.guess(riddle.slug, text)
    body = text_of(reader.guess(riddle.slug, "Eimer"))
    assert 'data-hx-swap-oob="true"' in body
    assert f'action="/raetsel/{riddle.slug}/raten"' in body
    assert "70 von 100 Punkten" in body  # the three wrong guesses still count
    assert "70 von 100" in body


def test_hints_and_reveal_are_not_guess_limited(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    for text in ("Boje", "Tonne", "Fass"):
        reader.guess(riddle.slug, text)
    assert reader.guess(riddle.slug, "Eimer").status_code == 429
    assert reader.post(f"/raetsel/{riddle.slug}/tipps/1", htmx=True).status_code == 200
    assert reader.post(f"/raetsel/{riddle.slug}/loesung", htmx=True).status_code == 200
    assert row_counts()["HintUnlock"] == row_counts()["Reveal"] == 1


def test_the_player_limit_does_not_hold_back_other_players(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    for text in ("Boje", "Tonne", "Fass"):
        reader.guess(riddle.slug, text)
    assert reader.guess(riddle.slug, "Eimer").status_code == 429
    other = new_reader(app, f"/raetsel/{riddle.slug}")
    response = other.guess(riddle.slug, "Kugelgrill")
    assert response.status_code == 200
    assert verdict_of(text_of(response)) == "correct"
    assert row_counts()["Solve"] == 1


def test_several_new_guests_from_one_address_each_get_their_own_limit(app):
    """A guest's first guess counts towards that guest, not towards everyone at the address."""
    riddle = make_riddle()
    for n in range(5):
        guest = new_reader(app, f"/raetsel/{riddle.slug}")
        response = guest.guess(riddle.slug, "Boje")
        assert response.status_code == 200, f"guest {n + 1} was limited"
    assert row_counts()["Guess"] == 5


def test_a_replayed_cookie_cannot_start_a_fresh_guess_budget(app, reader):
    """The per-player budget is keyed by what the server holds (the guest's secret in its
    row), not by a value in the cookie a client could drop: replaying the cookie of a guest
    made by a hint (before any guess) does not reset the count."""
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    assert reader.post(f"/raetsel/{riddle.slug}/tipps/1", htmx=True).status_code == 200
    name = app.config["SESSION_COOKIE_NAME"]
    saved = reader.client.get_cookie(name).value
    statuses = []
    for text in ("Boje", "Tonne", "Fass", "Eimer", "Kiste"):
        reader.client.set_cookie(name, saved)
        statuses.append(reader.guess(riddle.slug, text).status_code)
    assert statuses == [200, 200, 200, 429, 429]
    assert row_counts()["Guess"] == 3


def test_rate_limited_guess_on_an_unknown_riddle_is_a_plain_429(app, reader):
    reader.open("/")
    for _ in range(3):
        assert reader.guess("gibt-es-nicht", "Boje").status_code == 404
    response = reader.guess("gibt-es-nicht", "Boje")
    assert response.status_code == 429
    assert 'data-verdict="error"' in text_of(response)
    assert "Zu viele Anfragen" in text_of(response)
    assert row_counts()["Guess"] == 0


# --- per address ---------------------------------------------------------------------------


class TestPerAddressLimit:
    """Three guesses a minute per address, whoever plays; the per-player limit stays high."""

    @pytest.fixture
    def app_config(self) -> dict:
        return {
            **base_config(),
            "GUESS_LIMIT_PER_IP": "3/minute",
            "GUESS_LIMIT_PER_PLAYER": "1000/minute",
        }

    @pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
    def test_two_players_share_the_address_limit(self, app, htmx):
        riddle = make_riddle()
        first = new_reader(app, f"/raetsel/{riddle.slug}")
        second = new_reader(app, f"/raetsel/{riddle.slug}")
        assert first.guess(riddle.slug, "Boje", htmx=htmx).status_code == (200 if htmx else 303)
        assert first.guess(riddle.slug, "Tonne", htmx=htmx).status_code == (200 if htmx else 303)
        assert second.guess(riddle.slug, "Fass", htmx=htmx).status_code == (200 if htmx else 303)
        before = row_counts()
        assert (before["Guess"], before["Player"]) == (3, 2)
        for reader in (second, first):
            assert_rate_limited(reader.guess(riddle.slug, "Kugelgrill", htmx=htmx), htmx)
        assert row_counts() == before

    def test_another_address_is_not_limited(self, app):
        riddle = make_riddle()
        local = new_reader(app, f"/raetsel/{riddle.slug}")
        for text in ("Boje", "Tonne", "Fass"):
            local.guess(riddle.slug, text)
        assert local.guess(riddle.slug, "Eimer").status_code == 429
        remote = Reader(app.test_client())
        remote.open(f"/raetsel/{riddle.slug}")
        response = remote.guess(
            riddle.slug, "Kugelgrill", environ_base={"REMOTE_ADDR": "192.0.2.7"}
        )
        assert response.status_code == 200
        assert verdict_of(text_of(response)) == "correct"


# --- CSRF on every reader action ------------------------------------------------------------

ACTIONS = [
    pytest.param("/raetsel/{slug}/raten", {"guess": "Kugelgrill"}, id="guess"),
    pytest.param("/raetsel/{slug}/tipps/1", {}, id="hint"),
    pytest.param("/raetsel/{slug}/loesung", {}, id="reveal"),
]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("token", [None, "", "wrong-token"], ids=["missing", "empty", "wrong"])
@pytest.mark.parametrize(("path", "data"), ACTIONS)
def test_riddle_actions_need_a_valid_csrf_token(app, reader, path, data, token, htmx):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    before = row_counts()
    form = dict(data) if token is None else {**data, "csrf_token": token}
    headers = {"HX-Request": "true"} if htmx else {}
    response = reader.client.post(path.format(slug=riddle.slug), data=form, headers=headers)
    body = text_of(response)
    assert response.status_code == 400
    assert ("<html" in body) is not htmx
    assert verdict_of(body) == "error"
    assert CSRF_MESSAGE in body
    assert "Die Lösung" not in body
    assert "Er hat einen Deckel." not in body
    assert row_counts() == before


def test_a_token_from_another_session_is_refused(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    other = new_reader(app, f"/raetsel/{riddle.slug}")
    response = reader.client.post(
        f"/raetsel/{riddle.slug}/raten",
        data={"guess": "Kugelgrill", "csrf_token": other.token},
        headers={"HX-Request": "true"},
    )
    assert response.status_code == 400
    assert CSRF_MESSAGE in text_of(response)
    assert row_counts()["Guess"] == 0


def test_the_csrf_header_used_by_htmx_is_accepted(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.client.post(
        f"/raetsel/{riddle.slug}/raten",
        data={"guess": "Boje"},
        headers={"HX-Request": "true", "X-CSRFToken": reader.token},
    )
    assert response.status_code == 200
    assert verdict_of(text_of(response)) == "wrong"
    assert row_counts()["Guess"] == 1


def test_a_valid_post_does_not_unlock_later_posts_without_a_token(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    assert reader.guess(riddle.slug, "Boje").status_code == 200
    response = reader.client.post(
        f"/raetsel/{riddle.slug}/raten", data={"guess": "Tonne"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert row_counts()["Guess"] == 1


def test_csrf_failure_on_an_unknown_riddle_is_a_plain_400(app, reader):
    reader.open("/")
    response = reader.client.post("/raetsel/gibt-es-nicht/raten", data={"guess": "x"})
    assert response.status_code == 400
    assert 'data-verdict="error"' in text_of(response)
    assert "Ungültige Anfrage" in text_of(response)
    assert row_counts()["Guess"] == 0


# --- ProxyFix: the client address behind a trusted proxy -------------------------------------


def guess_from(reader: Reader, slug: str, text: str, address: str):
    """A guess that a proxy forwards for `address`."""
    return reader.guess(slug, text, environ_base={"HTTP_X_FORWARDED_FOR": address})


class TestBehindOneProxy:
    """PROXY_HOPS=1: each forwarded address gets its own guess budget."""

    @pytest.fixture
    def app_config(self) -> dict:
        return {
            **base_config(),
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
    def app_config(self) -> dict:
        return {
            **base_config(),
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


# --- per-address limit on hints, reveals and nickname changes --------------------------------


class TestActionLimit:
    """Two actions a minute per address: the third is refused before it can create a player."""

    @pytest.fixture
    def app_config(self) -> dict:
        return {**base_config(), "ACTION_LIMIT_PER_IP": "2/minute"}

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
