"""One player answering the same question from many tabs at once stores one answer."""

from __future__ import annotations

from collections import Counter
from functools import partial

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import QuizAnswer, QuizAttempt
from tests.clients import Reader
from tests.quiz_factories import make_quiz, right_values
from tests.quiz_helpers import QuizReader
from tests.web.test_actions_concurrency import THREADS, assert_clear, at_once, tabs


def test_a_double_submit_from_many_tabs_stores_one_answer(app):
    quiz = make_quiz()
    player = QuizReader(app.test_client(), quiz)
    first, second = player.questions()[:2]
    assert player.answer(right_values(first)).status_code == 200  # the player exists now
    reader = Reader(player.client)
    reader.token = player.token
    data = {"frage": str(second.id), "versuch": "1", "antwort": right_values(second)}
    calls = [
        partial(tab.post, f"/quiz/{quiz.slug}/antworten", data, htmx=True)
        for tab in tabs(app, reader, THREADS)
    ]
    responses = at_once(calls)
    assert_clear(responses, "answer from every tab")
    assert Counter(r.status_code for r in responses)[200] == 1
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizAnswer)) == 2
    assert db.session.scalar(sa.select(sa.func.sum(QuizAnswer.points))) == 20
    assert db.session.scalar(sa.select(sa.func.count()).select_from(QuizAttempt)) == 1
