"""The quiz desk: list, create and edit quizzes, their questions and choices; preview.

Every view needs the editor role (checked on the view). Question and choice actions answer
htmx with the question list partial and plain forms with post/redirect/get. Once readers
have answered a quiz, its questions and choices are frozen (409).
"""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, abort, redirect, render_template, request, url_for
from flask_babel import format_decimal
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from wtforms.fields.choices import SelectChoice

from harzquiz import clock
from harzquiz.desk.confirm import confirm_page
from harzquiz.desk.quizzes.forms import (
    KIND_LABELS,
    PROBLEM_FIELDS,
    ChoiceForm,
    QuestionForm,
    QuizForm,
    question_form_for,
)
from harzquiz.extensions import db
from harzquiz.models import Article, Quiz, QuizChoice, QuizQuestion, Role
from harzquiz.rules.berlin import berlin_to_utc, utc_to_berlin
from harzquiz.rules.lifecycle import riddle_status
from harzquiz.services import quiz_editing
from harzquiz.web.htmx import render, wants_partial
from harzquiz.web.pagination import DESK_PAGE_SIZE, paginate
from harzquiz.web.roles import requires

bp = Blueprint("quizzes", __name__, url_prefix="/quizze")


MOVES = {"hoch": -1, "runter": 1}
FROZEN = _l("Dieses Quiz wurde schon gespielt: Fragen und Antworten lassen sich nicht mehr ändern.")
STATUS_FOR_PROBLEM = {"frozen": 409}


def _question_or_404(quiz: Quiz, question_id: int) -> QuizQuestion:
    question = next((q for q in quiz.questions if q.id == question_id), None)
    if question is None:
        abort(404)
    return question


def _quiz_form(quiz: Quiz | None = None) -> QuizForm:
    form = QuizForm(obj=quiz)
    form.article_id.choices = [
        SelectChoice(article.id, article.title)
        for article in db.session.scalars(sa.select(Article).order_by(Article.title))
    ]
    if quiz is not None and not form.is_submitted():
        form.publish_at.data, form.closes_at.data = (
            utc_to_berlin(quiz.publish_at),
            utc_to_berlin(quiz.closes_at),
        )
    return form


def _questions(quiz: Quiz, status: int = 200, problem: str | None = None, **forms):
    """The quiz's edit page, or for htmx its question list (with any problem and forms)."""
    context = {
        "quiz": quiz,
        "frozen": quiz_editing.has_answers(quiz),
        "problem": problem,
        "question_form": forms.get("question_form") or QuestionForm(formdata=None),
        "form": forms.get("form") or _quiz_form(quiz),
    }
    return render("quizdesk/edit.html", "quizdesk/_questions.html", status, **context)


def _done(quiz: Quiz, anchor: str = "quizdesk-questions"):
    """After a question or choice action: the list for htmx, else back to the edit page."""
    if wants_partial():
        return _questions(quiz)
    return redirect(url_for(".edit", quiz_id=quiz.id, _anchor=anchor), 303)


def _refuse(quiz: Quiz, problem: str, **forms):
    return _questions(quiz, STATUS_FOR_PROBLEM.get(problem, 422), problem, **forms)


def _save(form: QuizForm, quiz: Quiz):
    """Validate and store the quiz form; the page again with errors (422) if it is wrong."""
    publish_at, closes_at = berlin_to_utc(form.publish_at.data), berlin_to_utc(form.closes_at.data)
    problem = quiz_editing.publish_window_problem(publish_at, closes_at)
    taken = db.session.scalar(
        sa.select(Quiz.id).where(Quiz.slug == form.slug.data, Quiz.id != (quiz.id or 0))
    )
    if taken:
        form.slug.errors.append("taken")
    if problem:
        form.closes_at.errors.append(problem)
    if form.errors:
        return None
    return quiz_editing.save_quiz(
        quiz,
        current_user,
        article_id=form.article_id.data,
        slug=form.slug.data,
        title=form.title.data.strip(),
        intro=(form.intro.data or "").strip(),
        points_per_answer=form.points_per_answer.data,
        publish_at=publish_at,
        closes_at=closes_at,
    )


@bp.get("")
@requires(Role.EDITOR)
def index():
    """Every quiz with its article, status and number of questions."""
    page = paginate(
        sa.select(Quiz).order_by(Quiz.created_at.desc(), Quiz.id.desc()), DESK_PAGE_SIZE
    )
    now = clock.now()
    rows = [(quiz, riddle_status(quiz.publish_at, quiz.closes_at, now)) for quiz in page.items]
    return render_template("quizdesk/index.html", rows=rows, pagination=page)


@bp.route("/neu", methods=["GET", "POST"])
@requires(Role.EDITOR)
def new():
    """Create a quiz (a draft until it has a publish time)."""
    form = _quiz_form()
    if form.validate_on_submit():
        quiz = _save(form, Quiz())
        if quiz is not None:
            return redirect(url_for(".edit", quiz_id=quiz.id), 303)
    status = 422 if form.is_submitted() else 200
    return render_template("quizdesk/new.html", form=form), status


@bp.route("/<int:quiz_id>", methods=["GET", "POST"])
@requires(Role.EDITOR)
def edit(quiz_id: int):
    """Edit a quiz's details and publish times; its questions and choices below."""
    quiz = db.get_or_404(Quiz, quiz_id)
    form = _quiz_form(quiz)
    if form.is_submitted():
        if form.validate() and _save(form, quiz) is not None:
            return redirect(url_for(".edit", quiz_id=quiz.id), 303)
        db.session.rollback()
        return _questions(quiz, 422, form=form)
    return _questions(quiz)


@bp.post("/<int:quiz_id>/fragen")
@requires(Role.EDITOR)
def add_question(quiz_id: int):
    """Append a question of any kind."""
    quiz = db.get_or_404(Quiz, quiz_id)
    form = QuestionForm()
    if quiz_editing.has_answers(quiz):
        return _refuse(quiz, "frozen", question_form=form)
    if not form.validate():
        return _refuse(quiz, "no_prompt" if form.prompt.errors else "form", question_form=form)
    problem = quiz_editing.question_problem(form.spec())
    if problem:
        return _refuse(quiz, problem, question_form=form)
    quiz_editing.add_question(quiz, form.spec(), current_user)
    return _done(quiz)


@bp.post("/<int:quiz_id>/fragen/<int:question_id>/<any(hoch, runter, loeschen):action>")
@requires(Role.EDITOR)
def question_action(quiz_id: int, question_id: int, action: str):
    """Move a question up or down, or remove it."""
    quiz = db.get_or_404(Quiz, quiz_id)
    question = _question_or_404(quiz, question_id)
    if quiz_editing.has_answers(quiz):
        return _refuse(quiz, "frozen")
    if action == "loeschen":
        quiz_editing.remove_question(quiz, question, current_user)
    else:
        quiz_editing.move_question(quiz, question, MOVES[action], current_user)
    return _done(quiz)


@bp.post("/<int:quiz_id>/fragen/<int:question_id>/antworten")
@requires(Role.EDITOR)
def add_choice(quiz_id: int, question_id: int):
    """Append a choice to a choice question."""
    quiz = db.get_or_404(Quiz, quiz_id)
    question = _question_or_404(quiz, question_id)
    form = ChoiceForm()
    if question.kind not in ("single", "multiple"):
        abort(404)
    if quiz_editing.has_answers(quiz):
        return _refuse(quiz, "frozen")
    if not form.validate():
        return _refuse(quiz, "no_text")
    problem = quiz_editing.add_choice(question, form.text.data, form.right.data, current_user)
    return _refuse(quiz, problem) if problem else _done(quiz, f"question-{question.id}")


KINDS = "any(single, multiple, true_false, number, text)"


def _question_page(quiz: Quiz, form: QuestionForm, question: QuizQuestion | None, status=200):
    """The page with one question's form: only the fields of its kind."""
    return render_template(
        "quizdesk/question.html", quiz=quiz, form=form, question=question
    ), status


def _posted_question(kind: str) -> QuestionForm:
    """The posted question form, of the kind the URL (or the stored question) names."""
    formdata = request.form.copy()
    formdata["kind"] = kind  # never the form's: a question keeps its kind
    return QuestionForm(formdata=formdata)


def _store_question(quiz: Quiz, form: QuestionForm, question: QuizQuestion | None):
    """Validate (errors beside their fields), then add or update the question."""
    if quiz_editing.has_answers(quiz):
        form.prompt.errors = [*form.prompt.errors, FROZEN]
        return _question_page(quiz, form, question, 409)
    valid = form.validate()
    problem = quiz_editing.question_problem(form.spec())
    if problem:
        name, message = PROBLEM_FIELDS[problem]
        if not form[name].errors:
            form[name].errors = [*form[name].errors, message]
    if not valid or problem:
        return _question_page(quiz, form, question, 422)
    if question is None:
        question = quiz_editing.add_question(quiz, form.spec(), current_user)
    else:
        quiz_editing.update_question(quiz, question, form.spec(), current_user)
    return redirect(url_for(".edit", quiz_id=quiz.id, _anchor=f"question-{question.id}"), 303)


@bp.route(f"/<int:quiz_id>/fragen/neu/<{KINDS}:kind>", methods=["GET", "POST"])
@requires(Role.EDITOR)
def new_question(quiz_id: int, kind: str):
    """A new question of one kind, on its own page with only that kind's fields."""
    quiz = db.get_or_404(Quiz, quiz_id)
    if request.method == "GET":
        return _question_page(quiz, QuestionForm(formdata=None, kind=kind), None)
    return _store_question(quiz, _posted_question(kind), None)


@bp.route("/<int:quiz_id>/fragen/<int:question_id>", methods=["GET", "POST"])
@requires(Role.EDITOR)
def edit_question(quiz_id: int, question_id: int):
    """Change a question's text, answers and explanation (until the first answer)."""
    quiz = db.get_or_404(Quiz, quiz_id)
    question = _question_or_404(quiz, question_id)
    if request.method == "GET":
        return _question_page(quiz, question_form_for(question), question)
    return _store_question(quiz, _posted_question(question.kind), question)


@bp.get("/<int:quiz_id>/fragen/<int:question_id>/loeschen")
@requires(Role.EDITOR)
def confirm_remove_question(quiz_id: int, question_id: int):
    """Ask before a question is removed; the button POSTs to question_action."""
    quiz = db.get_or_404(Quiz, quiz_id)
    question = _question_or_404(quiz, question_id)
    return confirm_page(
        _("Frage entfernen?"),
        _("„%(prompt)s“ wird mit ihren Antworten entfernt.", prompt=question.prompt),
        _("Frage entfernen"),
        url_for(".edit", quiz_id=quiz.id, _anchor=f"question-{question.id}"),
    )


@bp.post(
    "/<int:quiz_id>/fragen/<int:question_id>/antworten/<int:choice_id>/"
    "<any(hoch, runter, loeschen):action>"
)
@requires(Role.EDITOR)
def choice_action(quiz_id: int, question_id: int, choice_id: int, action: str):
    """Move a choice up or down, or remove it."""
    quiz = db.get_or_404(Quiz, quiz_id)
    question = _question_or_404(quiz, question_id)
    choice: QuizChoice | None = next((c for c in question.choices if c.id == choice_id), None)
    if choice is None:
        abort(404)
    if quiz_editing.has_answers(quiz):
        return _refuse(quiz, "frozen")
    if action == "loeschen":
        problem = quiz_editing.remove_choice(question, choice, current_user)
        if problem:
            return _refuse(quiz, problem)
    else:
        quiz_editing.move_choice(question, choice, MOVES[action], current_user)
    return _done(quiz, f"question-{question.id}")


@bp.get("/<int:quiz_id>/vorschau")
@requires(Role.EDITOR)
def preview(quiz_id: int):
    """The quiz as readers will see it, each question with its right answer (also drafts)."""
    return render_template("quizdesk/preview.html", quiz=db.get_or_404(Quiz, quiz_id))


@bp.app_template_filter("quiz_number")
def quiz_number(value: float | None) -> str:
    """A quiz number in the reader's format (18, 2,5)."""
    return "" if value is None else format_decimal(value, format="#,##0.###")


@bp.context_processor
def desk_context() -> dict:
    """The question kinds' labels for the desk's templates."""
    return {"question_kinds": KIND_LABELS}
