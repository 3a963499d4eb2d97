"""The audit log reads like a newsroom tool (issue 15, item 3): quizzes and partners are
in it, entries use field labels and Berlin times, and it filters by who, what and when
(keeping the filter across its pages)."""

from __future__ import annotations

import re
from datetime import timedelta

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import AuditEntry
from tests.desk_helpers import editor
from tests.factories import NOW, make_partner
from tests.helpers import text_of
from tests.quiz_factories import make_quiz


def rows(page: str) -> list[str]:
    return re.findall(r"<tr data-action=.*?</tr>", page, re.S)


def test_partner_and_quiz_changes_are_logged_readably(app, client):
    partner = make_partner(name="Harzkurier")
    quiz = make_quiz(title="Harz-Quiz")
    desk = editor(client, "admin")
    desk.post(
        f"/redaktion/partner/{partner.id}",
        {"name": "Harzkurier", "origins": "https://neu.example", "accent": "#aa3300"},
    )  # no "enabled": switched off, and a new origin
    desk.post(f"/redaktion/partner/{partner.id}/schluessel", {})
    desk.post(f"/redaktion/quizze/{quiz.id}/fragen/{quiz.questions[0].id}/runter", {})
    page = text_of(desk.client.get("/redaktion/protokoll"))
    found = rows(page)
    assert len(found) == 4
    newest_first = [re.search(r'data-action="(\w+)"', row).group(1) for row in found]
    assert newest_first == ["changed", "new_key", "changed", "disabled"]
    assert "Reihenfolge der Fragen" in found[0] and "Quiz: " in found[0]
    assert "neuer Schlüssel" in found[1] and "Partner: " in found[1]
    assert "erlaubte Herkünfte" in found[2] and "origins" not in found[2]
    assert "ausgeschaltet" in found[3]
    # Berlin time: 10:00 UTC on 25 November is 11:00 in Berlin.
    assert "25.11.26, 11:00" in found[0]


def entry(when, who="Anna", action="changed", target="riddle", label="R") -> AuditEntry:
    return AuditEntry(created_at=when, actor_name=who, action=action, target_type=target,
                      target_id=1, target_label=label, detail="")  # fmt: skip


def test_the_log_filters_by_who_what_and_when(app, client):
    db.session.add_all(
        [
            entry(NOW, who="Anna", label="heute-anna"),
            entry(NOW, who="Bert", target="quiz", label="heute-bert-quiz"),
            entry(NOW - timedelta(days=3), who="Anna", action="closed", label="vorgestern"),
            # 23:30 UTC on the 21st is already the 22nd in Berlin.
            entry(NOW.replace(day=21, hour=23, minute=30), who="Anna", label="berlin-22"),
        ]
    )
    db.session.commit()
    desk = editor(client, "admin")

    def labels(query: str) -> set[str]:
        response = desk.client.get(f"/redaktion/protokoll?{query}")
        assert response.status_code == 200, query
        return set(re.findall(r'<span lang="de">([^<]+)</span>', text_of(response)))

    everything = {"heute-anna", "heute-bert-quiz", "vorgestern", "berlin-22"}
    assert labels("") == everything
    assert labels("wer=Bert") == {"heute-bert-quiz"}
    assert labels("was=quiz") == {"heute-bert-quiz"}
    assert labels("aktion=closed") == {"vorgestern"}
    assert labels("wer=Anna&von=2026-11-22&bis=2026-11-22") == {"vorgestern", "berlin-22"}
    assert labels("von=2026-11-25") == {"heute-anna", "heute-bert-quiz"}
    assert labels("bis=2026-11-21") == set()
    # The filter's choices are the values in the log, with readable labels.
    page = text_of(desk.client.get("/redaktion/protokoll"))
    assert '<option value="quiz">Quiz</option>' in page
    assert '<option value="closed">beendet</option>' in page


def test_a_bad_filter_is_a_clear_422_and_shows_every_entry(app, client):
    db.session.add(entry(NOW))
    db.session.commit()
    desk = editor(client, "admin")
    for query in ("von=gestern", "wer=Niemand", "was=rakete", "aktion=zaubern"):
        response = desk.client.get(f"/redaktion/protokoll?{query}")
        assert response.status_code == 422, query
        assert 'aria-invalid="true"' in text_of(response)


def test_the_filter_stays_on_every_page(app, client):
    db.session.add_all(entry(NOW - timedelta(minutes=i), who="Anna") for i in range(101))
    db.session.add(entry(NOW, who="Bert"))
    db.session.commit()
    desk = editor(client, "admin")
    page = text_of(desk.client.get("/redaktion/protokoll?wer=Anna"))
    assert len(rows(page)) == 100 and "wer=Anna&amp;seite=2" in page
    second = text_of(desk.client.get("/redaktion/protokoll?wer=Anna&seite=2"))
    assert len(rows(second)) == 1
    assert db.session.scalar(sa.select(sa.func.count()).select_from(AuditEntry)) == 102
