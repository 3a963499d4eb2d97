"""The audit's findings on accounts and sessions (issue 12), each shown fixed.

1. A guest cookie outliving its row (a merged guest) must never act as another player.
"""

from __future__ import annotations

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Player, Solve
from tests.conftest import Reader
from tests.factories import make_account, make_riddle
from tests.helpers import log_in, nicknames, rename, text_of


def session_of(client) -> dict:
    with client.session_transaction() as session:
        return dict(session)


def with_session(app, contents: dict):
    """Another browser holding a copy of these session contents (a saved cookie)."""
    client = app.test_client()
    with client.session_transaction() as session:
        session.update(contents)
    return client


def guest_row(player_id: int) -> Player:
    db.session.rollback()
    db.session.expire_all()
    return db.session.get(Player, player_id)


# --- 1. guest takeover through reused ids ----------------------------------------------------


def test_a_cookie_saved_before_a_merge_never_acts_as_the_next_guest(app, client):
    riddle = make_riddle()
    Reader(client).guess(riddle.slug, "Sonnenschirm")
    saved = session_of(client)  # the old guest cookie, copied before logging in
    account = make_account()
    assert log_in(client, account.email).status_code == 303  # the guest row is merged away

    newcomer = app.test_client()
    assert 'data-verdict="correct"' in text_of(Reader(newcomer).guess(riddle.slug, "Kugelgrill"))
    new_id = session_of(newcomer)["player_id"]
    assert new_id != saved["player_id"], "SQLite handed the merged guest's id out again"
    new_name = guest_row(new_id).nickname

    # The saved cookie renames nobody but a fresh guest of its own ...
    stale = with_session(app, saved)
    assert rename(Reader(stale), "Dieb-Name").status_code == 303
    assert guest_row(new_id).nickname == new_name
    # ... and logging in with it takes nobody's solve into the thief's account.
    thief = make_account()
    stale = with_session(app, saved)
    assert log_in(stale, thief.email).status_code == 303
    db.session.expire_all()
    solvers = db.session.scalars(sa.select(Solve.player_id).where(Solve.riddle_id == riddle.id))
    assert list(solvers) == [new_id]


def test_a_guest_cookie_with_a_wrong_or_missing_secret_is_nobody(app, client):
    riddle = make_riddle()
    Reader(client).guess(riddle.slug, "Sonnenschirm")
    own = session_of(client)
    name = guest_row(own["player_id"]).nickname
    assert len(own["guest_secret"]) >= 32

    forgeries = {"Falsches-Geheimnis": {**own, "guest_secret": "x" * 43},
                 "Ohne-Geheimnis": {"player_id": own["player_id"]}}
    for new_name, forged in forgeries.items():
        other = with_session(app, forged)
        assert rename(Reader(other), new_name).status_code == 303
        assert guest_row(own["player_id"]).nickname == name
        assert session_of(other)["player_id"] != own["player_id"]
        assert new_name in nicknames()  # the forged cookie became a guest of its own

    # The real cookie still is the guest.
    assert rename(Reader(client), "Echter-Name").status_code == 303
    assert guest_row(own["player_id"]).nickname == "Echter-Name"


def test_a_guest_from_before_secrets_is_claimed_once_by_its_old_cookie(app):
    legacy = Player(nickname="Altgast")
    db.session.add(legacy)
    db.session.commit()
    old_cookie = with_session(app, {"player_id": legacy.id})
    assert rename(Reader(old_cookie), "Altgast-Neu").status_code == 303
    claimed = guest_row(legacy.id)
    assert claimed.nickname == "Altgast-Neu"
    assert claimed.guest_secret and session_of(old_cookie)["guest_secret"] == claimed.guest_secret
    # Another copy of the same old cookie (without the secret) is nobody now.
    copy = with_session(app, {"player_id": legacy.id})
    rename(Reader(copy), "Kopie-Name")
    assert guest_row(legacy.id).nickname == "Altgast-Neu"


def test_player_ids_are_never_reused_in_the_app_schema(app):
    first, second = Player(nickname="Eins"), Player(nickname="Zwei")
    db.session.add_all([first, second])
    db.session.commit()
    gone = second.id
    db.session.delete(second)
    db.session.commit()
    again = Player(nickname="Drei")
    db.session.add(again)
    db.session.commit()
    assert again.id > gone
