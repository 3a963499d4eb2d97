"""No response reveals a live riddle's solution, explanation or alternatives before it may."""

from __future__ import annotations

import html
import json
from collections.abc import Callable
from datetime import timedelta
from urllib.parse import unquote_plus, urlsplit

import pytest
from flask import current_app

from harzquiz.extensions import db
from harzquiz.models import Player, Riddle
from tests.clients import Reader
from tests.crossword_routes import CROSSWORD_ACTIONS
from tests.factories import MONDAY, NOW, PASSWORD, make_account
from tests.helpers import HTMX
from tests.routes import (
    ALTERNATIVE,
    DRAFT_SECRETS,
    EXPLANATION,
    LIVE_QUESTION,
    SAFE_METHODS,
    SCHEDULED_SECRETS,
    SECRETS,
    SOLUTION,
    World,
    article_id,
    crossword_id,
    make_world,
    riddle_id,
    url_values,
)

# Rules the walk does not request, each with the reason.
EXEMPT_RULES = {"static": "files from static/, no templates and no database"}


@pytest.fixture
def world(app) -> World:
    return make_world()


def session_payloads(response) -> str:
    """The session the response sets, decoded: a signed cookie is readable by its owner."""
    serializer = current_app.session_interface.get_signing_serializer(current_app)
    name = current_app.config["SESSION_COOKIE_NAME"]
    payloads = []
    for header in response.headers.getlist("Set-Cookie"):
        cookie_name, _, rest = header.partition("=")
        value = rest.split(";", 1)[0].strip('"')
        if cookie_name == name and value:
            payloads.append(json.dumps(serializer.loads(value), ensure_ascii=False, default=str))
    return "\n".join(payloads)


def leaks(response, secrets=SECRETS) -> list[str]:
    """Which secrets a response contains (body, headers, session; escaped, encoded or cased)."""
    # Bytes as text, so binary responses (link-preview PNGs) are searched too.
    body = response.get_data().decode("utf-8", errors="replace")
    headers = "\n".join(f"{name}: {value}" for name, value in response.headers.items())
    raw = f"{body}\n{headers}\n{session_payloads(response)}"
    haystack = "\n".join((raw, html.unescape(raw), unquote_plus(raw))).casefold()
    return [secret for secret in secrets if secret.casefold() in haystack]


def assert_no_leak(response, what: str) -> None:
    found = leaks(response)
    assert not found, f"{what} (status {response.status_code}) leaks {found}"


# --- the GET walk --------------------------------------------------------------------------


def extra_paths(world: World) -> list[str]:
    """Error paths: unknown pages, hidden riddles, wrong methods."""
    return [
        "/gibt-es-nicht",
        f"/raetsel/{world.scheduled}/raten",
        f"/raetsel/{world.live}/raten",  # 405
        f"/raetsel/{world.live}/tipps/1",  # 405
        f"/raetsel/{world.live}/tipps/9",
        f"/raetsel/{world.draft}/loesung",
        "/sprache/en",  # 405
        f"/raetsel/{world.live}?next=/raetsel/{world.live}/loesung",
        f"/embed/{world.partner_key}/raetsel/{world.live}?t=gefaelscht",
        f"/embed/{world.partner_key}/raetsel/{world.live}/raten",  # 405
    ]


def walk_get(app, client, world: World) -> set[str]:
    """Request every GET rule (full page and htmx partial); return the endpoints requested."""
    adapter = app.url_map.bind("localhost")
    values = url_values(world)
    requested: set[str] = set()
    unfillable: list[str] = []
    showing_the_riddle = 0
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or rule.endpoint in EXEMPT_RULES:
            continue
        if rule.arguments and rule.endpoint not in values:
            unfillable.append(rule.rule)
            continue
        for item in values.get(rule.endpoint, [{}]):
            path = adapter.build(rule.endpoint, item, method="GET")
            matched, _args = adapter.match(urlsplit(path).path, method="GET", return_rule=True)
            assert matched.endpoint == rule.endpoint, path
            for headers in ({}, HTMX):
                response = client.get(path, headers=headers)
                assert response.status_code < 500, path
                assert_no_leak(response, f"GET {path} {headers or ''}")
                showing_the_riddle += LIVE_QUESTION in response.get_data().decode(errors="replace")
            requested.add(rule.endpoint)
    assert not unfillable, f"the walk cannot fill these GET rules: {unfillable}"
    # Not vacuous: the live riddle was on the home, riddle, article and confirmation pages.
    assert showing_the_riddle >= 10
    for path in extra_paths(world):
        for headers in ({}, HTMX):
            response = client.get(path, headers=headers)
            assert response.status_code < 500, path
            assert_no_leak(response, f"GET {path} {headers or ''}")
    return requested


def get_endpoints(app) -> set[str]:
    return {
        rule.endpoint
        for rule in app.url_map.iter_rules()
        if "GET" in (rule.methods or set()) and rule.endpoint not in EXEMPT_RULES
    }


def play_badly(reader: Reader, world: World) -> None:
    """A player who guessed wrong and close, unlocked both hints and solved another riddle."""
    reader.open(f"/raetsel/{world.live}")
    assert 'data-verdict="wrong"' in reader.guess(world.live, "Boje").get_data(as_text=True)
    for position in (1, 2):
        response = reader.post(f"/raetsel/{world.live}/tipps/{position}", htmx=True)
        assert response.status_code == 200
        assert_no_leak(response, f"hint {position}")
    solved = reader.guess(world.other_live, "Hexentanzplatz")
    assert 'data-verdict="correct"' in solved.get_data(as_text=True)
    # Last, a no-JavaScript close guess: its feedback waits in the session for the next page.
    close = reader.guess(world.live, "Fisch", htmx=False)
    assert close.status_code == 303
    assert "Welcher Fisch genau?" in session_payloads(close)  # the decoder sees the session
    assert_no_leak(close, "no-JS close guess")


def assert_player_state_is_real(client, world: World) -> None:
    """The persona really is mid-game: both hints shown, value reduced, still guessing."""
    page = client.get(f"/raetsel/{world.live}").get_data(as_text=True)
    assert "Er lebt tief im Meer." in page
    assert "Er hat fleischige Flossen." in page
    assert "40 von 100 Punkten" in page  # 100 - 10 (one wrong) - 20 - 30
    assert 'name="guess"' in page


def test_walk_covers_every_rule(app, world):
    """Every rule is either walked, exempt with a reason, or a known action (POST walk)."""
    walked = walk_get(app, app.test_client(), world)
    assert walked == get_endpoints(app)
    for rule in app.url_map.iter_rules():
        methods = (rule.methods or set()) - SAFE_METHODS
        assert methods <= {"POST"}, f"{rule.rule}: unknown methods {methods}"
        if methods:
            assert rule.endpoint in POST_ACTIONS, f"no bad-input POST for {rule.rule}"
    assert set(EXEMPT_RULES) <= {rule.endpoint for rule in app.url_map.iter_rules()}


def test_no_leak_for_a_fresh_guest(app, world):
    client = app.test_client()
    walk_get(app, client, world)


def test_no_leak_for_a_guest_in_english(app, world):
    client = app.test_client()
    reader = Reader(client)
    switched = reader.post("/sprache/en", {"next": "/"})
    assert switched.status_code == 303
    assert '<html lang="en"' in client.get("/").get_data(as_text=True)
    walk_get(app, client, world)


def test_no_leak_for_a_player_with_wrong_guesses_and_both_hints(app, world):
    client = app.test_client()
    play_badly(Reader(client), world)
    walk_get(app, client, world)
    assert_player_state_is_real(client, world)


def test_no_leak_for_that_player_in_english(app, world):
    client = app.test_client()
    reader = Reader(client)
    play_badly(reader, world)
    assert reader.post("/sprache/en", {"next": "/"}).status_code == 303
    walk_get(app, client, world)


def test_no_leak_for_that_player_once_registered(app, world):
    """The account's own pages (profile, password) show its solves, never live answers."""
    client = app.test_client()
    reader = Reader(client)
    play_badly(reader, world)
    registered = reader.post(
        "/registrieren",
        {
            "nickname": "Tiefseetaucher",
            "email": "tief@example.org",
            "password": PASSWORD,
            "confirm": PASSWORD,
        },
    )
    assert registered.status_code == 303
    profile = client.get("/profil").get_data(as_text=True)
    assert "Nebenrätsel" in profile  # the profile really lists the solved riddle
    walk_get(app, client, world)
    assert_player_state_is_real(client, world)


def test_no_leak_once_the_player_has_an_old_reveal_and_solve(app, world):
    """Revealing or solving other riddles opens only those riddles."""
    client = app.test_client()
    reader = Reader(client)
    reader.open("/")
    reveal = reader.post(f"/raetsel/{world.other_live}/loesung", htmx=True)
    assert "Hexentanzplatz" in reveal.get_data(as_text=True)
    assert_no_leak(reveal, "reveal of another riddle")
    walk_get(app, client, world)


# --- the POST walk -------------------------------------------------------------------------

Action = Callable[[Reader, World], list[tuple[str, object]]]


def _both(reader: Reader, path: str, data: dict) -> list[tuple[str, object]]:
    """Post as htmx and as a plain form (following the redirect to the page it lands on)."""
    return [
        (f"POST {path} htmx {data}", reader.post(path, data, htmx=True)),
        (f"POST {path} form {data}", reader.post(path, data, htmx=False)),
        (
            f"POST {path} form+follow {data}",
            reader.post(path, data, htmx=False, follow_redirects=True),
        ),
    ]


def guess_badly(reader: Reader, world: World):
    results = []
    bad = ("Boje", "Fisch", "Fish", "", "   ", "x" * 201, "<b>Boje</b>", "Bo\x00je", "Quaste")
    for text in bad:
        results += _both(reader, f"/raetsel/{world.live}/raten", {"guess": text})
    for slug in (world.scheduled, world.draft, world.closed, "gibt-es-nicht"):
        results += _both(reader, f"/raetsel/{slug}/raten", {"guess": "Boje"})
    results.append(
        (
            "guess without CSRF token",
            reader.client.post(
                f"/raetsel/{world.live}/raten", data={"guess": "Boje"}, headers=HTMX
            ),
        )
    )
    results.append(
        (
            "guess with a forged CSRF token",
            reader.client.post(
                f"/raetsel/{world.live}/raten", data={"guess": "Boje", "csrf_token": "forged"}
            ),
        )
    )
    return results


def unlock_badly(reader: Reader, world: World):
    results = []
    for position in (2, 1, 2, 1, 3, 0):
        results += _both(reader, f"/raetsel/{world.live}/tipps/{position}", {})
    for slug in (world.scheduled, world.draft, world.closed):
        results += _both(reader, f"/raetsel/{slug}/tipps/1", {})
    results.append(
        (
            "hint without CSRF token",
            reader.client.post(f"/raetsel/{world.live}/tipps/1", headers=HTMX),
        )
    )
    return results


def reveal_badly(reader: Reader, world: World):
    results = []
    for slug in (world.scheduled, world.draft, "gibt-es-nicht"):
        results += _both(reader, f"/raetsel/{slug}/loesung", {})
    for headers in ({}, HTMX):
        results.append(
            (
                f"reveal without CSRF token {headers}",
                reader.client.post(f"/raetsel/{world.live}/loesung", headers=headers),
            )
        )
        results.append(
            (
                f"reveal with a forged CSRF token {headers}",
                reader.client.post(
                    f"/raetsel/{world.live}/loesung",
                    data={"csrf_token": "forged"},
                    headers=headers,
                ),
            )
        )
    return results


def switch_language(reader: Reader, world: World):
    results = []
    for lang in ("en", "xx", "de"):
        results += _both(reader, f"/sprache/{lang}", {"next": f"/raetsel/{world.live}"})
    return results


def rename(reader: Reader, world: World):
    results = []
    for name in ("ab", "<script>", "Neuer Name", "x" * 40):
        results += _both(reader, "/spitzname", {"nickname": name, "next": f"/raetsel/{world.live}"})
    return results


def log_in_and_out(reader: Reader, world: World):
    account = make_account()
    results = []
    for email, password in (("nobody@example.org", PASSWORD), (account.email, "falsch")):
        results += _both(
            reader, f"/anmelden?next=/raetsel/{world.live}", {"email": email, "password": password}
        )
    results += _both(reader, "/anmelden", {"email": account.email, "password": PASSWORD})
    results += _both(reader, "/abmelden", {})
    results.append(("logout without CSRF token", reader.client.post("/abmelden")))
    return results


def log_out_everywhere(reader: Reader, world: World):
    """ "Überall abmelden": logged in (a login renews the CSRF token), then as nobody."""
    account = make_account()
    results = _both(reader, "/anmelden", {"email": account.email, "password": PASSWORD})
    reader.open(f"/raetsel/{world.live}")
    results += _both(reader, "/abmelden/ueberall", {})
    results.append(("logout everywhere without CSRF", reader.client.post("/abmelden/ueberall")))
    return results


def play_embed_badly(reader: Reader, world: World):
    """Bad guesses, hints and reveals inside a partner embed (its own session and token)."""
    base = f"/embed/{world.partner_key}"
    embed = Reader(reader.client)
    embed.open(f"{base}/raetsel/{world.live}")
    results = []
    for text in ("Boje", "Fisch", "", "x" * 201, "<b>Boje</b>"):
        results += _both(embed, f"{base}/raetsel/{world.live}/raten", {"guess": text})
    for slug in (world.scheduled, world.draft, world.closed, "gibt-es-nicht"):
        results += _both(embed, f"{base}/raetsel/{slug}/raten", {"guess": "Boje"})
        results += _both(embed, f"{base}/raetsel/{slug}/loesung", {})
    for position in (2, 1, 3):
        results += _both(embed, f"{base}/raetsel/{world.live}/tipps/{position}", {})
    results += _both(embed, f"/embed/unbekannt/raetsel/{world.live}/raten", {"guess": "Boje"})
    results += _both(embed, f"{base}/raetsel/{world.live}/raten?t=gefaelscht", {"guess": "x"})
    results.append(
        (
            "embed guess without CSRF token",
            reader.client.post(f"{base}/raetsel/{world.live}/raten", data={"guess": "Boje"}),
        )
    )
    return results


def claim_points_badly(reader: Reader, world: World):
    """ "Punkte sichern" without a code, with a forged one, for an unknown partner, without
    CSRF: refused (or sent to log in), and nothing moves."""
    base = f"/punkte-sichern/{world.partner_key}"
    results = _both(reader, base, {})
    results.append(("claim page with a forged code", reader.client.get(f"{base}?code=x.y.z")))
    results += _both(reader, base, {})
    results += _both(reader, "/punkte-sichern/unbekannt", {})
    results.append(("claim without CSRF token", reader.client.post(base)))
    return results


def play_crosswords_badly(reader: Reader, world: World):
    """Wrong letters, checks, reveals, Lösungswort guesses and junk on every crossword, on
    the site and in the embed: a check marks, a reveal opens one letter, no answer leaks."""
    slugs = world.crosswords or {}
    results = []
    forms = (
        ("speichern", {"z-0-0": "Q", "z-1-1": "ß", "z-99-99": "A", "z-0-1": "xx" * 9}),
        ("wort-pruefen", {"wort": "1 down", "z-0-5": "S"}),
        ("wort-pruefen", {"wort": "9 across"}),
        ("pruefen", {"z-2-0": "K"}),
        ("aufdecken", {"zelle": "0-5", "ziel": "zelle"}),
        ("aufdecken", {"zelle": "0-0", "ziel": "zelle"}),
        ("aufdecken", {"zelle": "<b>", "wort": ""}),
        ("loesungswort", {"loesungswort": "Stollen"}),
        ("loesungswort", {"loesungswort": "<script>" * 9}),
    )
    for base in ("", f"/embed/{world.partner_key}"):
        player = Reader(reader.client)
        player.open(f"{base}/kreuzwortraetsel/{slugs['live']}")
        for slug in [*slugs.values(), "gibt-es-nicht"]:
            for action, data in forms:
                results += _both(player, f"{base}/kreuzwortraetsel/{slug}/{action}", data)
        results.append(
            (
                f"crossword check without CSRF token {base}",
                reader.client.post(
                    f"{base}/kreuzwortraetsel/{slugs['live']}/pruefen", headers=HTMX
                ),
            )
        )
    return results


def manage_partners_as_guest(reader: Reader, world: World):
    """Partner management is for editors: a guest is sent to log in, nothing changes."""
    results = []
    for path in (
        "/redaktion/partner/neu",
        f"/redaktion/partner/{world.partner_id}",
        f"/redaktion/partner/{world.partner_id}/schluessel",
    ):
        results += _both(reader, path, {"name": "Neu", "origins": "https://a.example"})
    return results


def manage_pictures_as_guest(reader: Reader, world: World):
    """Picture uploads and removals are for editors: a guest is sent to log in."""
    riddle = riddle_id(world.live)
    results = []
    for path in (
        f"/redaktion/raetsel/{riddle}/bilder",
        f"/redaktion/raetsel/{riddle}/bilder/entfernen",
    ):
        results += _both(reader, path, {"ziel": "raetsel", "raetsel-alt": "x"})
    return results


def use_desk_data_as_guest(reader: Reader, world: World):
    """The content file and the insights are for editors: a guest taking a wrong guess
    over (here: the solution itself) or importing is sent to log in, nothing changes."""
    live = riddle_id(world.live)
    version = db.session.get(Riddle, live).version
    results = _both(reader, f"/redaktion/raetsel/{live}/einblicke/uebernehmen", {"text": SOLUTION})
    results += _both(reader, "/redaktion/inhalte/vorschau", {})
    results += _both(reader, "/redaktion/inhalte/schreiben", {"content": "{}", "digest": ""})
    db.session.rollback()
    assert db.session.get(Riddle, live).version == version
    return results


def moderate_as_guest(reader: Reader, world: World):
    """The moderation desk is for editors: guests and readers change nothing there."""
    desk = "/redaktion/moderation"
    results = []
    for path in (
        f"{desk}/spieler/{world.account_id}/umbenennen",
        f"{desk}/spieler/{world.account_id}/verbergen",
        f"{desk}/spieler/{world.account_id}/sperren",
        f"{desk}/markierungen/{world.flag_id}/entziehen",
        f"{desk}/loesungen/{world.solve_id}/entziehen",
        f"{desk}/markierungen/{world.flag_id}/erledigt",
        f"{desk}/meldungen/{world.report_id}/erledigt",
        f"{desk}/aktionen/{world.action_id}/rueckgaengig",
    ):
        results += _both(reader, path, {"nickname": "Neu Name", "reason": SOLUTION})
    db.session.rollback()
    assert db.session.get(Player, world.account_id).nickname == "Weltkonto"
    return results


def report_names(reader: Reader, world: World):
    """Reports about a name: refused (empty, too long, unknown player), then one sent."""
    results = []
    for player_id, reason in (
        (world.account_id, ""),
        (world.account_id, "x" * 600),
        (999999, "Beleidigend"),
        (world.account_id, "Beleidigend"),
    ):
        results += _both(reader, f"/melden/{player_id}", {"reason": reason})
    return results


def register_badly(reader: Reader, world: World):
    """Refused registrations (taken email, bad fields), then one that goes through."""
    taken = make_account()
    results = []
    good = {
        "nickname": "Walkerin",
        "email": "walk@example.org",
        "password": PASSWORD,
        "confirm": PASSWORD,
    }
    for bad in (
        {"email": taken.email.upper()},
        {"nickname": "<script>", "confirm": "anders-und-lang"},
        {"password": "kurz", "confirm": "kurz", "email": "kein-at"},
    ):
        results += _both(reader, f"/registrieren?next=/raetsel/{world.live}", {**good, **bad})
    results += _both(reader, "/registrieren", good)
    return results


def change_password_badly(reader: Reader, world: World):
    """Password changes as whoever the reader is now (a guest is sent to log in)."""
    results = []
    for current, new in (("falsch-geraten", "neues-passwort-1"), (PASSWORD, "kurz")):
        results += _both(reader, "/passwort", {"current": current, "password": new, "confirm": new})
    return results


def delete_badly(reader: Reader, world: World):
    """Deletions that are not confirmed (the box unticked): refused, the player stays."""
    results = []
    for data in (
        {},
        {"confirm": ""},
        {"confirm": "false", "password": "falsch-geraten"},
        {"password": PASSWORD},
    ):
        results += _both(reader, "/profil/loeschen", data)
    return results


def use_account_mail_badly(reader: Reader, world: World):
    """The account mail forms with bad input and forged links, as whoever the reader is."""
    results = []
    for email in ("", "kein-at", "niemand@example.org", SOLUTION):
        results += _both(reader, "/passwort-vergessen", {"email": email})
    for token in ("kaputt", SOLUTION):
        results += _both(
            reader,
            f"/passwort-vergessen/{token}",
            {"password": "neues-passwort-1", "confirm": "neues-passwort-1"},
        )
        results += _both(reader, f"/email-bestaetigen/{token}", {})
        results += _both(reader, f"/email-aendern/{token}", {})
    results += _both(reader, "/email-bestaetigen", {})
    for email, current in (("neu@example.org", "falsch-geraten"), ("kein-at", PASSWORD)):
        results += _both(reader, "/email-aendern", {"email": email, "current": current})
    return results


def choose_notifications_badly(reader: Reader, world: World):
    """The mail opt-in with odd buttons and `next` values, and forged unsubscribe links."""
    results = []
    for data in ({}, {"yes": "1"}, {"no": "1"}, {"yes": SOLUTION}):
        results += _both(reader, f"/benachrichtigungen?next=/raetsel/{world.live}", data)
    results += _both(reader, "/benachrichtigungen?next=//evil.example", {"no": "1"})
    for token in ("kaputt", SOLUTION):
        results += _both(reader, f"/benachrichtigungen/abbestellen/{token}", {})
    return results


def use_the_prize_draw_badly(reader: Reader, world: World):
    """Entering a riddle that is no prize riddle (or hidden), and the prize desk as a reader."""
    results = []
    for slug in (world.live, world.closed, world.draft, "gibt-es-nicht"):
        results += _both(reader, f"/raetsel/{slug}/gewinnspiel", {"consent": "y"})
    desk = f"/redaktion/raetsel/{riddle_id(world.live)}/preisraetsel"
    for path in (desk, f"{desk}/ziehen", f"{desk}/nachziehen/1"):
        results += _both(reader, path, {"prize": SOLUTION, "confirm": "y", "reason": "x" * 5})
    return results


def edit_on_the_desk(reader: Reader, world: World):
    """Guests and readers posting desk forms (with a valid CSRF token) change nothing."""
    live = riddle_id(world.live)
    riddle_form = {
        "title": "x",
        "slug": world.live,
        "question": "?",
        "solution": "y",
        "points": "100",
        "version": "1",
        "test_answer": SOLUTION,
    }
    results = []
    for row_action in ("", "test-answer", "add-hints"):
        data = {**riddle_form, "row_action": row_action}
        results += _both(reader, "/redaktion/raetsel/neu", data)
        results += _both(reader, f"/redaktion/raetsel/{live}", data)
    results += _both(reader, f"/redaktion/raetsel/{live}/beenden", {})
    scheduled, draft = riddle_id(world.scheduled), riddle_id(world.draft)
    results += _both(reader, f"/redaktion/raetsel/{scheduled}/veroeffentlichen", {})
    plan = {"riddle_id": str(draft), "publish_at": "2026-12-01T08:00"}
    results += _both(reader, "/redaktion/raetsel/planen", plan)
    article_form = {"title": "x", "slug": "neu", "body_markdown": "x"}
    results += _both(reader, "/redaktion/artikel/neu", article_form)
    results += _both(reader, f"/redaktion/artikel/{article_id(world.article)}", article_form)
    db.session.rollback()
    assert db.session.get(Riddle, live).closes_at > NOW  # nothing was closed
    assert db.session.get(Riddle, live).version == 1
    assert db.session.get(Riddle, draft).publish_at is None  # nothing was planned
    assert db.session.get(Riddle, scheduled).publish_at > NOW  # nor published
    return results


def answer_quiz_badly(reader: Reader, world: World):
    results = []
    for data in ({"frage": "1", "versuch": "1", "antwort": "999"}, {"frage": "x"}):
        results += _both(reader, f"/quiz/{world.quiz}/antworten", data)
    results += _both(reader, "/quiz/gibt-es-nicht/antworten", {"frage": "1", "versuch": "1"})
    return results


def show_quiz_answers_badly(reader: Reader, world: World):
    """ "Antworten zeigen" with a stale or forged round, on the site and in the embed:
    refused, nothing stored or shown."""
    results = []
    embed = Reader(reader.client)
    embed.open(f"/embed/{world.partner_key}/quiz/{world.quiz}")
    for base, who in (("", reader), (f"/embed/{world.partner_key}", embed)):
        for data in ({"versuch": "7"}, {"versuch": "x"}, {}):
            results += _both(who, f"{base}/quiz/{world.quiz}/antworten-zeigen", data)
        results += _both(who, f"{base}/quiz/gibt-es-nicht/antworten-zeigen", {"versuch": "1"})
    return results


def answer_embedded_quiz_badly(reader: Reader, world: World):
    """Bad quiz answers inside a partner embed: refused there, nothing stored or shown."""
    base = f"/embed/{world.partner_key}/quiz"
    embed = Reader(reader.client)
    embed.open(f"{base}/{world.quiz}")
    results = []
    for data in ({"frage": "1", "versuch": "1", "antwort": "999"}, {"frage": "x"}):
        results += _both(embed, f"{base}/{world.quiz}/antworten", data)
    results += _both(embed, f"{base}/gibt-es-nicht/antworten", {"frage": "1", "versuch": "1"})
    results += _both(embed, f"/embed/unbekannt/quiz/{world.quiz}/antworten", {"frage": "1"})
    results += _both(embed, f"{base}/{world.quiz}/antworten?t=gefaelscht", {"frage": "1"})
    results.append(
        (
            "embed quiz answer without CSRF token",
            reader.client.post(f"{base}/{world.quiz}/antworten", data={"frage": "1"}),
        )
    )
    return results


def use_the_quiz_desk_as_a_guest(reader: Reader, world: World):
    """Every desk action, by a reader without the editor role: refused, nothing shown."""
    desk = f"/redaktion/quizze/{world.quiz_id}"
    question = f"{desk}/fragen/1"
    results = []
    for path in (
        "/redaktion/quizze/neu",
        desk,
        f"{desk}/fragen",
        f"{question}/loeschen",
        f"{question}/antworten",
        f"{question}/antworten/1/hoch",
        question,
        f"{desk}/fragen/neu/text",
    ):
        results += _both(reader, path, {"kind": "text", "prompt": "x", "solution": "y"})
    return results


def use_the_crossword_desk_as_a_guest(reader: Reader, world: World):
    """Every crossword desk action, by a reader without the editor role: refused, no change."""
    crossword = f"/redaktion/kreuzwortraetsel/{crossword_id(world.desk_crossword)}"
    form = {"title": "x", "slug": "x", "points": "100", "entries-0-answer": "Harz"}
    results = []
    for path in ("/redaktion/kreuzwortraetsel/neu", crossword, f"{crossword}/beenden"):
        for row_action in ("", "layout", "test-answer"):
            results += _both(reader, path, {**form, "row_action": row_action})
    return results


POST_ACTIONS: dict[str, Action] = {
    **dict.fromkeys(CROSSWORD_ACTIONS, play_crosswords_badly),
    **dict.fromkeys(
        ("desk.crosswords.new", "desk.crosswords.edit", "desk.crosswords.close"),
        use_the_crossword_desk_as_a_guest,
    ),
    "embed.guess": play_embed_badly,
    "embed.unlock_hint": play_embed_badly,
    "embed.reveal": play_embed_badly,
    "embed.answer": answer_embedded_quiz_badly,
    "claims.redeem": claim_points_badly,
    "desk.partners.create": manage_partners_as_guest,
    "desk.partners.edit": manage_partners_as_guest,
    "desk.partners.regenerate": manage_partners_as_guest,
    "desk.pictures.upload": manage_pictures_as_guest,
    "desk.pictures.remove": manage_pictures_as_guest,
    "desk.exchange.preview": use_desk_data_as_guest,
    "desk.exchange.apply": use_desk_data_as_guest,
    "desk.insights.take_over": use_desk_data_as_guest,
    "quizzes.answer": answer_quiz_badly,
    "quizzes.show_answers": show_quiz_answers_badly,
    "embed.show_answers": show_quiz_answers_badly,
    **dict.fromkeys(
        (
            "desk.quizzes.new",
            "desk.quizzes.edit",
            "desk.quizzes.add_question",
            "desk.quizzes.question_action",
            "desk.quizzes.add_choice",
            "desk.quizzes.choice_action",
            "desk.quizzes.new_question",
            "desk.quizzes.edit_question",
        ),
        use_the_quiz_desk_as_a_guest,
    ),
    "riddles.guess": guess_badly,
    "riddles.unlock_hint": unlock_badly,
    "riddles.reveal": reveal_badly,
    "pages.set_language": switch_language,
    "players.nickname": rename,
    "auth.login": log_in_and_out,
    "auth.logout": log_in_and_out,
    "auth.logout_everywhere": log_out_everywhere,
    "auth.register": register_badly,
    "auth.change_password": change_password_badly,
    "privacy.delete_account": delete_badly,
    **dict.fromkeys(
        (
            "recovery.forgot_password",
            "recovery.reset_password",
            "recovery.confirm_email",
            "recovery.resend_confirmation",
            "recovery.change_email",
            "recovery.confirm_email_change",
        ),
        use_account_mail_badly,
    ),
    "notifications.settings": choose_notifications_badly,
    "notifications.unsubscribe": choose_notifications_badly,
    **dict.fromkeys(
        ("prizes.enter", "desk.prizes.prize", "desk.prizes.draw", "desk.prizes.redraw"),
        use_the_prize_draw_badly,
    ),
    "desk.riddles.new_riddle": edit_on_the_desk,
    "desk.riddles.edit_riddle": edit_on_the_desk,
    "desk.riddles.close_riddle": edit_on_the_desk,
    "desk.flow.plan": edit_on_the_desk,
    "desk.flow.publish_now": edit_on_the_desk,
    "desk.articles.new_article": edit_on_the_desk,
    "desk.articles.edit_article": edit_on_the_desk,
    **dict.fromkeys(
        (
            "desk.moderation.rename",
            "desk.moderation.hide",
            "desk.moderation.ban",
            "desk.moderation.withdraw_flagged",
            "desk.moderation.withdraw_solve",
            "desk.moderation.settle_flag",
            "desk.moderation.settle_report",
            "desk.moderation.undo",
        ),
        moderate_as_guest,
    ),
    "reports.report": report_names,
}


def walk_post(app, reader: Reader, world: World) -> set[str]:
    walked = set()
    for endpoint, action in POST_ACTIONS.items():
        for what, response in action(reader, world):
            assert response.status_code < 500, what
            assert_no_leak(response, what)
            location = response.headers.get("Location", "")
            assert not any(secret.casefold() in location.casefold() for secret in SECRETS)
        walked.add(endpoint)
    post_endpoints = {
        rule.endpoint for rule in app.url_map.iter_rules() if "POST" in (rule.methods or set())
    }
    assert walked == post_endpoints
    return walked


def test_bad_posts_do_not_leak_for_a_guest(app, world):
    reader = Reader(app.test_client())
    reader.open("/")
    walk_post(app, reader, world)
    # The guest is still playing the live riddle afterwards: no solve, no reveal happened.
    page = reader.client.get(f"/raetsel/{world.live}").get_data(as_text=True)
    assert 'name="guess"' in page
    assert_no_leak(reader.client.get(f"/raetsel/{world.live}"), "page after the POST walk")


def test_bad_posts_do_not_leak_for_a_player_with_both_hints(app, world):
    reader = Reader(app.test_client())
    play_badly(reader, world)
    walk_post(app, reader, world)
    walk_get(app, reader.client, world)


# --- positive checks: the detector sees the solution once it may be shown ------------------


def pages_showing_the_riddle(world: World) -> list[str]:
    return ["/", f"/raetsel/{world.live}", f"/artikel/{world.article}"]


def assert_solution_shown(response, what: str) -> None:
    text = response.get_data(as_text=True)
    assert SOLUTION in text, what
    assert EXPLANATION in text, what
    assert set(leaks(response)) >= {SOLUTION, EXPLANATION}, what


@pytest.mark.parametrize("answer", [SOLUTION, ALTERNATIVE, "latimerya"])
def test_solution_shown_after_a_correct_solve(app, world, answer):
    client = app.test_client()
    reader = Reader(client)
    reader.open(f"/artikel/{world.article}")
    solved = reader.guess(world.live, answer)
    assert 'data-verdict="correct"' in solved.get_data(as_text=True)
    assert_solution_shown(solved, "correct guess response")
    for path in pages_showing_the_riddle(world):
        assert_solution_shown(client.get(path), path)
        assert_solution_shown(client.get(path, headers={"HX-Boosted": "true", **HTMX}), path)
    # Another reader still sees nothing.
    walk_get(app, app.test_client(), world)


def test_solution_shown_after_a_correct_solve_without_javascript(app, world):
    client = app.test_client()
    reader = Reader(client)
    reader.open(f"/raetsel/{world.live}")
    landed = reader.guess(world.live, SOLUTION, htmx=False, follow_redirects=True)
    assert landed.status_code == 200
    assert 'data-verdict="correct"' in landed.get_data(as_text=True)
    assert_solution_shown(landed, "page after the no-JS solve")


@pytest.mark.parametrize("htmx", [True, False])
def test_solution_shown_after_reveal(app, world, htmx):
    client = app.test_client()
    reader = Reader(client)
    reader.open(f"/raetsel/{world.live}")
    confirm = client.get(f"/raetsel/{world.live}/loesung")
    assert confirm.status_code == 200
    assert_no_leak(confirm, "confirmation step")
    revealed = reader.post(f"/raetsel/{world.live}/loesung", htmx=htmx, follow_redirects=True)
    assert revealed.status_code == 200
    assert_solution_shown(revealed, "reveal response")
    for path in pages_showing_the_riddle(world):
        assert_solution_shown(client.get(path), path)
    walk_get(app, app.test_client(), world)


def test_solution_shown_after_close(app, world):
    app.config["NOW"] = MONDAY + timedelta(days=7)  # the live riddle's closes_at
    client = app.test_client()
    assert_solution_shown(client.get(f"/raetsel/{world.live}"), "closed riddle page")
    assert_solution_shown(
        client.get(f"/raetsel/{world.live}", headers=HTMX), "closed riddle page (htmx)"
    )
    archive = client.get("/archiv").get_data(as_text=True)
    assert SOLUTION in archive
    # Still never: the riddles that are not public yet.
    for path in ("/", "/archiv", f"/raetsel/{world.live}", f"/artikel/{world.article}"):
        assert not leaks(client.get(path), SCHEDULED_SECRETS + DRAFT_SECRETS), path


def test_solution_hidden_one_moment_before_close(app, world):
    app.config["NOW"] = MONDAY + timedelta(days=7) - timedelta(seconds=1)
    walk_get(app, app.test_client(), world)
