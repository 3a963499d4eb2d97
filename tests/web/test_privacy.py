"""Privacy self-service: the data export, account (and guest) deletion, the guest retention
purge, and the Datenschutz page that names it all.

Completeness is checked against the schema itself: every table with a foreign key to
`player.id` in `db.metadata`, so a table added later is covered without editing this file.
"""

from __future__ import annotations

import json
from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Guess, Player, Role, Solve
from harzquiz.services.privacy import DELETED_ACTOR, SECTIONS
from tests.clients import Reader
from tests.factories import NOW, PASSWORD, make_account, make_player, make_riddle, make_solve
from tests.helpers import csp_directives, log_in, text_of
from tests.quiz_factories import make_quiz, right_values, wrong_values
from tests.quiz_helpers import QuizReader
from tests.web.test_guest_merge import board_points

EXPORT = "/profil/daten"
DELETE = "/profil/loeschen"
PERIODS = ("woche", "monat", "gesamt")


def player_links() -> list[tuple[sa.Table, sa.Column]]:
    """Every (table, column) with a foreign key to player.id, read from the schema."""
    player = db.metadata.tables["player"]
    return [
        (table, key.parent)
        for table in db.metadata.sorted_tables
        for key in table.foreign_keys
        if key.column.table is player
    ]


def rows_referencing(player_id: int) -> dict[str, list[dict]]:
    """Every stored row that points at this player, by table (as committed)."""
    db.session.rollback()
    found = {}
    for table, column in player_links():
        rows = db.session.execute(sa.select(table).where(column == player_id)).mappings().all()
        if rows:
            found[table.name] = [dict(row) for row in rows]
    return found


def table_counts() -> dict[str, int]:
    db.session.rollback()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def player_by_email(email: str) -> Player | None:
    db.session.rollback()
    return db.session.scalar(sa.select(Player).where(Player.email == email))


def play_a_full_history_as_guest(client) -> int:
    """A guest who guesses, unlocks a hint, solves, reveals and plays a quiz round."""
    solved, revealed = make_riddle(), make_riddle()
    reader = Reader(client)
    assert 'data-verdict="wrong"' in text_of(reader.guess(solved.slug, "Sonnenschirm"))
    assert reader.post(f"/raetsel/{solved.slug}/tipps/1", htmx=True).status_code == 200
    assert 'data-verdict="correct"' in text_of(reader.guess(solved.slug, "Kugelgrill"))
    assert reader.post(f"/raetsel/{revealed.slug}/loesung", htmx=True).status_code == 200
    quiz = QuizReader(client, make_quiz())
    for right in (True, False):
        question = quiz.current_question()
        quiz.answer(right_values(question) if right else wrong_values(question))
    with client.session_transaction() as session:
        return session["player_id"]


@pytest.fixture
def merged(app, client):
    """An editor account with its own solve and audit entry, into which a guest with a
    history of every kind was merged by logging in; plus a stranger's rows beside them."""
    account = make_account(role=Role.EDITOR, nickname="Datenfreund")
    make_solve(account, make_riddle(), 70, NOW - timedelta(days=2))
    db.session.add(
        AuditEntry(
            actor_id=account.id,
            actor_name=account.nickname,
            action="changed",
            target_type="riddle",
            target_id=1,
            target_label="Ein Rätsel",
            detail="",
        )
    )
    stranger = make_player(nickname="Fremder")
    make_solve(stranger, make_riddle(), 50, NOW - timedelta(days=1))
    db.session.commit()
    guest_id = play_a_full_history_as_guest(client)
    assert log_in(client, account.email).status_code == 303
    assert db.session.get(Player, guest_id) is None  # the guest really was merged
    return account.id, account.email, stranger.id


# --- the export ------------------------------------------------------------------------------


def test_the_export_of_a_merged_player_holds_every_row_of_theirs(app, client, merged):
    account_id, email, stranger_id = merged
    response = client.get(EXPORT)
    assert response.status_code == 200
    assert response.mimetype == "application/json"
    assert response.headers["Content-Disposition"].startswith('attachment; filename="')
    assert "no-store" in response.headers["Cache-Control"]
    assert csp_directives(response)["frame-ancestors"] == ["'none'"]
    document = json.loads(text_of(response))

    stored = rows_referencing(account_id)
    # Every kind of row exists (the comparison below is not vacuous), guest ones included.
    assert {
        "guess",
        "solve",
        "reveal",
        "hint_unlock",
        "quiz_attempt",
        "quiz_answer",
        "audit_entry",
    } <= set(stored)
    assert len(stored["solve"]) == 2  # the account's own and the merged guest's
    for table, column in player_links():
        section = document[SECTIONS.get(table.name, table.name)]
        key = [c.name for c in table.primary_key.columns]  # "id", or (period, player_id)
        expected = sorted(tuple(row[k] for k in key) for row in stored.get(table.name, []))
        assert sorted(tuple(row[k] for k in key) for row in section) == expected, table.name
        assert all(row[column.name] == account_id for row in section), table.name
    assert document["account"]["email"] == email
    assert document["account"]["nickname"] == "Datenfreund"
    assert document["account"]["role"] == "editor"
    assert document["account"]["created_at"].endswith("Z")
    assert document["guesses"][0]["created_at"].endswith("Z")
    assert {"riddle_slug", "riddle_title"} <= set(document["solves"][0])
    for empty in ("consents", "embed_activity", "notification_settings"):
        assert not document[empty] and document["notes"][empty], empty
    assert "per partner and day" in document["notes"]["embed_activity"]
    # Credentials are not in the file, nor anything of the stranger.
    account = db.session.get(Player, account_id)
    body = text_of(response)
    assert account.password_hash not in body and account.login_id not in body
    assert "Fremder" not in body


def test_a_guest_downloads_their_own_data(app, client):
    guest_id = play_a_full_history_as_guest(client)
    document = json.loads(text_of(client.get(EXPORT)))
    assert document["account"]["id"] == guest_id
    assert document["account"]["email"] is None and document["account"]["is_account"] is False
    assert len(document["guesses"]) == 2 and len(document["quiz_answers"]) == 2


def test_nobody_has_nothing_to_download(app, client):
    response = client.get(EXPORT)
    assert response.status_code == 302
    assert response.headers["Location"].endswith("/profil")
    assert "nichts gespeichert" in text_of(client.get("/profil"))


# --- deletion ----------------------------------------------------------------------------


def delete(client, password: str | None = PASSWORD, confirm: bool = True):
    reader = Reader(client)
    page = reader.open(DELETE)
    assert page.status_code == 200
    data = {}
    if password is not None:
        data["password"] = password
    if confirm:
        data["confirm"] = "y"
    return reader.post(DELETE, data)


def text_columns_containing(value: str) -> list[str]:
    """table.column of every stored text that contains `value` (case-insensitive)."""
    db.session.rollback()
    found = []
    for table in db.metadata.sorted_tables:
        for column in table.columns:
            if isinstance(column.type, sa.String):
                query = (
                    sa.select(sa.func.count())
                    .select_from(table)
                    .where(sa.func.lower(column).contains(value.lower()))
                )
                if db.session.scalar(query):
                    found.append(f"{table.name}.{column.name}")
    return found


def test_deleting_the_account_leaves_no_row_that_references_it(app, client, merged):
    account_id, email, stranger_id = merged
    stranger_rows = rows_referencing(stranger_id)
    response = delete(client)
    assert response.status_code == 303
    assert db.session.get(Player, account_id) is None
    assert rows_referencing(account_id) == {}
    assert text_columns_containing(email) == []
    assert text_columns_containing("Datenfreund") == []
    assert rows_referencing(stranger_id) == stranger_rows  # nobody else lost anything
    # The audit entry they wrote stays, without them; one entry says an account went.
    entries = db.session.scalars(sa.select(AuditEntry).order_by(AuditEntry.id)).all()
    assert [(e.action, e.actor_id, e.actor_name) for e in entries] == [
        ("changed", None, DELETED_ACTOR),
        ("deleted", None, DELETED_ACTOR),
    ]
    assert (
        entries[1].target_type,
        entries[1].target_id,
        entries[1].target_label,
        entries[1].detail,
    ) == ("account", None, "", "")
    # The session is logged out: the profile invites to register, the export has nothing.
    assert "Registrieren" in text_of(client.get("/profil"))
    assert client.get(EXPORT).status_code == 302


def test_a_wrong_password_deletes_nothing(app, client, merged):
    before = table_counts()
    response = delete(client, password="falsch-falsch-falsch")
    assert response.status_code == 422
    assert "Das Passwort stimmt nicht." in text_of(response)
    assert table_counts() == before
    assert player_by_email(merged[1]) is not None


def test_an_unticked_confirmation_deletes_nothing(app, client, merged):
    before = table_counts()
    assert delete(client, confirm=False).status_code == 422
    assert table_counts() == before


def test_the_last_admin_cannot_delete_themselves(app, client):
    admin = make_account(role=Role.ADMIN)
    make_account(role=Role.EDITOR)  # an editor is no admin
    email = admin.email
    assert log_in(client, email).status_code == 303
    page = client.get(DELETE)
    assert "letzte Person mit Admin-Rechten" in text_of(page)
    before = table_counts()
    response = Reader(client).post(DELETE, {"password": PASSWORD, "confirm": "y"})
    assert response.status_code == 409
    assert "letzte Person mit Admin-Rechten" in text_of(response)
    assert table_counts() == before
    # With a second admin, the first may go.
    make_account(role=Role.ADMIN)
    assert delete(client).status_code == 303
    assert player_by_email(email) is None


def test_an_editor_may_delete_themselves(app, client):
    editor = make_account(role=Role.EDITOR)
    make_account(role=Role.ADMIN)
    email = editor.email
    assert log_in(client, email).status_code == 303
    assert delete(client).status_code == 303
    assert player_by_email(email) is None


def test_the_boards_drop_a_deleted_account_on_the_very_next_request(app, client):
    account = make_account(nickname="Bald Weg")
    other = make_player(nickname="Bleibt Da")
    riddle = make_riddle()
    make_solve(account, riddle, 90, NOW - timedelta(hours=2))
    make_solve(other, riddle, 60, NOW - timedelta(hours=1))
    db.session.commit()
    observer = app.test_client()
    for period in PERIODS:  # boards and pages are now cached for the observer
        assert board_points(observer, period) == {"Bald Weg": 90, "Bleibt Da": 60}
    assert "Bald Weg" in text_of(observer.get("/"))
    assert log_in(client, account.email).status_code == 303
    assert delete(client).status_code == 303
    for period in PERIODS:
        assert board_points(observer, period) == {"Bleibt Da": 60}, period
    assert "Bald Weg" not in text_of(observer.get("/"))


def test_a_guest_deletes_their_progress_with_a_ticked_box(app, client):
    guest_id = play_a_full_history_as_guest(client)
    assert rows_referencing(guest_id)
    page = text_of(client.get(DELETE))
    assert "Spielstand löschen" in page and 'name="password"' not in page
    assert delete(client, password=None).status_code == 303
    assert db.session.get(Player, guest_id) is None
    assert rows_referencing(guest_id) == {}
    assert client.get(EXPORT).status_code == 302  # the cookie names nobody now
    # No audit entry for a guest: the log is the editors'.
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 0


def test_the_profile_offers_both_actions(app, client):
    play_a_full_history_as_guest(client)
    page = text_of(client.get("/profil"))
    assert f'href="{EXPORT}"' in page and f'href="{DELETE}"' in page
    account = make_account()
    assert log_in(client, account.email).status_code == 303
    page = text_of(client.get("/profil"))
    assert f'href="{EXPORT}"' in page and f'href="{DELETE}"' in page
    assert "Konto löschen" in page


# --- retention: purge-guests --------------------------------------------------------------


@pytest.fixture
def guests(app):
    """Guests and an account of every age and activity, by what should happen to them."""
    riddle = make_riddle()
    long_ago = NOW - timedelta(days=400)

    def guest(nickname, created_days, guessed_days=None, solved_days=None):
        player = make_player(nickname=nickname, created_at=NOW - timedelta(days=created_days))
        if guessed_days is not None:
            db.session.add(
                Guess(
                    player_id=player.id,
                    riddle_id=riddle.id,
                    text="Fass",
                    verdict="wrong",
                    created_at=NOW - timedelta(days=guessed_days),
                )
            )
        if solved_days is not None:
            make_solve(player, riddle, 10, NOW - timedelta(days=solved_days))
        db.session.commit()
        return player.id

    made = {
        "gone": [
            guest("Alt Still", 400),
            guest("Alt Tipp", 400, guessed_days=200),
            guest("Alt Geloest", 300, solved_days=181),
        ],
        "kept": [
            guest("Neu", 10),
            guest("Alt Aktiv", 400, guessed_days=3),
            guest("Alt Loest", 400, solved_days=179),
        ],
    }
    made["kept"].append(make_account(created_at=long_ago).id)
    return made


def existing(ids: list[int]) -> list[int]:
    db.session.rollback()
    return sorted(db.session.scalars(sa.select(Player.id).where(Player.id.in_(ids))))


def test_purge_guests_deletes_only_inactive_guests(app, runner, guests):
    everyone = guests["gone"] + guests["kept"]
    dry = runner.invoke(args=["purge-guests", "--dry-run"])
    assert dry.exit_code == 0, dry.output
    assert "Would delete 3 guests inactive for 180 days." in dry.output
    assert existing(everyone) == sorted(everyone)
    result = runner.invoke(args=["purge-guests"])
    assert result.exit_code == 0, result.output
    assert "Deleted 3 guests inactive for 180 days." in result.output
    assert existing(everyone) == sorted(guests["kept"])
    for gone in guests["gone"]:
        assert rows_referencing(gone) == {}
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Solve)) == 1
    assert runner.invoke(args=["purge-guests"]).output.startswith("Deleted 0 guests")


def test_purge_guests_takes_the_inactive_days(app, runner, guests):
    result = runner.invoke(args=["purge-guests", "--inactive-days", "5"])
    assert result.exit_code == 0, result.output
    assert "Deleted 5 guests inactive for 5 days." in result.output
    alt_aktiv, account = guests["kept"][1], guests["kept"][3]
    assert existing(guests["gone"] + guests["kept"]) == sorted([alt_aktiv, account])
    assert runner.invoke(args=["purge-guests", "--inactive-days", "0"]).exit_code != 0


# --- the Datenschutz page -------------------------------------------------------------------


class TestConfiguredFigures:
    """The page and the purge state the configured figures, whatever they are."""

    @pytest.fixture
    def app_config(self, app_config):
        return {
            **app_config,
            "PERMANENT_SESSION_LIFETIME": 60 * 60 * 24 * 77,
            "REMEMBER_COOKIE_DURATION": 60 * 60 * 24 * 33,
            "GUEST_RETENTION_DAYS": 123,
        }

    def test_the_privacy_page_names_every_cookie_with_its_lifetime(self, app, client):
        html = text_of(client.get("/datenschutz"))
        for name in ("„session“", "„remember_token“", "„harzquiz_embed“", "„t“"):
            assert name in html, name
        assert "Speicherdauer als Gast: 77 Tage" in html
        assert "Speicherdauer: 33 Tage" in html
        assert "123 Tage lang nichts gespielt" in html
        assert "Partitioned" in html
        for article in ("Art. 15", "Art. 16", "Art. 17", "Art. 20", "Art. 77"):
            assert article in html, article
        assert f'href="{EXPORT}"' in html and f'href="{DELETE}"' in html
        assert "Passwort vergessen" in html  # the mail sent

    def test_the_privacy_page_in_english(self, app, client):
        Reader(client).post("/sprache/en", {"next": "/"})
        html = text_of(client.get("/datenschutz"))
        assert "Privacy" in html
        assert "77 days" in html and "33 days" in html and "123 days" in html
        assert "Download my data" in html

    def test_purge_guests_defaults_to_the_configured_retention(self, app, runner):
        make_player(created_at=NOW - timedelta(days=124))
        make_player(created_at=NOW - timedelta(days=122))
        result = runner.invoke(args=["purge-guests", "--dry-run"])
        assert result.output == "Would delete 1 guests inactive for 123 days.\n"


class TestPasswordGuessing:
    """The password on the deletion page is limited like a password change, per account;
    guests (no password) are not counted together."""

    @pytest.fixture
    def app_config(self, app_config):
        return {
            **app_config,
            "LOGIN_LIMIT_PER_EMAIL": "3/hour",
            "PASSWORD_CHANGE_LIMIT_PER_ACCOUNT": "3/hour",
        }

    def test_wrong_passwords_are_limited_per_account(self, app, client):
        account = make_account()
        email = account.email
        assert log_in(client, email).status_code == 303
        statuses = [delete(client, password="falsch-falsch-falsch").status_code for _ in range(4)]
        assert statuses == [422, 422, 422, 429]
        assert player_by_email(email) is not None

    def test_guests_do_not_share_one_budget(self, app):
        for _ in range(5):
            guest = app.test_client()
            play_a_full_history_as_guest(guest)
            assert delete(guest, password=None).status_code == 303
