"""Quiz pages and the answer action (thin: one call into services/ per action)."""

from __future__ import annotations

from flask import Blueprint, abort, current_app, redirect, render_template, request, url_for
from flask_wtf.csrf import CSRFError

from harzquiz import clock
from harzquiz.leaderboards.boards import board_for_current_player, board_step
from harzquiz.players.current import current_player, ensure_player
from harzquiz.quizzes.limits import answers_per_address, answers_per_player
from harzquiz.quizzes.signals import quiz_answered, quiz_answers_shown
from harzquiz.quizzes.view import QuizView, build_quiz_view, share_text, stage_state
from harzquiz.riddles.limits import (
    reveal_limited,
    reveals_per_address,
    reveals_per_address_and_item,
)
from harzquiz.rules.refusals import Refusal
from harzquiz.services import quiz_play
from harzquiz.web.errors import render_error
from harzquiz.web.evidence import reveal_evidence
from harzquiz.web.htmx import render, wants_partial
from harzquiz.web.kept_parts import keep_part_by_state
from harzquiz.web.refusals import status_for

bp = Blueprint("quizzes", __name__)

PAGE = "quizzes/quiz.html"
# An answer's feedback is kept per question, answer and round position, not per reader.
keep_part_by_state("quizzes/_stage_response.html", stage_state)


def _quiz_or_404(slug: str):
    quiz = quiz_play.public_quiz(slug, clock.now())
    if quiz is None:
        abort(404)
    return quiz


def _context(view: QuizView, **extra) -> dict:
    """What the page and its stage partial render (the share text only for a result)."""
    share = None
    if view.mode == "result":
        # the site's URL, also inside an embed (whose URLs carry the reader's session token)
        url = url_for("quizzes.quiz_page", slug=view.slug, _external=True)
        listed = board_step() == "listed"
        share = share_text(view, current_app.config["SITE_NAME"], url, listed)
    return {"view": view, "share": share, **extra}


def _show(view: QuizView, status: int = 200, focus: str | None = None, **extra):
    """The quiz page, or for htmx the stage it includes (clearing an earlier alert)."""
    if not wants_partial():
        page = render_template(PAGE, board=board_for_current_player(), **_context(view, **extra))
        return page, status
    return render(
        PAGE, "quizzes/_stage_response.html", status, focus=focus, **_context(view, **extra)
    )


def _refuse(quiz, error: Refusal):
    """A refused answer: the message, the right status, and the quiz where the player is."""
    status = status_for(error)
    if not wants_partial():
        view = build_quiz_view(quiz, current_player(), clock.now())
        return _show(view, status, error=error)
    response = render(PAGE, "quizzes/_alert.html", status, error=error, slug=quiz.slug)
    response.headers["HX-Retarget"] = f"#quiz-{quiz.slug}-alert"
    response.headers["HX-Reswap"] = "innerHTML"
    return response


def _form_int(name: str) -> int | None:
    value = request.form.get(name, "")
    return int(value) if value.isascii() and value.isdecimal() and len(value) < 12 else None


@bp.get("/quiz/<slug>")
def quiz_page(slug: str):
    """The quiz where the reader left off: the next question, or the result (?neu=1: practice)."""
    quiz = _quiz_or_404(slug)
    view = build_quiz_view(quiz, current_player(), clock.now(), new_round="neu" in request.args)
    return _show(view, focus="stage" if wants_partial() else None)


@bp.get("/quiz/<slug>/antwort/<int:question_id>")
def feedback_page(slug: str, question_id: int):
    """The feedback on an answered question (where post/redirect/get lands)."""
    quiz = _quiz_or_404(slug)
    view = build_quiz_view(quiz, current_player(), clock.now(), feedback_for=question_id)
    if view.mode != "feedback":
        return redirect(url_for(".quiz_page", slug=slug), 303)  # not answered: no answer shown
    return _show(view, focus="feedback")


@bp.post("/quiz/<slug>/antworten")
@answers_per_player
@answers_per_address
def answer(slug: str):
    """Judge an answer: its feedback for htmx, post/redirect/get without JavaScript."""
    quiz = _quiz_or_404(slug)
    question_id, attempt = _form_int("frage"), _form_int("versuch")
    if question_id is None or attempt is None:
        return _refuse(quiz, Refusal.TAMPERED)
    outcome = quiz_play.answer_question(
        quiz,
        current_player(),
        question_id,
        attempt,
        request.form.getlist("antwort"),
        clock.now(),
        ensure_player,
        reveal_evidence(),  # its feedback shows the right answers
    )
    if outcome.error:
        return _refuse(quiz, outcome.error)
    quiz_answered.send(current_app._get_current_object(), outcome=outcome)  # type: ignore[attr-defined]
    if not wants_partial():
        target = url_for(".feedback_page", slug=slug, question_id=question_id)
        return redirect(f"{target}#quiz-{slug}", 303)
    view = build_quiz_view(
        quiz, current_player(), clock.now(), feedback_for=question_id, progress=outcome.progress
    )
    response = _show(view, focus="feedback")
    if outcome.points:
        response.headers["HX-Trigger"] = "leaderboard-changed"
    return response


@bp.get("/quiz/<slug>/antworten-zeigen")
def confirm_show_answers(slug: str):
    """The confirmation step before showing the answers (it ends the round)."""
    quiz = _quiz_or_404(slug)
    view = build_quiz_view(quiz, current_player(), clock.now())
    if view.mode != "question":
        return redirect(url_for(".quiz_page", slug=slug), 303)  # finished: nothing to show
    return _show(view, confirming=True)


@bp.post("/quiz/<slug>/antworten-zeigen")
@reveals_per_address
@reveals_per_address_and_item
def show_answers(slug: str):
    """Show the right answers: the open round counts as played (docs/rules.md)."""
    quiz = _quiz_or_404(slug)
    attempt = _form_int("versuch")
    if attempt is None:
        return _refuse(quiz, Refusal.TAMPERED)
    outcome = quiz_play.show_answers(quiz, current_player(), attempt, clock.now(), ensure_player)
    if outcome.error:
        return _refuse(quiz, outcome.error)
    quiz_answers_shown.send(current_app._get_current_object(), quiz=quiz)  # type: ignore[attr-defined]
    if not wants_partial():
        return redirect(url_for(".quiz_page", slug=slug) + f"#quiz-{slug}", 303)
    return _show(build_quiz_view(quiz, current_player(), clock.now()), focus="stage")


@bp.errorhandler(429)
def too_many_requests(error):
    """Rate-limited answers or reveals get the quiz with a clear message, nothing stored."""
    quiz = quiz_play.public_quiz((request.view_args or {}).get("slug", ""), clock.now())
    limited = Refusal.REVEAL_LIMITED if reveal_limited(error) else Refusal.RATE_LIMITED
    return render_error(429) if quiz is None else _refuse(quiz, limited)


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    """A missing or stale CSRF token: a clear message, nothing stored."""
    quiz = quiz_play.public_quiz((request.view_args or {}).get("slug", ""), clock.now())
    return render_error(400) if quiz is None else _refuse(quiz, Refusal.CSRF)
