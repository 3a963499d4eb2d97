""" "Punkte sichern": the embed's board and share text say how to get ranked, and an embed
guest's one-time code moves their progress into the account they log into or register."""

from __future__ import annotations

import html
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import ClaimCodeUse, Player, Solve
from harzquiz.services import claims
from tests.clients import Reader
from tests.database import base_config
from tests.factories import NOW, make_account, make_partner, make_riddle
from tests.helpers import log_in, register, row_counts, text_of
from tests.quiz_factories import QUESTIONS, make_quiz
from tests.quiz_helpers import QuizReader

CLAIM_LINK = re.compile(
    r'<a class="button button--secondary" href="([^"]+)" target="_blank" rel="noopener">'
    r"Punkte sichern"
)


@pytest.fixture
def app_config() -> dict:
    return {**base_config(), "BOARD_RANKS": "accounts"}


@pytest.fixture
def partner(app):
    make_riddle(slug="kugel")
    return make_partner(name="Harzer Bote")


def play_in_embed(app, partner) -> tuple[Reader, str]:
    """An embed guest solves the riddle; returns them and the embed board's claim link."""
    reader = Reader(app.test_client())
    base = f"/embed/{partner.embed_key}"
    reader.open(f"{base}/raetsel/kugel")
    assert reader.post(f"{base}/raetsel/kugel/raten", {"guess": "Kugelgrill"}).status_code == 303
    board = text_of(reader.client.get(f"{base}/rangliste"))
    assert "Du wärst auf Platz 1 – registriere dich, um in der Rangliste zu erscheinen." in board
    assert "In der Rangliste stehen Spielerinnen und Spieler mit bestätigtem Konto." in board
    match = CLAIM_LINK.search(board)
    assert match, "no Punkte sichern link on the embed's board"
    link = html.unescape(match.group(1))
    assert link.startswith(f"http://localhost/punkte-sichern/{partner.embed_key}?code=")
    return reader, link.removeprefix("http://localhost")


def embed_guest_solves() -> list[int]:
    db.session.rollback()
    return list(db.session.scalars(sa.select(Solve.player_id)))


def open_claim(client, path: str):
    """Open the claim link in a new tab: the code goes into the session, out of the URL."""
    response = client.get(path)
    assert response.status_code == 303
    assert "code=" not in response.headers["Location"]
    return client.get(response.headers["Location"])


def redeem(client, partner):
    reader = Reader(client)
    reader.open(f"/punkte-sichern/{partner.embed_key}")
    return reader.post(f"/punkte-sichern/{partner.embed_key}")


def test_happy_path_with_login(app, partner):
    _, path = play_in_embed(app, partner)
    account = make_account(nickname="Leserin", email_confirmed_at=NOW)
    site = app.test_client()
    page = text_of(open_claim(site, path))
    assert "Deine Punkte aus dem Rätsel bei Harzer Bote kommen in dein Konto" in page
    assert f'href="/anmelden?next=/punkte-sichern/{partner.embed_key}"' in page
    answer = log_in(site, account.email, next=f"/punkte-sichern/{partner.embed_key}")
    assert answer.headers["Location"] == f"/punkte-sichern/{partner.embed_key}"
    done = redeem(site, partner)
    assert done.status_code == 303 and done.headers["Location"] == "/profil"
    assert embed_guest_solves() == [account.id]
    assert "Leserin" in text_of(app.test_client().get("/rangliste"))
    assert "Harzer Bote sind jetzt in deinem Konto" in text_of(site.get("/profil"))


def test_happy_path_with_registration(app, partner):
    _, path = play_in_embed(app, partner)
    site = app.test_client()
    open_claim(site, path)
    made = register(site, "Neuling", "neu@example.org", next=f"/punkte-sichern/{partner.embed_key}")
    # The one question about mail for new riddles comes first, then the claim page.
    then = f"/benachrichtigungen?next=/punkte-sichern/{partner.embed_key}"
    assert made.headers["Location"] == then
    assert redeem(site, partner).status_code == 303
    db.session.rollback()
    account = db.session.scalar(sa.select(Player).where(Player.email == "neu@example.org"))
    assert embed_guest_solves() == [account.id]
    # the points moved; the account is listed once its address is confirmed
    assert "Neuling" not in text_of(app.test_client().get("/rangliste"))
    account.email_confirmed_at = NOW
    db.session.commit()
    assert "Neuling" in text_of(app.test_client().get("/rangliste"))


def test_a_guest_must_log_in_before_the_points_move(app, partner):
    _, path = play_in_embed(app, partner)
    site = app.test_client()
    open_claim(site, path)
    answer = redeem(site, partner)
    assert answer.status_code == 303 and answer.headers["Location"].startswith("/anmelden")
    assert row_counts()["Solve"] == 1 and embed_guest_solves() != []
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ClaimCodeUse)) == 0


def test_expired_code_changes_nothing(app, partner):
    _, path = play_in_embed(app, partner)
    owner = embed_guest_solves()
    account = make_account()
    site = app.test_client()
    log_in(site, account.email)
    app.config["NOW"] = NOW + timedelta(minutes=31)
    page = open_claim(site, path)
    assert page.status_code == 410
    assert "Dieser Link ist abgelaufen (er gilt 30 Minuten)." in text_of(page)
    assert redeem(site, partner).status_code == 400  # nothing held any more
    assert embed_guest_solves() == owner


def test_reused_code_changes_nothing(app, partner):
    _, path = play_in_embed(app, partner)
    first, second = make_account(), make_account()
    site = app.test_client()
    log_in(site, first.email)
    open_claim(site, path)
    assert redeem(site, partner).status_code == 303
    other = app.test_client()
    log_in(other, second.email)
    page = open_claim(other, path)
    assert page.status_code == 410
    assert "Dieser Link wurde schon eingelöst und gilt nur einmal." in text_of(page)
    assert embed_guest_solves() == [first.id]


def test_a_code_used_between_check_and_redeem_is_refused(app, partner):
    reader, path = play_in_embed(app, partner)
    code = path.split("code=", 1)[1]
    guest_id = embed_guest_solves()[0]
    first, second = make_account(), make_account()
    with app.test_request_context():
        assert not isinstance(claims.redeem(partner, code, first), claims.ClaimProblem)
        assert claims.redeem(partner, code, second) is claims.ClaimProblem.USED
    assert embed_guest_solves() == [first.id] != [guest_id]


def test_forged_code_changes_nothing(app, partner):
    _, path = play_in_embed(app, partner)
    owner = embed_guest_solves()
    site = app.test_client()
    log_in(site, make_account().email)
    forged = path[:-3] + ("AAA" if not path.endswith("AAA") else "BBB")
    page = open_claim(site, forged)
    assert page.status_code == 400
    assert "Dieser Link ist ungültig." in text_of(page)
    assert embed_guest_solves() == owner
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ClaimCodeUse)) == 0


def test_a_code_for_another_partner_changes_nothing(app, partner):
    _, path = play_in_embed(app, partner)
    owner = embed_guest_solves()
    other = make_partner(name="Andere Zeitung")
    site = app.test_client()
    log_in(site, make_account().email)
    page = open_claim(site, path.replace(partner.embed_key, other.embed_key))
    assert page.status_code == 400
    assert "Dieser Link ist ungültig." in text_of(page)
    assert redeem(site, other).status_code == 400
    assert embed_guest_solves() == owner


def test_the_claim_needs_csrf(app, partner):
    _, path = play_in_embed(app, partner)
    owner = embed_guest_solves()
    site = app.test_client()
    log_in(site, make_account().email)
    open_claim(site, path)
    assert site.post(f"/punkte-sichern/{partner.embed_key}").status_code == 400
    assert embed_guest_solves() == owner


def test_the_embed_share_text_says_how_to_get_ranked(app, partner):
    quiz = make_quiz(questions=[QUESTIONS[0]])

    class EmbedQuizReader(QuizReader):
        @property
        def path(self) -> str:
            return f"/embed/{partner.embed_key}/quiz/{self.slug}"

    for reader, listed in (
        (EmbedQuizReader(app.test_client(), quiz), False),
        (QuizReader(app.test_client(), quiz), False),
    ):
        right = next(c for c in reader.current_question().choices if c.correct)
        reader.answer([str(right.id)], htmx=False)
        result = text_of(reader.open())
        share = re.search(
            r'<textarea[^>]*class="quiz-share__text"[^>]*>(.*?)</textarea>', result, re.S
        )
        assert share
        assert (
            "Noch nicht in der Rangliste – mit einem Konto bei HarzQuiz zählen die Punkte."
            in share.group(1)
        ) is not listed


def test_a_listed_players_share_text_is_unchanged(app, partner):
    quiz = make_quiz(questions=[QUESTIONS[0]])
    site = app.test_client()
    log_in(site, make_account(email_confirmed_at=NOW).email)
    reader = QuizReader(site, quiz)
    right = next(c for c in reader.current_question().choices if c.correct)
    reader.answer([str(right.id)], htmx=False)
    result = text_of(reader.open())
    assert "quiz-share__text" in result
    assert "Noch nicht in der Rangliste" not in result


def test_the_claim_page_without_a_code_explains_itself(app, partner):
    page = app.test_client().get(f"/punkte-sichern/{partner.embed_key}")
    assert page.status_code == 200
    assert "Hier gibt es gerade nichts zu sichern." in text_of(page)
    assert app.test_client().get("/punkte-sichern/unbekannt").status_code == 404
