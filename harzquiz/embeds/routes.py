"""Embed pages under /embed/<key>/: the riddle views themselves, in a partner's frame.

The riddle and leaderboard views of the main site are registered here again under the
same endpoint names (so their `url_for(".riddle_page")` and the templates' `surface_url`
stay inside the embed); this module only adds what an embed needs around them: the
partner from the key, framing, the embed session, analytics and redirects that stay in.
"""

from __future__ import annotations

from urllib.parse import parse_qsl, urlencode, urlsplit, urlunsplit

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    g,
    make_response,
    render_template,
    request,
    url_for,
)
from flask_wtf.csrf import CSRFError, generate_csrf

from harzquiz import clock
from harzquiz.crosswords import routes as crossword_routes
from harzquiz.leaderboards import routes as leaderboard_routes
from harzquiz.models import Player
from harzquiz.players.current import session_guest
from harzquiz.quizzes import routes as quiz_routes
from harzquiz.quizzes.signals import quiz_answered
from harzquiz.riddles import routes as riddle_routes
from harzquiz.riddles.signals import riddle_played
from harzquiz.services import catalog, claims, embed_stats, quiz_play
from harzquiz.services.partners import (
    DARK_BACKGROUND,
    LIGHT_BACKGROUND,
    ink_on,
    link_colour,
    partner_by_key,
    theme_accent,
)
from harzquiz.web.errors import render_error
from harzquiz.web.htmx import wants_partial
from harzquiz.web.sessions import (
    EMBED_COOKIE,
    EMBED_TOKEN_ARG,
    current_token,
    leave_session_unsaved,
    session_tampered,
)

bp = Blueprint("embed", __name__, url_prefix="/embed")

REDIRECTS = (301, 302, 303, 307, 308)


class RefusedToken(Exception):
    """The `t` argument was not signed by us (or has expired)."""


@bp.url_value_preprocessor
def load_partner(endpoint: str | None, values: dict | None) -> None:
    """Resolve the key to an enabled partner before anything reads the session or CSRF."""
    g.frame_ancestors = "'none'"  # until we know who may frame this
    g.url_surface = "embed"
    key = (values or {}).pop("key", None)
    if key is None:
        return  # the public (oEmbed) pages set their own framing
    partner = partner_by_key(key)
    if partner is None:
        abort(404)
    if not partner.enabled:
        abort(403)
    g.frame_ancestors = " ".join(partner.origins) or "'none'"
    if session_tampered():
        raise RefusedToken()  # shown in the partner's frame, but nothing else happens
    g.partner = partner
    # Carry the session in URLs until the browser shows it keeps our cookie.
    g.embed_token_in_urls = EMBED_COOKIE not in request.cookies
    g.player = embed_guest()
    generate_csrf()  # before any URL is built: every token in the page then carries it


def embed_guest() -> Player | None:
    """The embed session's guest (id and secret, as on the site); accounts are reached
    only by logging in on the site."""
    return session_guest()


@bp.url_defaults
def add_key_and_token(endpoint: str, values: dict) -> None:
    """Embed URLs carry the partner's key, and the session token while cookies are unproven."""
    partner = g.get("partner")
    if partner is None or not current_app.url_map.is_endpoint_expecting(endpoint, "key"):
        return
    values.setdefault("key", partner.embed_key)
    if g.get("embed_token_in_urls") and endpoint != "embed.theme":
        values[EMBED_TOKEN_ARG] = current_token(current_app)


@bp.after_request
def keep_redirects_inside(response: Response) -> Response:
    """Post/redirect/get stays inside this partner's embed, with the session token fresh."""
    partner = g.get("partner")
    if partner is None or response.status_code not in REDIRECTS or session_tampered():
        return response
    target = urlsplit(response.location or "")
    if target.netloc or not target.path.startswith(f"/embed/{partner.embed_key}/"):
        response.location = url_for("embed.current")
        return response
    query = [(k, v) for k, v in parse_qsl(target.query) if k != EMBED_TOKEN_ARG]
    if g.get("embed_token_in_urls"):
        query.append((EMBED_TOKEN_ARG, current_token(current_app)))
    response.location = urlunsplit(("", "", target.path, urlencode(query), target.fragment))
    return response


@bp.context_processor
def embed_context() -> dict:
    """Templates render in the embed layout, with the partner's theme."""
    return {
        "embedded": True,
        "partner": g.get("partner"),
        "page_layout": "embed/base.html",
        "sidebar_layout": "embed/single.html",
        "claim_points_url": claim_points_url,
    }


def claim_points_url() -> str | None:
    """The site's "Punkte sichern" address with a fresh one-time code for this embed guest
    (services.claims), or None before the reader has played."""
    partner, guest = g.get("partner"), g.get("player")
    if partner is None or guest is None or guest.is_account:
        return None
    code = claims.mint(partner, guest)
    return url_for("claims.claim", partner=partner.embed_key, code=code, _external=True)


def _count_view(response) -> Response:
    """Count a page view for the partner (whole pages only, not htmx fragments)."""
    response = make_response(response)
    if response.status_code == 200 and not wants_partial():
        embed_stats.record(g.partner.id, clock.now(), views=1)
    return response


@bp.get("/<key>/")
def current():
    """The riddle of the week inside the embed: always whichever riddle is live now."""
    riddle = catalog.current_riddle(clock.now())
    if riddle is None:
        return _count_view(render_template("embed/no_riddle.html"))
    return _count_view(riddle_routes.riddle_page(riddle.slug))


@bp.get("/<key>/raetsel/<slug>")
def riddle_page(slug: str):
    """A specific riddle inside the embed (live or archived)."""
    return _count_view(riddle_routes.riddle_page(slug))


@bp.get("/<key>/rangliste")
def leaderboard():
    """The leaderboard inside the embed."""
    return _count_view(leaderboard_routes.leaderboard())


@bp.get("/<key>/quiz/<slug>")
def quiz_page(slug: str):
    """A quiz inside the embed: the next question, or the result (?neu=1: practice)."""
    return _count_view(quiz_routes.quiz_page(slug))


@bp.get("/<key>/theme.css")
def theme():
    """The partner's accent colour as a stylesheet (CSP allows no inline style)."""
    accent = theme_accent(g.partner)
    # The partner's name stays out: text from the desk cannot be escaped for CSS by Jinja.
    css = render_template(
        "embed/theme.css",
        accent=accent,
        on_accent=ink_on(accent),
        link=link_colour(accent, LIGHT_BACKGROUND),
        link_dark=link_colour(accent, DARK_BACKGROUND),
    )
    response = make_response(css)
    response.mimetype = "text/css"
    # The same stylesheet for every reader of this partner: cached publicly, so it must
    # not carry the reader's embed session cookie.
    leave_session_unsaved()
    response.headers["Cache-Control"] = "public, max-age=300"
    return response


@bp.get("/offen/")
def public_current():
    """Read-only widget for oEmbed: the current riddle, framable anywhere, links out to play."""
    riddle = catalog.current_riddle(clock.now())
    return _public_page(riddle)


@bp.get("/offen/raetsel/<slug>")
def public_riddle(slug: str):
    """Read-only widget for oEmbed: one riddle, framable anywhere, links out to play."""
    riddle = catalog.public_riddle(slug, clock.now())
    if riddle is None:
        abort(404)
    return _public_page(riddle)


@bp.get("/offen/quiz/<slug>")
def public_quiz(slug: str):
    """Read-only widget for oEmbed: a quiz's title and intro, links out to play on the site."""
    quiz = quiz_play.public_quiz(slug, clock.now())
    if quiz is None:
        abort(404)
    g.frame_ancestors = "*"  # read-only, like the riddle widget
    return render_template("embed/public_quiz.html", quiz=quiz)


def _public_page(riddle):
    """No cookies, no forms, no htmx: it must work in a sandbox without allow-same-origin."""
    g.frame_ancestors = "*"  # read-only: framing it can trick nobody into an action
    return render_template("embed/public.html", riddle=riddle)


# The riddle actions themselves, limits and all: one copy of each view.
for rule, view, methods in (
    ("/<key>/raetsel/<slug>/raten", riddle_routes.guess, ["POST"]),
    ("/<key>/raetsel/<slug>/tipps/<int:position>", riddle_routes.unlock_hint, ["POST"]),
    ("/<key>/raetsel/<slug>/loesung", riddle_routes.confirm_reveal, ["GET"]),
    ("/<key>/raetsel/<slug>/loesung", riddle_routes.reveal, ["POST"]),
):
    bp.add_url_rule(rule, endpoint=view.__name__, view_func=view, methods=methods)
# The quiz actions the same way (the quiz page itself is above: it counts a view).
for rule, quiz_view, methods in (
    ("/<key>/quiz/<slug>/antwort/<int:question_id>", quiz_routes.feedback_page, ["GET"]),
    ("/<key>/quiz/<slug>/antworten", quiz_routes.answer, ["POST"]),
    ("/<key>/quiz/<slug>/antworten-zeigen", quiz_routes.confirm_show_answers, ["GET"]),
    ("/<key>/quiz/<slug>/antworten-zeigen", quiz_routes.show_answers, ["POST"]),
):
    bp.add_url_rule(rule, endpoint=quiz_view.__name__, view_func=quiz_view, methods=methods)

QUIZ_ENDPOINTS = {
    "embed.quiz_page",
    "embed.feedback_page",
    "embed.answer",
    "embed.confirm_show_answers",
    "embed.show_answers",
}


@bp.get("/<key>/kreuzwortraetsel/<slug>")
def show(slug: str):
    """A crossword inside the embed (the site's view; counts a page view)."""
    return _count_view(crossword_routes.show(slug))


# The crossword actions (docs/embeds.md): the site's views, limits and all.
for rule, crossword_view in (
    ("/<key>/kreuzwortraetsel/<slug>/speichern", crossword_routes.save_letters),
    ("/<key>/kreuzwortraetsel/<slug>/wort-pruefen", crossword_routes.check_word),
    ("/<key>/kreuzwortraetsel/<slug>/pruefen", crossword_routes.check_grid),
    ("/<key>/kreuzwortraetsel/<slug>/aufdecken", crossword_routes.reveal_letter),
    ("/<key>/kreuzwortraetsel/<slug>/loesungswort", crossword_routes.enter_solution),
):
    bp.add_url_rule(
        rule, endpoint=crossword_view.__name__, view_func=crossword_view, methods=["POST"]
    )
CROSSWORD_ENDPOINTS = {"embed.show", "embed.save_letters", "embed.check_word", "embed.check_grid"}
CROSSWORD_ENDPOINTS |= {"embed.reveal_letter", "embed.enter_solution"}


def _area():
    """The routes module whose refusal pages fit this request: quiz, crossword or riddle."""
    if request.endpoint in CROSSWORD_ENDPOINTS:
        return crossword_routes
    return quiz_routes if request.endpoint in QUIZ_ENDPOINTS else riddle_routes


@bp.errorhandler(429)
def too_many_requests(error):
    """Rate-limited guesses or answers: the riddle's or quiz's own refusal, in the embed."""
    return _area().too_many_requests(error)


@bp.errorhandler(CSRFError)
def csrf_failed(error):
    """A missing or stale CSRF token: the riddle's or quiz's own refusal, in the embed."""
    return _area().csrf_failed(error)


@bp.errorhandler(RefusedToken)
def refused_token(error):
    """A forged or expired player token: a clear refusal; nothing is stored or counted."""
    return render_template("embed/unavailable.html", reason="token"), 400


@bp.errorhandler(403)
@bp.errorhandler(404)
def unavailable(error):
    """Unknown key or disabled partner: a clear page nobody can frame; else the usual 404."""
    if g.get("partner") is None:
        g.frame_ancestors = "'none'"
        reason = "disabled" if error.code == 403 else "unknown"
        return render_template("embed/unavailable.html", reason=reason), error.code
    return render_error(error.code)


def count_play(sender, action: str, outcome, **_extra) -> None:
    """Count a partner's guesses, solves and reveals (not refusals or repeats)."""
    partner = g.get("partner")
    if partner is None or request.blueprint != "embed" or outcome.repeated:
        return
    if action == "guess" and outcome.verdict in ("correct", "close", "wrong"):
        solves = 1 if outcome.verdict == "correct" else 0
        embed_stats.record(partner.id, clock.now(), guesses=1, solves=solves)
    elif action == "reveal" and outcome.verdict == "done":
        embed_stats.record(partner.id, clock.now(), reveals=1)


riddle_played.connect(count_play)


def count_answer(sender, outcome, **_extra) -> None:
    """Count a partner's quiz answers with its guesses (refusals never reach here)."""
    partner = g.get("partner")
    if partner is None or request.blueprint != "embed":
        return
    embed_stats.record(partner.id, clock.now(), guesses=1)


quiz_answered.connect(count_answer)
