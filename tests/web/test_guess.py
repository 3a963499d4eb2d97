"""Guessing through the Flask client: verdicts, repeats, points, bad input, visibility, CSRF."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
import sqlalchemy as sa
from sqlalchemy.exc import IntegrityError

from harzquiz.extensions import db
from harzquiz.models import Guess, Player, Solve
from tests.clients import Reader
from tests.factories import NOW, make_closed_riddle, make_player, make_riddle, make_solve
from tests.helpers import (
    assert_error_feedback,
    follow,
    is_partial,
    new_reader,
    row_counts,
    text_of,
    verdict_of,
)

# --- verdicts with htmx --------------------------------------------------------------------


def test_wrong_guess_shows_the_attempt_count(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    first = reader.guess(riddle.slug, "Boje")
    second = reader.guess(riddle.slug, "Gartenstuhl")
    assert first.status_code == second.status_code == 200
    body = text_of(second)
    assert is_partial(body)
    assert verdict_of(body) == "wrong"
    assert "„Gartenstuhl“ ist es nicht." in body
    assert "Versuche bisher: 2" in body
    assert "HX-Trigger" not in second.headers
    assert "HX-Request" in second.headers.get("Vary", "")
    assert db.session.scalars(sa.select(Guess.verdict)).all() == ["wrong", "wrong"]


def test_close_guess_shows_the_nudge_and_costs_nothing(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.guess(riddle.slug, "Grill")
    body = text_of(response)
    assert response.status_code == 200
    assert verdict_of(body) == "close"
    assert "Knapp daneben!" in body
    assert "Welcher Grill genau?" in body
    assert "Versuche bisher: 1" in body
    # A near miss is free: the play area still offers the full value.
    assert "100 von 100" in body


def test_correct_guess_shows_points_and_weekly_rank(app, reader):
    riddle = make_riddle()
    rival = make_player(nickname="Brockenhexe")
    make_solve(rival, make_riddle(slug="vorher"), 100, NOW - timedelta(days=1))
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Boje")
    reader.guess(riddle.slug, "Grill")
    reader.guess(riddle.slug, "Schirm")
    response = reader.guess(riddle.slug, "Kugelgrill")
    body = text_of(response)
    assert response.status_code == 200
    assert verdict_of(body) == "correct"
    assert response.headers["HX-Trigger"] == "leaderboard-changed"
    assert "Du bekommst 80 Punkte." in body  # two wrong guesses, the close one is free
    assert "Platz 2 der Wochenwertung" in body  # behind the rival's 100
    # The play area (out of band) now shows the solution; the success is said once.
    assert 'data-hx-swap-oob="true"' in body
    assert "Gelöst! Du hast 80 Punkte bekommen." not in body
    assert "Die Lösung: Kugelgrill" in body
    assert "1952 aus einer halben Boje gebaut." in body
    player = db.session.scalar(sa.select(Player).where(Player.nickname != "Brockenhexe"))
    solve = db.session.scalar(sa.select(Solve).where(Solve.riddle_id == riddle.id))
    assert (solve.player_id, solve.points, solve.solved_at) == (player.id, 80, NOW)


def test_points_subtract_wrong_guesses_and_hint_costs(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Boje")
    reader.post(f"/raetsel/{riddle.slug}/tipps/1", htmx=True)
    reader.guess(riddle.slug, "Tonne")
    reader.post(f"/raetsel/{riddle.slug}/tipps/2", htmx=True)
    response = reader.guess(riddle.slug, "Kugelgrill")
    assert verdict_of(text_of(response)) == "correct"
    assert "Du bekommst 30 Punkte." in text_of(response)  # 100 - 2 * 10 - 20 - 30
    assert db.session.scalar(sa.select(Solve.points)) == 30


def test_first_solver_ranks_first(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.guess(riddle.slug, "Kugelgrill")
    assert "Du bekommst 100 Punkte." in text_of(response)
    assert "Platz 1 der Wochenwertung" in text_of(response)


@pytest.mark.parametrize("text", ["Weber-Grill", "weber grill", "Weber-Kugelgrill", "KUGEL-GRILL"])
def test_alternatives_and_variants_count_as_correct(app, reader, text):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.guess(riddle.slug, text)
    assert response.status_code == 200
    assert verdict_of(text_of(response)) == "correct"
    assert db.session.scalar(sa.select(Solve.points).where(Solve.riddle_id == riddle.id)) == 100


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_guessing_after_solving_is_refused_and_not_stored(app, reader, htmx):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Kugelgrill")
    before = row_counts()
    response = reader.guess(riddle.slug, "Weber-Grill", htmx=htmx)
    assert_error_feedback(response, htmx, 409, "Du hast dieses Rätsel schon gelöst.")
    assert "HX-Trigger" not in response.headers
    assert row_counts() == before
    assert db.session.scalar(sa.select(Solve.points)) == 100


# --- the same verdicts without JavaScript (post/redirect/get) --------------------------------


@pytest.mark.parametrize(
    ("text", "verdict", "expected"),
    [
        ("Boje", "wrong", "Versuche bisher: 1"),
        ("Grill", "close", "Welcher Grill genau?"),
        ("Weber-Grill", "correct", "Du bekommst 100 Punkte."),
    ],
)
def test_without_javascript_the_feedback_survives_the_redirect(
    app, reader, text, verdict, expected
):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.guess(riddle.slug, text, htmx=False)
    assert response.status_code == 303
    assert response.headers["Location"] == f"/raetsel/{riddle.slug}#riddle-{riddle.slug}"
    assert "HX-Trigger" not in response.headers
    page = follow(reader, response)
    body = text_of(page)
    assert page.status_code == 200
    assert "<html" in body
    assert verdict_of(body) == verdict
    assert expected in body
    # Shown once: a reload does not repeat the feedback.
    assert 'data-verdict="' not in text_of(reader.client.get(f"/raetsel/{riddle.slug}"))


def test_without_javascript_the_htmx_and_page_feedback_agree(app):
    """The same guess gives the same feedback element via htmx and via the redirect."""

    riddle = make_riddle()
    with_htmx, without = Reader(app.test_client()), Reader(app.test_client())
    with_htmx.open(f"/raetsel/{riddle.slug}")
    without.open(f"/raetsel/{riddle.slug}")
    partial = text_of(with_htmx.guess(riddle.slug, "Boje"))
    page = text_of(follow(without, without.guess(riddle.slug, "Boje", htmx=False)))
    pattern = re.compile(r'<div class="feedback feedback--.*?</div>', re.S)
    assert pattern.search(partial).group(0) == pattern.search(page).group(0)


def test_without_javascript_the_redirect_goes_back_to_the_home_page(app, reader):
    riddle = make_riddle()
    reader.open("/")
    response = reader.post(f"/raetsel/{riddle.slug}/raten", {"guess": "Grill", "next": "/"})
    assert response.headers["Location"] == f"/#riddle-{riddle.slug}"
    home = follow(reader, response)
    assert verdict_of(text_of(home)) == "close"
    assert "Welcher Grill genau?" in text_of(home)


def test_without_javascript_a_foreign_next_is_ignored(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.post(
        f"/raetsel/{riddle.slug}/raten", {"guess": "Boje", "next": "//evil.example/"}
    )
    assert response.headers["Location"] == f"/raetsel/{riddle.slug}#riddle-{riddle.slug}"


def test_correct_without_javascript_shows_rank_and_stores_the_solve(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Boje", htmx=False)
    page = follow(reader, reader.guess(riddle.slug, "Kugelgrill", htmx=False))
    body = text_of(page)
    assert verdict_of(body) == "correct"
    assert "Du bekommst 90 Punkte." in body
    assert "Platz 1 der Wochenwertung" in body
    assert "Die Lösung: Kugelgrill" in body
    assert db.session.scalar(sa.select(Solve.points)) == 90


# --- bad input: clear message, right status, nothing stored ---------------------------------

BAD_GUESSES = [
    pytest.param("", "Bitte gib eine Antwort ein.", 422, id="empty"),
    pytest.param("   \t  ", "Bitte gib eine Antwort ein.", 422, id="whitespace"),
    pytest.param(
        "x" * 10_000, "Deine Antwort ist zu lang (höchstens 200 Zeichen).", 422, id="10kB"
    ),
    pytest.param(
        "<script>alert(1)</script>",
        "Bitte keine spitzen Klammern",
        422,
        id="markup",
    ),
    pytest.param(
        "Kugel\x07grill", "Die Antwort enthält unzulässige Steuerzeichen.", 422, id="control"
    ),
    pytest.param("Kugel\x00grill", "Die Antwort enthält unzulässige Steuerzeichen.", 422, id="nul"),
]


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize(("text", "message", "status"), BAD_GUESSES)
def test_bad_input_is_refused_with_a_message(app, reader, htmx, text, message, status):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    before = row_counts()
    response = reader.guess(riddle.slug, text, htmx=htmx)
    body = assert_error_feedback(response, htmx, status, message)
    assert "<script>alert" not in body
    assert "x" * 201 not in body
    assert row_counts() == before
    # The play area stays usable: the guess form is still there.
    assert f'action="/raetsel/{riddle.slug}/raten"' in body


def test_bad_input_after_playing_keeps_the_player_and_counts(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    reader.guess(riddle.slug, "Boje")
    before = row_counts()
    response = reader.guess(riddle.slug, "<b>Kugelgrill</b>")
    assert response.status_code == 422
    assert row_counts() == before
    # The one wrong guess still counts (90 of 100), the refused one does not.
    assert "90 von 100 Punkten" in text_of(response)
    # Markup is never a solve, even around the right answer.
    assert before["Solve"] == 0


def test_the_guess_is_echoed_escaped(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    response = reader.guess(riddle.slug, 'Boje & "Tonne"')
    body = text_of(response)
    assert verdict_of(body) == "wrong"
    assert "Boje &amp; &#34;Tonne&#34;" in body


def test_a_body_over_the_content_limit_is_refused(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    before = row_counts()
    response = reader.guess(riddle.slug, "x" * (70 * 1024))
    assert response.status_code == 413
    assert 'data-verdict="error"' in text_of(response)
    assert row_counts() == before


# --- riddles a reader cannot guess on -------------------------------------------------------


def hidden_riddles():
    return {
        "unknown": "gibt-es-nicht",
        "draft": make_riddle(publish_at=None, closes_at=None).slug,
        "scheduled": make_riddle(
            publish_at=NOW + timedelta(days=5), closes_at=NOW + timedelta(days=12)
        ).slug,
    }


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("kind", ["unknown", "draft", "scheduled"])
def test_riddles_readers_cannot_see_are_404(app, reader, htmx, kind):
    slug = hidden_riddles()[kind]
    reader.open("/")
    assert reader.client.get(f"/raetsel/{slug}").status_code == 404
    before = row_counts()
    response = reader.guess(slug, "Kugelgrill", htmx=htmx)
    body = text_of(response)
    assert response.status_code == 404
    assert is_partial(body) is htmx
    assert 'data-verdict="error"' in body
    assert "Diese Seite gibt es nicht (mehr)." in body
    assert "Kugelgrill" not in body
    assert row_counts() == before


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
def test_guess_on_a_closed_riddle_is_409(app, reader, htmx):
    riddle = make_closed_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    before = row_counts()
    response = reader.guess(riddle.slug, "Brocken", htmx=htmx)
    closed = "Dieses Rätsel ist beendet – raten ist nicht mehr möglich."
    assert_error_feedback(response, htmx, 409, closed)
    assert "HX-Trigger" not in response.headers
    assert row_counts() == before


# --- CSRF ------------------------------------------------------------------------------------


@pytest.mark.parametrize("htmx", [True, False], ids=["htmx", "no-js"])
@pytest.mark.parametrize("token", [None, "wrong-token"], ids=["missing", "wrong"])
def test_guess_without_a_valid_csrf_token_is_400(app, reader, htmx, token):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    before = row_counts()
    data = {"guess": "Kugelgrill"}
    if token is not None:
        data["csrf_token"] = token
    headers = {"HX-Request": "true"} if htmx else {}
    response = reader.client.post(f"/raetsel/{riddle.slug}/raten", data=data, headers=headers)
    body = assert_error_feedback(response, htmx, 400, "Deine Sitzung ist abgelaufen.")
    assert "Die Lösung" not in body
    assert row_counts() == before


# --- a repeated guess is judged again, not stored, and costs nothing -------------------------

REPEATED = "Das hattest du schon versucht – es kostet keine weiteren Punkte."


def guesses() -> list[tuple[str, str]]:
    """Every stored guess as (text, verdict), oldest first."""
    db.session.rollback()
    return [
        tuple(row)
        for row in db.session.execute(sa.select(Guess.text, Guess.verdict).order_by(Guess.id))
    ]


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


# --- what stays in the guess field --------------------------------------------------------


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


# --- points: the floor rounds halves up, the schema refuses nonsense ------------------------


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
