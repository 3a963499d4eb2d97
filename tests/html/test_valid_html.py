"""Valid HTML: the Nu Html Checker (vnu.jar) finds no error on any page or htmx partial.

What is checked: every GET rule of the shared route registry (tests/routes.py, walked by
`every_page` as a full page and as an htmx request) as a guest, a player, a solver and an
account, desk pages as an admin; the responses only a POST produces (guess, hint and reveal
feedback, quiz feedback and result, the desk's answer test, forms with errors, the quiz
desk's question list, embed actions); the error pages; and the demo content the browser
tests visit (its article body, leaderboard and quiz are richer than the route world's).

All documents go into one temporary folder and through ONE vnu run: starting the JVM costs
more than checking a few hundred documents. htmx partials are not documents, so each is
wrapped in a minimal valid one (doctype, lang, charset, title, then the partial as the
body's content, starting on line 2). That checks the partial's own markup (attributes,
nesting, duplicate ids within it) as flow content, which is where htmx puts every one of
ours. A canary document with one bad attribute goes through the same run: the test proves
the checker still reports errors, so an empty report can only mean valid pages.

vnu.jar comes from npm, pinned in tests/html/package-lock.json; CI installs it with
INSTALL (below) and Debian's Java. Missing either is a failure, not a skip.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

import pytest
import sqlalchemy as sa
from flask import abort

from harzquiz import create_app
from harzquiz.cli.demo import seed_demo
from harzquiz.extensions import db
from harzquiz.models import Quiz
from tests.browser.conftest import DEMO_ARTICLE, DEMO_SLUG
from tests.clients import Reader
from tests.database import reset_database
from tests.desk_helpers import editor, riddle_data
from tests.factories import NOW, make_account, make_riddle
from tests.helpers import HTMX, is_partial, log_in, log_in_as, reader_paths, text_of
from tests.quiz_factories import make_quiz, right_values, wrong_values
from tests.quiz_helpers import QuizReader
from tests.routes import SOLUTION, World, make_world
from tests.web.test_security_headers import every_page

pytestmark = pytest.mark.html

HERE = Path(__file__).parent
VNU_JAR = HERE / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
INSTALL = "npm ci --prefix tests/html --ignore-scripts"
# Partials start on this line of their wrapper document (reported lines are the partial's).
WRAPPER_HEAD = (
    '<!DOCTYPE html><html lang="de"><head><meta charset="utf-8"><title>htmx partial</title>'
    "</head><body>\n"
)
# Checked in the same run: proves vnu still reports errors (and that data-hx-* is valid).
CANARY = '<div data-hx-get="/" hx-get="/">bad attribute</div>'
CANARY_ERROR = "Attribute “hx-get” not allowed on element “div” at this point."


@dataclass
class Document:
    label: str  # what was requested, and as whom
    partial: bool


def as_document(html: str) -> tuple[str, bool]:
    """The response as a checkable document, and whether it was wrapped (a partial)."""
    if not is_partial(html):
        return html, False
    return f"{WRAPPER_HEAD}{html}\n</body></html>\n", True


# Per-session values: responses differing only in these are checked once.
TOKENS = re.compile(r'(?:name="csrf_token" (?:type="hidden" )?value="|"X-CSRFToken": ")([^"]+)"')


def write_documents(pages: dict[str, str], folder: Path) -> dict[str, Document]:
    """One file per distinct response; file name -> what it is."""
    documents: dict[str, Document] = {}
    seen: set[str] = set()
    for number, (label, html) in enumerate(pages.items()):
        key = html
        for token in set(TOKENS.findall(html)):
            key = key.replace(token, "TOKEN")
        if key in seen:
            continue
        seen.add(key)
        text, partial = as_document(html)
        slug = re.sub(r"[^a-z0-9]+", "-", label.lower()).strip("-")[:80]
        name = f"{number:04d}-{slug}.html"
        (folder / name).write_text(text, encoding="utf-8")
        documents[name] = Document(label, partial)
    return documents


def java() -> str:
    found = shutil.which("java")
    if not found:
        pytest.fail(
            "Java (17 or newer) is needed to run the Nu Html Checker: "
            "`apt-get install default-jre-headless` (.ci/run installs it)",
            pytrace=False,
        )
    return found


def vnu_jar() -> Path:
    if not VNU_JAR.is_file():
        pytest.fail(
            f"{VNU_JAR} is missing; install it from the repository root with `{INSTALL}`",
            pytrace=False,
        )
    return VNU_JAR


def check(vnu: list[str], folder: Path) -> list[dict]:
    """Run vnu once over every file in `folder`; its errors (and fatal problems)."""
    result = subprocess.run(
        [*vnu, "--errors-only", "--format", "json", "--exit-zero-always", str(folder)],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )
    assert result.returncode == 0, f"vnu failed to run:\n{result.stdout}\n{result.stderr}"
    report = json.loads(result.stderr)  # vnu writes its report to stderr
    return [m for m in report["messages"] if m.get("type") in ("error", "non-document-error")]


def describe(message: dict, documents: dict[str, Document]) -> str:
    name = Path(message.get("url", "?")).name
    document = documents.get(name)
    line = message.get("lastLine", 0) - (1 if document and document.partial else 0)
    what = f"{document.label} ({'partial' if document.partial else 'page'})" if document else ""
    extract = (message.get("extract") or "").replace("\n", " ").strip()
    return f"{name} {what} line {line}: {message.get('message')}\n    {extract}"


class Responses(dict):
    """Label -> body of a response to check; each response's status is asserted on the way,
    so a walk that went astray fails instead of checking some other page."""

    def add(self, label: str, response, status: int = 200, follow=None) -> None:
        if follow is not None and response.status_code == 303:  # the form's redirect
            response = follow.get(response.headers["Location"].split("#", 1)[0])
        assert response.status_code == status, f"{label}: {response.status_code}, not {status}"
        self[label] = text_of(response)


# --- what the readers see --------------------------------------------------------------------


def reader_pages(app, client, world: World) -> Responses:
    """Every GET rule in each state of a reader, and the feedback of each reader action."""
    reader = Reader(client)
    live = world.live
    pages = Responses()

    def walk(who: str) -> None:
        for name, html in every_page(app, client, world).items():
            pages[f"{who} {name}"] = html

    walk("guest")
    reader.open("/")
    actions = [  # name, path, form, status (a form that succeeds redirects to the page)
        ("wrong guess", f"/raetsel/{live}/raten", {"guess": "Boje"}, 200),
        ("close guess", f"/raetsel/{live}/raten", {"guess": "Fisch"}, 200),
        ("empty guess", f"/raetsel/{live}/raten", {"guess": ""}, 422),
        ("hint", f"/raetsel/{live}/tipps/1", {}, 200),
        ("guess on a closed riddle", f"/raetsel/{world.closed}/raten", {"guess": "x"}, 409),
    ]
    for name, path, form, status in actions:
        pages.add(f"htmx {name}", reader.post(path, form, htmx=True), status)
        pages.add(f"form {name}", reader.post(path, form), status, follow=client)
    pages.add("nickname error", reader.post("/spitzname", {"nickname": "x"}), 422)
    walk("player")
    pages.add("htmx correct guess", reader.guess(live, SOLUTION))
    pages.add("htmx reveal", reader.post(f"/raetsel/{world.other_live}/loesung", htmx=True))
    walk("solved")
    pages.add("registration error", reader.post("/registrieren", {"nickname": "<b>"}), 422)
    login = {"email": "niemand@example.org", "password": "falsch"}
    pages.add("login error", reader.post("/anmelden", login), 422)
    log_in(client, make_account().email)
    walk("account")
    password = {"current": "falsch", "password": "x", "confirm": "y"}
    pages.add("password error", Reader(client).post("/passwort", password), 422)
    return pages


class SurfaceQuizReader(QuizReader):
    """A quiz player on the site (prefix "") or inside an embed ("/embed/<key>")."""

    def __init__(self, client, quiz: Quiz, prefix: str):
        super().__init__(client, quiz)
        self.prefix = prefix

    @property
    def path(self) -> str:
        return f"{self.prefix}/quiz/{self.slug}"


def quiz_pages(app, slug: str, prefix: str = "") -> Responses:
    """A quiz played through: question, feedback (partial and page), result, practice."""
    quiz = db.session.scalar(sa.select(Quiz).where(Quiz.slug == slug))
    player = SurfaceQuizReader(app.test_client(), quiz, prefix)
    where = "embed" if prefix else "site"
    pages = Responses()
    pages.add(f"{where} quiz question page", player.open())
    pages.add(f"{where} htmx quiz question", player.open(htmx=True))
    for number, question in enumerate(player.questions(), start=1):
        if number == 1:  # wrong, as a form: it redirects to the feedback page
            response = player.answer(wrong_values(question), htmx=False)
            pages.add(f"{where} quiz feedback page", response, follow=player.client)
        else:
            response = player.answer(right_values(question))
            pages.add(f"{where} htmx quiz feedback {number}", response)
    pages.add(f"{where} htmx quiz result", player.open(htmx=True))
    pages.add(f"{where} quiz result page", player.open())
    pages.add(f"{where} quiz practice page", player.open("?neu=1"))
    pages.add(f"{where} htmx quiz practice", player.open("?neu=1", htmx=True))
    pages.add(f"{where} htmx quiz refusal", player.post({"frage": "999", "versuch": "1"}), 422)
    return pages


def embed_pages(app, world: World) -> Responses:
    """The reader actions inside a partner's embed."""
    base = f"/embed/{world.partner_key}/raetsel"
    reader = Reader(app.test_client())
    reader.open(f"/embed/{world.partner_key}/")
    pages = Responses()
    for htmx in (True, False):
        label = f"embed {'htmx' if htmx else 'form'}"
        follow = None if htmx else reader.client
        guess = reader.post(f"{base}/{world.live}/raten", {"guess": "Boje"}, htmx=htmx)
        pages.add(f"{label} wrong guess", guess, follow=follow)
        hint = reader.post(f"{base}/{world.live}/tipps/1", htmx=htmx)
        pages.add(f"{label} hint", hint, follow=follow)
    pages.add("embed htmx reveal", reader.post(f"{base}/{world.other_live}/loesung", htmx=True))
    return pages


def error_pages(app, app_config, world: World) -> Responses:
    """Every error status the site renders (page and htmx partial)."""
    client = app.test_client()
    reader = Reader(app.test_client())
    log_in_as(reader.client, "reader")
    pages = Responses()
    guess = f"/raetsel/{world.live}/raten"
    requests = [  # status, who asks, method, path, form
        (400, client, "POST", guess, {"guess": "x"}),  # no CSRF token
        (403, reader.client, "GET", "/redaktion/", None),
        (404, client, "GET", "/gibt-es-nicht", None),
        (405, client, "GET", guess, None),
        (413, client, "POST", guess, {"guess": "x" * 70_000}),
    ]
    for label, headers in (("page", {}), ("htmx", HTMX)):
        for status, asker, method, path, form in requests:
            response = asker.open(path, method=method, data=form, headers=headers)
            pages.add(f"{label} {status}", response, status)
    # 500 and 503 need a view that fails; the app under test has served requests already,
    # so a second app on the same database carries those views.
    failing = create_app(app_config)

    def broken():
        raise RuntimeError("kaputt")

    def unavailable():
        abort(503)

    failing.add_url_rule("/kaputt", "kaputt", broken)
    failing.add_url_rule("/ueberlastet", "ueberlastet", unavailable)
    try:
        for label, headers in (("page", {}), ("htmx", HTMX)):
            pages.add(f"{label} 500", failing.test_client().get("/kaputt", headers=headers), 500)
            overloaded = failing.test_client().get("/ueberlastet", headers=headers)
            pages.add(f"{label} 503", overloaded, 503)
    finally:
        with failing.app_context():
            db.session.remove()
            db.engine.dispose()
    return pages


# --- what the editors see --------------------------------------------------------------------


def desk_pages(app) -> Responses:
    """The desk's POST responses: forms with errors, the answer test, the quiz desk's list."""
    desk = editor(app.test_client(), role="admin")
    riddle = make_riddle(slug="aus-der-boje", publish_at=None, closes_at=None)
    quiz = make_quiz(slug="desk-quiz")
    questions = f"/redaktion/quizze/{quiz.id}/fragen"
    choices = f"{questions}/{quiz.questions[0].id}/antworten"
    pages = Responses()
    for htmx in (True, False):
        label = f"desk {'htmx' if htmx else 'form'}"
        bad_riddle = riddle_data(slug="Kein Slug", title="")
        pages.add(
            f"{label} riddle errors",
            desk.post("/redaktion/raetsel/neu", bad_riddle, htmx=htmx),
            422,
        )
        for answer in ("Kugelgrill", "Grill", "Sonnenschirm"):
            data = riddle_data(test_answer=answer, row_action="test-answer")
            pages.add(
                f"{label} answer test {answer}",
                desk.post("/redaktion/raetsel/neu", data, htmx=htmx),
            )
        add_row = riddle_data(row_action="add-hints")
        pages.add(f"{label} add hint row", desk.post("/redaktion/raetsel/neu", add_row, htmx=htmx))
        bad_article = {"title": "", "slug": "Kein Slug"}
        pages.add(
            f"{label} article errors",
            desk.post("/redaktion/artikel/neu", bad_article, htmx=htmx),
            422,
        )
        bad_quiz = {"slug": "", "title": ""}
        pages.add(
            f"{label} quiz errors", desk.post("/redaktion/quizze/neu", bad_quiz, htmx=htmx), 422
        )
        bad_partner = {"name": "", "accent": "rot"}
        pages.add(
            f"{label} partner errors",
            desk.post("/redaktion/partner/neu", bad_partner, htmx=htmx),
            422,
        )
        bad_question = {"kind": "single", "prompt": "Wer?", "choices": "a\nb"}
        pages.add(f"{label} question refused", desk.post(questions, bad_question, htmx=htmx), 422)
        pages.add(f"{label} choice refused", desk.post(choices, {"text": ""}, htmx=htmx), 422)
    # A question's own page with its errors beside the fields; the plan form's error.
    for kind in ("single", "true_false", "number", "text"):
        refused = desk.post(f"{questions}/neu/{kind}", {"prompt": ""})
        pages.add(f"desk question page errors {kind}", refused, 422)
    plan = {"riddle_id": str(riddle.id), "publish_at": ""}
    pages.add("desk plan errors", desk.post("/redaktion/raetsel/planen", plan), 422)
    # htmx swaps the question list after each accepted change
    new_question = {"kind": "true_false", "prompt": "Stimmt es?", "truth": "true"}
    pages.add("desk htmx question added", desk.post(questions, new_question, htmx=True))
    moved = desk.post(f"{questions}/{quiz.questions[0].id}/runter", htmx=True)
    pages.add("desk htmx question moved", moved)
    pages.add("desk htmx choice added", desk.post(choices, {"text": "Neu"}, htmx=True))
    first = editor(app.test_client())
    second = editor(app.test_client())
    path = f"/redaktion/raetsel/{riddle.id}"
    draft = {"version": "1", "publish_at": "", "closes_at": ""}  # the world's riddles are live
    assert first.post(path, riddle_data(**draft, title="Erste")).status_code == 303
    for htmx in (True, False):
        late = second.post(path, riddle_data(**draft, title="Zweite"), htmx=htmx)
        pages.add(f"desk {'htmx' if htmx else 'form'} save conflict", late, 409)
    return pages


# --- the demo the browser tests visit ----------------------------------------------------------


def demo_pages(app) -> Responses:
    """The demo site on a fresh database: the pages the browser tests open."""
    reset_database()
    seed_demo(NOW)
    db.session.commit()
    reader = Reader(app.test_client())
    pages = Responses()
    for path in reader_paths(DEMO_SLUG, DEMO_ARTICLE):
        for label, headers in (("page", {}), ("htmx", HTMX)):
            pages.add(f"demo {label} {path}", reader.client.get(path, headers=headers))
    reader.open("/")
    pages.add("demo htmx wrong guess", reader.guess(DEMO_SLUG, "Sonnenschirm"))
    pages.add("demo htmx correct guess", reader.guess(DEMO_SLUG, "Kugelgrill"))
    pages.add("demo page / solved", reader.client.get("/"))
    for period in ("woche", "monat", "gesamt"):
        leaderboard = reader.client.get(f"/rangliste?zeitraum={period}")
        pages.add(f"demo page leaderboard {period}", leaderboard)
    quiz_slug = db.session.scalars(sa.select(Quiz.slug)).first()
    assert quiz_slug, "the demo has no quiz"
    pages.update({f"demo {k}": v for k, v in quiz_pages(app, quiz_slug).items()})
    return pages


def test_every_page_and_partial_is_valid_html(app, client, app_config, tmp_path):
    vnu = [java(), "-jar", str(vnu_jar())]  # before the walk: a missing tool fails at once
    world = make_world()
    pages = reader_pages(app, client, world)
    pages.update(quiz_pages(app, world.quiz))
    pages.update(quiz_pages(app, world.quiz, prefix=f"/embed/{world.partner_key}"))
    pages.update(embed_pages(app, world))
    pages.update(error_pages(app, app_config, world))
    pages.update(desk_pages(app))
    pages.update(demo_pages(app))

    folder = tmp_path / "html"  # tmp_path holds the SQLite database too
    folder.mkdir()
    documents = write_documents(pages, folder)
    (folder / "canary.html").write_text(as_document(CANARY)[0], encoding="utf-8")
    full = sum(not d.partial for d in documents.values())
    print(
        f"\nvnu checks {len(documents)} distinct documents "
        f"({full} pages, {len(documents) - full} partials) of {len(pages)} responses"
    )
    assert full >= 50 and len(documents) - full >= 40  # the walk reached what it should
    errors = check(vnu, folder)

    canary = [m for m in errors if Path(m.get("url", "")).name == "canary.html"]
    assert [m["message"] for m in canary] == [CANARY_ERROR], "vnu no longer reports errors"
    found = sorted(describe(m, documents) for m in errors if m not in canary)
    if found:
        pytest.fail(f"{len(found)} HTML errors:\n" + "\n".join(found), pytrace=False)
