"""The moderation desk: search, rename (reason shown once), hide, ban, undo, readers'
reports; every action audited, and the boards change on the very next request."""

from __future__ import annotations

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, ModerationAction, Player, Report, Solve
from tests.clients import Reader
from tests.desk_helpers import editor
from tests.factories import NOW, make_account, make_player, make_riddle, make_solve
from tests.helpers import log_in, log_in_as, text_of

BOARD = "/rangliste?zeitraum=gesamt"


def _scorer(nickname: str = "Harzläufer") -> Player:
    account = make_account(nickname=nickname)
    make_solve(account, make_riddle(), 100, NOW)
    return account


def _board(app) -> str:
    return text_of(app.test_client().get(BOARD))


def _actions(kind: str) -> list[ModerationAction]:
    return list(
        db.session.scalars(sa.select(ModerationAction).where(ModerationAction.kind == kind))
    )


def test_search_finds_by_nickname_and_email(client):
    account = _scorer("Brockenhexe")
    editor(client)
    page = text_of(client.get("/redaktion/moderation/?q=brocken"))
    assert f"/redaktion/moderation/spieler/{account.id}" in page
    page = text_of(client.get(f"/redaktion/moderation/?q={account.email.upper()}"))
    assert f"/redaktion/moderation/spieler/{account.id}" in page
    assert "Niemand gefunden" in text_of(client.get("/redaktion/moderation/?q=%25"))


def test_hide_and_undo_change_the_boards_on_the_next_request(app, client):
    account = _scorer()
    _board(app)  # warm the board cache
    desk = editor(client)
    assert desk.post(f"/redaktion/moderation/spieler/{account.id}/verbergen").status_code == 303
    assert account.nickname not in _board(app)
    assert db.session.get(Player, account.id).hidden_at == NOW
    (action,) = _actions("hide")
    desk.post(f"/redaktion/moderation/aktionen/{action.id}/rueckgaengig")
    assert account.nickname in _board(app)
    actions = set(db.session.scalars(sa.select(AuditEntry.action)))
    assert {"hidden", "undone"} <= actions
    # An action undone twice changes nothing the second time.
    desk.post(f"/redaktion/moderation/aktionen/{action.id}/rueckgaengig")
    assert (
        db.session.scalar(
            sa.select(sa.func.count()).select_from(AuditEntry).where(AuditEntry.action == "undone")
        )
        == 1
    )


def test_ban_unlists_and_later_solves_earn_nothing(app, client):
    account = _scorer()
    desk = editor(client)
    desk.post(f"/redaktion/moderation/spieler/{account.id}/sperren", {"reason": "Skript"})
    assert account.nickname not in _board(app)
    player_client = app.test_client()
    log_in(player_client, account.email)
    player = Reader(player_client)
    riddle = make_riddle(slug="nach-sperre")
    player.open(f"/raetsel/{riddle.slug}")
    player.guess(riddle.slug, "Kugelgrill")
    solve = db.session.scalar(sa.select(Solve).where(Solve.riddle_id == riddle.id))
    assert solve is not None and solve.points == 0
    (action,) = _actions("ban")
    assert action.reason == "Skript"
    desk.post(f"/redaktion/moderation/aktionen/{action.id}/rueckgaengig")
    assert account.nickname in _board(app)
    assert db.session.get(Player, account.id).banned_at is None


def test_rename_shows_the_reason_once_and_undo_restores_the_name(app, client):
    account = _scorer("Schimpfwortname")
    desk = editor(client)
    response = desk.post(
        f"/redaktion/moderation/spieler/{account.id}/umbenennen",
        {"nickname": "Harzwanderer", "reason": "Der Name verstößt gegen die Regeln."},
    )
    assert response.status_code == 303
    board = _board(app)
    assert "Harzwanderer" in board and "Schimpfwortname" not in board
    player_client = app.test_client()
    log_in(player_client, account.email)
    first = text_of(player_client.get("/"))
    assert "Der Name verstößt gegen die Regeln." in first
    assert "Der Name verstößt gegen die Regeln." not in text_of(player_client.get("/"))
    (action,) = _actions("rename")
    assert action.old_nickname == "Schimpfwortname"
    desk.post(f"/redaktion/moderation/aktionen/{action.id}/rueckgaengig")
    assert "Schimpfwortname" in _board(app)


def test_a_refused_rename_changes_nothing(client):
    account = _scorer("Alter Name")
    other = make_player(nickname="Vergeben")
    desk = editor(client)
    for data in (
        {"nickname": "Vergeben", "reason": "x"},  # someone else's
        {"nickname": "Redaktion", "reason": "x"},  # reserved
        {"nickname": "Neu Name", "reason": ""},  # no reason
    ):
        response = desk.post(f"/redaktion/moderation/spieler/{account.id}/umbenennen", data)
        assert response.status_code == 422, data
    assert db.session.get(Player, account.id).nickname == "Alter Name"
    assert db.session.get(Player, other.id).nickname == "Vergeben"
    assert not _actions("rename")


def test_withdraw_one_solve_from_the_player_page(app, client):
    account = _scorer()
    solve = db.session.scalar(sa.select(Solve).where(Solve.player_id == account.id))
    desk = editor(client)
    page = text_of(client.get(f"/redaktion/moderation/spieler/{account.id}"))
    assert f'data-solve-id="{solve.id}"' in page
    desk.post(f"/redaktion/moderation/loesungen/{solve.id}/entziehen")
    assert db.session.get(Solve, solve.id).points == 0
    assert account.nickname not in _board(app)


def test_readers_report_a_name_and_the_desk_sees_it(app, client):
    account = _scorer("Frecher Name")
    assert f"/melden/{account.id}" in _board(app)  # the "Melden" link beside the name
    reader = Reader(app.test_client())
    page = reader.open(f"/melden/{account.id}")
    assert page.status_code == 200 and "Frecher Name" in text_of(page)
    assert reader.post(f"/melden/{account.id}", {"reason": ""}).status_code == 422
    response = reader.post(f"/melden/{account.id}", {"reason": "Beleidigend."})
    assert response.status_code == 303
    report = db.session.scalar(sa.select(Report))
    assert report is not None and report.reason == "Beleidigend." and report.player_id == account.id
    desk = editor(client)
    assert "Beleidigend." in text_of(client.get("/redaktion/moderation/"))
    desk.post(f"/redaktion/moderation/meldungen/{report.id}/erledigt")
    assert db.session.get(Report, report.id).settled_at == NOW
    assert "Beleidigend." not in text_of(client.get("/redaktion/moderation/"))


def test_reports_are_rate_limited_per_address(app):
    app.config["REPORT_LIMIT_PER_IP"] = "2/minute"
    account = _scorer()
    reader = Reader(app.test_client())
    reader.open(f"/melden/{account.id}")
    statuses = [
        reader.post(f"/melden/{account.id}", {"reason": f"Meldung {n}"}).status_code
        for n in range(3)
    ]
    assert statuses == [303, 303, 429]
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 2


def test_report_needs_a_csrf_token_and_an_existing_player(app):
    account = _scorer()
    client = app.test_client()
    assert client.post(f"/melden/{account.id}", data={"reason": "x"}).status_code == 400
    assert client.get("/melden/999999").status_code == 404
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Report)) == 0


def test_readers_cannot_use_the_desk(client):
    account = _scorer()
    log_in_as(client, "reader")
    assert client.get("/redaktion/moderation/").status_code == 403
    assert client.post(f"/redaktion/moderation/spieler/{account.id}/sperren").status_code in (
        400,
        403,
    )
    assert db.session.get(Player, account.id).banned_at is None


def test_a_hidden_player_does_not_count_in_anyones_rank(app, client):
    from harzquiz.services.leaderboard import Period, player_rank

    top = _scorer("Spitzenreiter")
    second = make_account(nickname="Zweite")
    make_solve(second, make_riddle(), 50, NOW)
    assert player_rank(Period.ALL, NOW, second.id).rank == 2
    desk = editor(client)
    desk.post(f"/redaktion/moderation/spieler/{top.id}/verbergen")
    assert player_rank(Period.ALL, NOW, second.id).rank == 1
    assert player_rank(Period.ALL, NOW, top.id).listed is False  # on no board itself
