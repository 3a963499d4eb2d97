"""Prepared players for the quiz answer benchmark, and the quiz's questions with wrong answers.

The question ids and choice ids come from the quiz page itself (a scout player walks through
the quiz once); which answer is wrong comes from the generated quiz's known shape
(harzquiz.cli.datagen.QUIZ_QUESTIONS: the first choice is never right, every statement is true).
Wrong answers earn no points, so the run never invalidates the leaderboards, like the
wrong-guess run.
"""

from __future__ import annotations

import re
import urllib.parse
import urllib.request
from pathlib import Path

from harzquiz.cli.datagen import QUIZ_QUESTIONS

from .sessions import CSRF, _session_cookie

QUESTION = re.compile(r'name="frage" value="(\d+)"')
ATTEMPT = re.compile(r'name="versuch" value="(\d+)"')
CHOICE = re.compile(r'name="antwort" value="(\d+)"')
WRONG = {"true_false": "false", "number": "-1", "text": "Falsch"}  # choices: the first one


def _open(base: str, path: str, cookie: str | None = None) -> tuple[str, str | None]:
    """The page's HTML and the session cookie it set (or the one sent)."""
    request = urllib.request.Request(base + path, headers={"Cookie": cookie} if cookie else {})
    with urllib.request.urlopen(request) as page:
        return page.read().decode(), _session_cookie(page) or cookie


def _answer(
    base: str, path: str, cookie: str | None, token: str, question: str, attempt: int, value: str
) -> str:
    """Post one answer as htmx does; refuses a refusal and a right answer. The new cookie."""
    body = urllib.parse.urlencode(
        {"csrf_token": token, "frage": question, "versuch": attempt, "antwort": value}
    ).encode()
    headers = {"HX-Request": "true", "HX-Current-URL": base + path}
    if cookie:
        headers["Cookie"] = cookie
    request = urllib.request.Request(
        base + path + "/antworten", data=body, method="POST", headers=headers
    )
    with urllib.request.urlopen(request) as answer:
        if answer.status != 200:
            raise RuntimeError(f"quiz answer answered {answer.status}")
        if answer.headers.get("HX-Trigger"):
            raise RuntimeError(f"the benchmark's answer {value!r} to {question} was right")
        return _session_cookie(answer) or cookie


def quiz_questions(base: str, path: str) -> list[tuple[str, str]]:
    """(question id, wrong answer) for every question, in the quiz's order."""
    html, cookie = _open(base, path)
    token = CSRF.search(html).group(1)
    questions = []
    for spec in QUIZ_QUESTIONS:
        question = QUESTION.search(html)
        if question is None:
            raise RuntimeError(f"{path} shows no question {len(questions) + 1}")
        value = WRONG.get(spec["kind"]) or CHOICE.search(html).group(1)
        questions.append((question.group(1), value))
        attempt = int(ATTEMPT.search(html).group(1))
        cookie = _answer(base, path, cookie, token, question.group(1), attempt, value)
        html, cookie = _open(base, path, cookie)
    if QUESTION.search(html):
        raise RuntimeError(f"{path} has more questions than harzquiz.cli.datagen.QUIZ_QUESTIONS")
    return questions


def new_quiz_player(base: str, path: str, first: tuple[str, str]) -> tuple[str, str]:
    """Open the quiz like a new reader and answer question 1 wrong: (cookie, token)."""
    html, cookie = _open(base, path)
    token = CSRF.search(html).group(1)
    return _answer(base, path, cookie, token, first[0], 1, first[1]), token


def write_quiz_sessions(
    base: str, path: str, count: int, folder: Path, name: str = "quiz"
) -> tuple[Path, Path]:
    """The questions file ("id<TAB>url-encoded wrong answer" per line) and `count` players
    who answered question 1 of attempt 1 ("cookie<TAB>token" per line)."""
    questions = quiz_questions(base, path)
    questions_file = folder / f"{name}-questions.tsv"
    questions_file.write_text(
        "".join(f"{qid}\t{urllib.parse.quote_plus(value)}\n" for qid, value in questions),
        encoding="utf-8",
    )
    players = ["\t".join(new_quiz_player(base, path, questions[0])) for _ in range(count)]
    sessions_file = folder / f"{name}-sessions.tsv"
    sessions_file.write_text("\n".join(players) + "\n", encoding="utf-8")
    return questions_file, sessions_file
