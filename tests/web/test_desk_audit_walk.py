"""Every desk route that changes something writes an audit entry (issue 15, item 3).

The walk takes every rule of the URL map that needs a role and takes a POST, posts the
valid form from the shared route registry (tests/routes.py: VALID_FORMS, filled in by
`fresh_form`) to each of its example paths as an admin, and compares every table before
and after: whenever anything changed, an audit entry naming the admin must be new. Each
such rule must change something at least once, unless it is listed as changing nothing.
"""

from __future__ import annotations

import pytest
import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry
from tests.database import base_config
from tests.desk_helpers import editor
from tests.routes import (
    DESK_POSTS_WITHOUT_CHANGE,
    fresh_form,
    kind_of,
    make_world,
    url_values,
)

# Tables a desk POST may change without that being a change worth auditing.
NOT_CONTENT = {"audit_entry", "cache_version"}


@pytest.fixture
def app_config(tmp_path) -> dict:
    """Pictures the walk uploads go to a temporary folder, not the instance folder."""
    return {**base_config(), "PICTURE_UPLOAD_DIR": str(tmp_path / "uploads")}


def snapshot() -> dict[str, list]:
    """Every row of every table but the log and the stamps (sorted, comparable)."""
    db.session.rollback()
    return {
        table.name: sorted(map(repr, db.session.execute(sa.select(table)).all()))
        for table in db.metadata.sorted_tables
        if table.name not in NOT_CONTENT
    }


def audit_ids() -> set[int]:
    db.session.rollback()
    return set(db.session.scalars(sa.select(AuditEntry.id)))


def desk_posts(app) -> list:
    """Every role rule that takes a POST; edits last, so that editing the world's live
    riddle (its first example) cannot take away what an action on it needs."""
    rules = [
        rule
        for rule in app.url_map.iter_rules()
        if (kind_of(app, rule) or "").startswith("role:") and "POST" in (rule.methods or ())
    ]
    return sorted(rules, key=lambda rule: "edit" in rule.endpoint)


def test_every_desk_change_is_audited(app, client):
    world = make_world()
    desk = editor(client, "admin")
    admin_name = db.session.scalar(sa.select(AuditEntry.actor_name).limit(1))  # none yet
    assert admin_name is None
    examples = url_values(world)
    adapter = app.url_map.bind("localhost")
    unaudited, unchanged, walked = [], [], []
    for rule in desk_posts(app):
        changed_once = False
        for values in examples.get(rule.endpoint, [{}]):
            path = adapter.build(rule.endpoint, values, method="POST")
            before, seen = snapshot(), audit_ids()
            response = desk.post(path, fresh_form(rule.endpoint, values))
            assert response.status_code < 500, f"POST {path}: {response.status_code}"
            walked.append(path)
            if snapshot() == before:
                continue
            changed_once = True
            new = db.session.scalars(
                sa.select(AuditEntry).where(AuditEntry.id.not_in(seen or {0}))
            ).all()
            if not new or any(entry.actor_id is None for entry in new):
                unaudited.append(f"POST {path} changed something without an audit entry")
        if not changed_once and rule.endpoint not in DESK_POSTS_WITHOUT_CHANGE:
            unchanged.append(f"{rule.endpoint}: its valid form changed nothing")
    assert unaudited == []
    assert unchanged == [], "\n".join(unchanged)
    # The walk reached the areas of issue 15: riddles, articles, quizzes, partners, imports.
    for part in ("/raetsel/", "/artikel/", "/quizze/", "/partner/", "/inhalte/", "/einblicke/"):
        assert any(part in path for path in walked), part
