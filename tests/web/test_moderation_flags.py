"""Fair play: a reveal by a throwaway guest, then a solve from the same address or device,
is flagged on the moderation desk; one click withdraws its points (docs/rules.md)."""

from __future__ import annotations

from datetime import timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Flag, ModerationAction, QuizAnswer, RevealTrace, Solve
from harzquiz.web.evidence import DEVICE_COOKIE
from tests.clients import Reader
from tests.desk_helpers import editor
from tests.factories import NOW, make_player, make_riddle
from tests.helpers import log_in_as, text_of
from tests.quiz_factories import make_quiz, right_values
from tests.quiz_helpers import QuizReader

OTHER_ADDRESS = {"REMOTE_ADDR": "198.51.100.7"}


def _guest_reveals(app, slug: str, environ: dict | None = None):
    """A fresh cookie-less guest presses "Lösung anzeigen"; returns its client."""
    guest = app.test_client()
    if environ:
        guest.environ_base.update(environ)
    reader = Reader(guest)
    reader.open(f"/raetsel/{slug}")
    assert reader.post(f"/raetsel/{slug}/loesung").status_code == 303
    return guest


def _account_solves(app, environ: dict | None = None, cookies_from=None):
    account_client = app.test_client()
    if environ:
        account_client.environ_base.update(environ)
    if cookies_from is not None:
        value = cookies_from.get_cookie(DEVICE_COOKIE).value
        account_client.set_cookie(DEVICE_COOKIE, value)
    account = log_in_as(account_client, "reader")
    return account, Reader(account_client)


def _board(app) -> str:
    return text_of(app.test_client().get("/rangliste?zeitraum=gesamt"))


def test_guest_reveal_then_same_address_account_solve_is_flagged_and_withdrawn(app, client):
    riddle = make_riddle(slug="boje")
    _guest_reveals(app, "boje")
    account, player = _account_solves(app)
    player.open("/raetsel/boje")
    assert "correct" in text_of(player.guess("boje", "Kugelgrill"))
    solve = db.session.scalar(sa.select(Solve).where(Solve.player_id == account.id))
    assert solve is not None and solve.points == 100  # not punished automatically
    assert account.nickname in _board(app)

    flag = db.session.scalar(sa.select(Flag))
    assert flag is not None
    assert (flag.player_id, flag.solve_id) == (account.id, solve.id)
    assert flag.address_match and not flag.device_match
    assert flag.gap_seconds == 0  # the frozen clock: same instant
    assert flag.trace.riddle_id == riddle.id

    desk = editor(client)
    page = text_of(client.get("/redaktion/moderation/"))
    assert f'data-flag-id="{flag.id}"' in page
    assert account.nickname in page and "gleiche Adresse" in page

    # One click: the flag's own button.
    response = desk.post(f"/redaktion/moderation/markierungen/{flag.id}/entziehen")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Solve, solve.id).points == 0
    assert db.session.get(Flag, flag.id).settled_at == NOW
    assert account.nickname not in _board(app)  # the very next request
    assert f'data-flag-id="{flag.id}"' not in text_of(client.get("/redaktion/moderation/"))
    audit = db.session.scalar(sa.select(AuditEntry).where(AuditEntry.action == "withdrawn"))
    assert audit is not None and audit.target_id == account.id

    # ... and undone: the points are back on the next request.
    action = db.session.scalar(sa.select(ModerationAction))
    assert action.kind == "withdraw" and action.points == 100
    assert desk.post(f"/redaktion/moderation/aktionen/{action.id}/rueckgaengig").status_code == 303
    db.session.expire_all()
    assert db.session.get(Solve, solve.id).points == 100
    assert account.nickname in _board(app)


def test_same_device_from_another_address_is_flagged(app):
    make_riddle(slug="geraet")
    guest = _guest_reveals(app, "geraet")
    assert guest.get_cookie(DEVICE_COOKIE) is not None
    account, player = _account_solves(app, OTHER_ADDRESS, cookies_from=guest)
    player.open("/raetsel/geraet")
    player.guess("geraet", "Kugelgrill")
    flag = db.session.scalar(sa.select(Flag))
    assert flag is not None and flag.device_match and not flag.address_match


def test_other_address_and_device_is_not_flagged(app):
    make_riddle(slug="fremd")
    _guest_reveals(app, "fremd")
    _account, player = _account_solves(app, OTHER_ADDRESS)
    player.open("/raetsel/fremd")
    assert "correct" in text_of(player.guess("fremd", "Kugelgrill"))
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Flag)) == 0


def test_a_solve_more_than_30_minutes_later_is_not_flagged(app):
    make_riddle(slug="spaet")
    _guest_reveals(app, "spaet")
    app.config["NOW"] = NOW + timedelta(minutes=31)
    _account, player = _account_solves(app)
    player.open("/raetsel/spaet")
    player.guess("spaet", "Kugelgrill")
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Flag)) == 0
    app.config["NOW"] = NOW + timedelta(minutes=29)
    make_riddle(slug="frueh")
    _guest_reveals(app, "frueh")
    app.config["NOW"] = NOW + timedelta(minutes=58)
    player.open("/raetsel/frueh")
    player.guess("frueh", "Kugelgrill")
    flag = db.session.scalar(sa.select(Flag))
    assert flag is not None and flag.gap_seconds == 29 * 60


def test_no_raw_address_is_stored(app):
    make_riddle(slug="privat")
    _guest_reveals(app, "privat", {"REMOTE_ADDR": "203.0.113.9"})
    trace = db.session.scalar(sa.select(RevealTrace))
    assert trace is not None and trace.address_hash
    assert "203.0.113.9" not in trace.address_hash and len(trace.address_hash) == 40
    assert trace.device_id


def test_address_behind_the_proxy_is_the_forwarded_client(app_config):
    from harzquiz import create_app
    from tests.clients import FreshContextClient
    from tests.database import reset_database

    proxied = create_app({**app_config, "PROXY_HOPS": 1})
    proxied.test_client_class = FreshContextClient
    with proxied.app_context():
        reset_database()
        make_riddle(slug="proxy")
        one = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.5"}
        two = {"REMOTE_ADDR": "10.0.0.1", "HTTP_X_FORWARDED_FOR": "203.0.113.6"}
        _guest_reveals(proxied, "proxy", one)
        _guest_reveals(proxied, "proxy", two)
        hashes = set(db.session.scalars(sa.select(RevealTrace.address_hash)))
        assert len(hashes) == 2  # two clients behind one proxy stay apart
        db.session.remove()
        db.engine.dispose()  # its own engine: close its connections now, not at GC


def test_quiz_answer_after_a_guest_saw_it_is_flagged_and_withdrawn(app, client):
    quiz = make_quiz()
    guest = QuizReader(app.test_client(), quiz)
    question = guest.current_question()
    wrong = [v for v in ("1", "2", "3", "4") if v not in right_values(question)][:1]
    assert guest.answer(wrong or ["false"]).status_code == 200  # the feedback shows "(richtig)"
    account_client = app.test_client()
    account = log_in_as(account_client, "reader")
    player = QuizReader(account_client, quiz)
    assert player.answer(right_values(player.current_question())).status_code == 200
    answer = db.session.scalar(sa.select(QuizAnswer).where(QuizAnswer.player_id == account.id))
    assert answer.points == 10
    flag = db.session.scalar(sa.select(Flag))
    assert flag is not None and flag.answer_id == answer.id and flag.address_match
    desk = editor(client)
    assert question.prompt in text_of(client.get("/redaktion/moderation/"))
    desk.post(f"/redaktion/moderation/markierungen/{flag.id}/entziehen")
    db.session.expire_all()
    assert db.session.get(QuizAnswer, answer.id).points == 0


def test_a_flag_with_nothing_left_to_withdraw_is_settled_and_audited(client):
    """A flagged solve already at 0 points (a banned player's, say): the one click settles
    the flag, and that change is in the audit log like "Erledigt" (settle_flag)."""
    riddle = make_riddle(slug="boje")
    guest, solver = make_player(nickname="Wegwerf"), make_player(nickname="Nullpunkte")
    trace = RevealTrace(player_id=guest.id, riddle_id=riddle.id, revealed_at=NOW)
    solve = Solve(player_id=solver.id, riddle_id=riddle.id, points=0, solved_at=NOW)
    db.session.add_all([trace, solve])
    db.session.flush()
    flag = Flag(
        player_id=solver.id,
        trace_id=trace.id,
        solve_id=solve.id,
        gap_seconds=5,
        address_match=True,
        device_match=True,
    )
    db.session.add(flag)
    db.session.commit()
    desk = editor(client)
    response = desk.post(f"/redaktion/moderation/markierungen/{flag.id}/entziehen")
    assert response.status_code == 303
    db.session.expire_all()
    assert db.session.get(Flag, flag.id).settled_at == NOW
    (entry,) = db.session.scalars(sa.select(AuditEntry)).all()
    assert (entry.action, entry.target_id) == ("settled", solver.id)
    assert entry.detail == f"flag {flag.id}"
    assert entry.actor_id is not None
    assert db.session.scalar(sa.select(sa.func.count()).select_from(ModerationAction)) == 0
