"""The weekly prize draw end to end: an editor sets it up, the commitment is public from
the start, solvers enter with explicit consent, the draw after the close is recomputed
here independently from what the page publishes, winners are mailed, one winner is
replaced by an audited redraw, and the entries' personal data is purged after 90 days."""

from __future__ import annotations

import hashlib
import hmac
import re
from datetime import timedelta

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, PrizeDraw, PrizeEntry
from harzquiz.services.privacy import delete_player
from tests.clients import Reader
from tests.database import base_config
from tests.desk_helpers import editor
from tests.factories import NOW, make_account, make_riddle, make_solve
from tests.helpers import log_in, text_of

CONDITIONS = "Teilnahme ab 18 Jahren. Der Rechtsweg ist ausgeschlossen."


@pytest.fixture
def app_config(tmp_path, mailbox) -> dict:
    return {**base_config(), **mailbox.app_config()}


@pytest.fixture
def riddle(app):
    return make_riddle(slug="boje", title="Die Boje", publish_at=NOW - timedelta(days=2))


def set_up(app, riddle, winners=1):
    desk = editor(app.test_client())
    response = desk.post(
        f"/redaktion/raetsel/{riddle.id}/preisraetsel",
        {
            "prize": "Ein Kugelgrill",
            "winner_count": str(winners),
            "entries_close_at": "2026-11-30T06:00",  # Berlin time, the riddle's close
            "conditions": CONDITIONS,
        },
    )
    assert response.status_code == 303, text_of(response)
    return desk


def solver(riddle, confirmed=True, **overrides):
    account = make_account(
        email_confirmed_at=NOW - timedelta(days=3) if confirmed else None, **overrides
    )
    make_solve(account, riddle, 100, NOW - timedelta(hours=1))
    return account


def enter(app, account, show_name=False, consent=True):
    reader = Reader(app.test_client())
    assert log_in(reader.client, account.email).status_code == 303
    reader.open("/raetsel/boje")
    data = {"consent": "y"} if consent else {}
    if show_name:
        data["show_name"] = "y"
    return reader, reader.post("/raetsel/boje/gewinnspiel", data)


def test_the_whole_draw_can_be_checked_by_anyone(app, client, riddle, mailbox):
    desk = set_up(app, riddle, winners=2)
    draw = db.session.scalar(sa.select(PrizeDraw))
    page = client.get("/raetsel/boje").get_data(as_text=True)
    # The commitment is public from the start, the seed is not.
    assert hashlib.sha256(draw.seed.encode()).hexdigest() == draw.commitment
    assert draw.commitment in page and draw.seed not in page
    assert "Ein Kugelgrill" in page and "Registriere dich, um an der Verlosung teilzunehmen" in page

    accounts = [solver(riddle, nickname=f"Gewinnerin {n}") for n in range(6)]
    for n, account in enumerate(accounts):
        reader, response = enter(app, account, show_name=n % 2 == 0)
        assert response.status_code == 303
        assert "Du nimmst an der Verlosung teil" in reader.client.get(
            "/raetsel/boje#gewinnspiel"
        ).get_data(as_text=True)
    entries = db.session.scalars(sa.select(PrizeEntry).order_by(PrizeEntry.id)).all()
    assert len(entries) == 6 and all(
        e.consented_at == NOW and "Teilnahmebedingungen" in e.consent_text for e in entries
    )

    # Not before the entries close.
    early = desk.post(f"/redaktion/raetsel/{riddle.id}/preisraetsel/ziehen", {"confirm": "y"})
    assert early.status_code == 303 and db.session.scalar(sa.select(PrizeDraw)).drawn_at is None
    app.config["NOW"] = NOW + timedelta(days=6)
    desk.open(f"/redaktion/raetsel/{riddle.id}/preisraetsel")
    unconfirmed = desk.post(f"/redaktion/raetsel/{riddle.id}/preisraetsel/ziehen", {})
    assert (
        unconfirmed.status_code == 422 and db.session.scalar(sa.select(PrizeDraw)).drawn_at is None
    )
    drawn = desk.post(f"/redaktion/raetsel/{riddle.id}/preisraetsel/ziehen", {"confirm": "y"})
    assert drawn.status_code == 303

    # The page now publishes the seed and the entry ids; recompute the draw from them alone.
    page = client.get("/raetsel/boje").get_data(as_text=True)
    seed = re.search(r"<code>([0-9a-f]{64})</code>", page).group(1)
    assert hashlib.sha256(seed.encode()).hexdigest() == draw.commitment
    ids = [e.id for e in entries]
    assert ", ".join(map(str, ids)) in page
    order = sorted(
        ids, key=lambda i: (hmac.new(seed.encode(), str(i).encode(), hashlib.sha256).hexdigest(), i)
    )
    winners = db.session.scalars(
        sa.select(PrizeEntry)
        .where(PrizeEntry.won_place.is_not(None))
        .order_by(PrizeEntry.won_place)
    ).all()
    assert [w.id for w in winners] == order[:2]
    # Names only of winners who agreed; everyone else by number.
    for winner in winners:
        account = next(a for a in accounts if a.id == winner.player_id)
        assert (account.nickname in page) is winner.show_name
        assert mailbox.last_to(account.email).message["Subject"] == "Gewonnen: Ein Kugelgrill"
        assert winner.notified_at == NOW + timedelta(days=6)
    losers = {a.email for a in accounts} - {
        a.email for a in accounts if a.id in {w.player_id for w in winners}
    }
    assert not any(mailbox.to(email) for email in losers)

    # One winner replaced, with a reason: the next in the published order takes the place.
    first = winners[0]
    desk.open(f"/redaktion/raetsel/{riddle.id}/preisraetsel")
    response = desk.post(
        f"/redaktion/raetsel/{riddle.id}/preisraetsel/nachziehen/{first.id}",
        {"reason": "Mehrfachkonto"},
    )
    assert response.status_code == 303
    now_winning = db.session.scalars(
        sa.select(PrizeEntry.id).where(PrizeEntry.won_place == 1)
    ).all()
    assert now_winning == [order[2]]
    assert db.session.get(PrizeEntry, first.id).disqualified == "Mehrfachkonto"
    actions = db.session.scalars(sa.select(AuditEntry.action).order_by(AuditEntry.id)).all()
    assert (
        actions[-3:] == ["prize-setup", "prize-draw", "prize-redraw"][-3:]
        or "prize-redraw" in actions
    )
    assert {"prize-setup", "prize-draw", "prize-redraw"} <= set(actions)
    assert "Ausgeschlossen" in client.get("/raetsel/boje").get_data(as_text=True)

    # 90 days after the draw the personal data goes; the published numbers stay.
    app.config["NOW"] = NOW + timedelta(days=6 + 91)
    result = app.test_cli_runner().invoke(args=["purge-prize-entries"])
    assert result.exit_code == 0 and "Purged the entries of 1 prize draws" in result.output
    rows = db.session.scalars(sa.select(PrizeEntry).order_by(PrizeEntry.id)).all()
    assert [r.id for r in rows] == ids
    assert all(r.player_id is None and r.consent_text == "" and not r.show_name for r in rows)
    assert "prize-purge" in db.session.scalars(sa.select(AuditEntry.action)).all()


def test_who_may_enter(app, client, riddle):
    set_up(app, riddle)
    # Without the consent box ticked: nothing stored.
    _, response = enter(app, solver(riddle), consent=False)
    assert (
        response.status_code == 303
        and db.session.scalar(sa.select(sa.func.count(PrizeEntry.id))) == 0
    )
    # An unconfirmed address, or no solve: refused with the reason.
    reader, _ = enter(app, solver(riddle, confirmed=False))
    assert "Bestätige zuerst deine E-Mail-Adresse" in reader.client.get("/raetsel/boje").get_data(
        as_text=True
    )
    reader, _ = enter(app, make_account(email_confirmed_at=NOW))
    assert "wer das Rätsel gelöst hat" in reader.client.get("/raetsel/boje").get_data(as_text=True)
    assert db.session.scalar(sa.select(sa.func.count(PrizeEntry.id))) == 0
    # Twice is once.
    account = solver(riddle)
    reader, _ = enter(app, account)
    reader.open("/raetsel/boje")
    reader.post("/raetsel/boje/gewinnspiel", {"consent": "y"})
    assert db.session.scalar(sa.select(sa.func.count(PrizeEntry.id))) == 1
    # A guest's POST stores nothing either.
    guest = Reader(app.test_client())
    guest.open("/raetsel/boje")
    guest.post("/raetsel/boje/gewinnspiel", {"consent": "y"})
    assert db.session.scalar(sa.select(sa.func.count(PrizeEntry.id))) == 1


def test_a_deleted_account_keeps_its_entry_number_but_cannot_win(app, riddle):
    desk = set_up(app, riddle)
    gone, stays = solver(riddle), solver(riddle)
    enter(app, gone)
    enter(app, stays)
    assert delete_player(db.session.get(type(gone), gone.id)) is None
    entries = db.session.scalars(sa.select(PrizeEntry).order_by(PrizeEntry.id)).all()
    assert len(entries) == 2 and entries[0].player_id is None
    app.config["NOW"] = NOW + timedelta(days=6)
    desk.open(f"/redaktion/raetsel/{riddle.id}/preisraetsel")
    desk.post(f"/redaktion/raetsel/{riddle.id}/preisraetsel/ziehen", {"confirm": "y"})
    winner = db.session.scalar(sa.select(PrizeEntry).where(PrizeEntry.won_place == 1))
    assert winner.player_id == stays.id


def test_readers_cannot_reach_the_prize_desk(app, riddle):
    set_up(app, riddle)
    reader = Reader(app.test_client())
    log_in(reader.client, make_account().email)
    reader.open("/")
    assert reader.client.get(f"/redaktion/raetsel/{riddle.id}/preisraetsel").status_code == 403
    response = reader.post(f"/redaktion/raetsel/{riddle.id}/preisraetsel/ziehen", {"confirm": "y"})
    assert response.status_code == 403
    assert db.session.scalar(sa.select(PrizeDraw)).drawn_at is None


def test_banned_and_flagged_players_cannot_win(app, riddle):
    from harzquiz.models import Flag, Player, RevealTrace, Solve

    desk = set_up(app, riddle, winners=3)
    banned, flagged, fair = solver(riddle), solver(riddle), solver(riddle)
    for account in (banned, flagged, fair):
        enter(app, account)
    db.session.get(Player, banned.id).banned_at = NOW
    solve = db.session.scalar(sa.select(Solve).where(Solve.player_id == flagged.id))
    trace = RevealTrace(riddle_id=riddle.id, revealed_at=NOW - timedelta(minutes=5))
    db.session.add(trace)
    db.session.flush()
    db.session.add(
        Flag(
            player_id=flagged.id,
            trace_id=trace.id,
            solve_id=solve.id,
            gap_seconds=300,
            address_match=True,
            device_match=False,
        )
    )
    db.session.commit()
    app.config["NOW"] = NOW + timedelta(days=6)
    desk.open(f"/redaktion/raetsel/{riddle.id}/preisraetsel")
    desk.post(f"/redaktion/raetsel/{riddle.id}/preisraetsel/ziehen", {"confirm": "y"})
    winners = db.session.scalars(
        sa.select(PrizeEntry.player_id).where(PrizeEntry.won_place.is_not(None))
    ).all()
    assert winners == [fair.id]  # three prizes, but only one eligible entry
