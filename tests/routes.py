"""The route registry every audit shares: what each rule of the URL map is, and how to fill
its URL arguments. A rule added later and not described here makes the audits fail.

Kinds:
- "public": a page or partial anyone may GET (and, for a few, POST as a reader action);
- "action": a reader action (POST, CSRF-protected, changes state);
- "role:<name>": editor/admin routes; they must refuse guests and readers. A view is
  classified by a `required_role` attribute the role decorator sets on it, or by its
  blueprint (ROLE_BLUEPRINTS);
- "ops": operations endpoints (health check), no templates, no session;
- "static": files from static/.
"""

from __future__ import annotations

import hashlib
import json
from dataclasses import dataclass
from datetime import timedelta

import sqlalchemy as sa
from flask import Flask
from werkzeug.routing import Rule

from harzquiz.extensions import db
from harzquiz.models import (
    Article,
    Crossword,
    Flag,
    ModerationAction,
    Player,
    PrizeDraw,
    PrizeEntry,
    Report,
    RevealTrace,
    Riddle,
    Solve,
)
from harzquiz.rules.prize_draw import commitment, new_seed
from harzquiz.services import account_mail, subscriptions
from tests.crossword_factories import make_crossword
from tests.crossword_routes import (
    CROSSWORD_ACTIONS,
    CROSSWORD_PAGES,
    CROSSWORD_SECRETS,
    VALID_CROSSWORD_FORMS,
    crossword_values,
    make_crosswords,
)
from tests.desk_forms import COMPUTED_FORMS
from tests.factories import (
    MONDAY,
    NOW,
    make_account,
    make_article,
    make_closed_riddle,
    make_partner,
    make_player,
    make_riddle,
)
from tests.quiz_factories import make_quiz

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})

# Endpoints by kind. A new endpoint must be added to one of these (or carry a role marker).
PUBLIC_ENDPOINTS = frozenset(
    {
        "pages.home",
        "pages.imprint",
        "pages.privacy",
        "riddles.riddle_page",
        "riddles.confirm_reveal",
        "riddles.archive",
        "articles.article",
        "leaderboards.leaderboard",
        "auth.login",
        "auth.register",
        "auth.change_password",  # guests are sent to log in; accounts see the form
        "players.profile",  # guests see an invitation to register
        "privacy.export_data",  # the session's own player's data (nobody: back to profile)
        "privacy.delete_account",  # GET: the confirmation page
        # Account mail (harzquiz/auth/recovery.py): links from mail open a page with a button.
        "recovery.forgot_password",
        "recovery.reset_password",
        "recovery.confirm_email",
        "recovery.change_email",  # guests are sent to log in; accounts see the form
        "recovery.confirm_email_change",
        # Partner embeds: the riddle views again under /embed/<key>/, and the oEmbed widget.
        "embed.current",
        "embed.riddle_page",
        "embed.confirm_reveal",
        "embed.leaderboard",
        "embed.theme",
        "embed.public_current",
        "embed.public_riddle",
        "embed.quiz_page",
        "embed.feedback_page",  # redirects to the quiz until the question is answered
        "embed.public_quiz",
        "oembed.oembed",
        "quizzes.quiz_page",
        "quizzes.feedback_page",  # redirects to the quiz until the question is answered
        # Feeds and discovery (harzquiz/discovery): XML and text, no session.
        "discovery.riddle_feed",
        "discovery.article_feed",
        "discovery.sitemap_xml",
        "discovery.robots_txt",
        "discovery.site_preview",
        "discovery.riddle_preview",
        "discovery.quiz_preview",
        "notifications.settings",  # guests are sent to log in; accounts see the question
        "notifications.unsubscribe",  # GET: a page with one button (the link in the mail)
        # "Punkte sichern": holds an embed guest's code in the session, says what comes next
        "claims.claim",
        *CROSSWORD_PAGES,  # the crossword page, on the site and in the embed
        "quizzes.confirm_show_answers",  # the confirmation; redirects once a round is done
        "pictures.picture",  # a stored picture by its random name (404 for any other)
        "embed.confirm_show_answers",
        "reports.report",  # GET: the small "Melden" form beside a name on a board
    }
)
ACTION_ENDPOINTS = frozenset(
    {
        "riddles.guess",
        "riddles.unlock_hint",
        "riddles.reveal",
        "pages.set_language",
        "players.nickname",  # GET shows the form (public), POST renames (action)
        "privacy.delete_account",  # POST deletes (password for accounts, a ticked box)
        "auth.login",  # GET shows the form, POST logs in
        "auth.logout",
        "auth.logout_everywhere",  # "Überall abmelden" on the profile
        "auth.register",
        "auth.change_password",
        "recovery.forgot_password",  # GET shows the form, POST mails a link (maybe)
        "recovery.reset_password",
        "recovery.confirm_email",
        "recovery.resend_confirmation",
        "recovery.change_email",
        "recovery.confirm_email_change",
        "embed.guess",
        "embed.unlock_hint",
        "embed.reveal",
        "embed.answer",
        "quizzes.answer",
        "notifications.settings",  # POST records the answer
        "notifications.unsubscribe",  # POST switches mail off (one-click, see below)
        "prizes.enter",  # a prize riddle's entry (accounts that solved it)
        "claims.redeem",  # an account takes an embed guest's progress over (code in session)
        *CROSSWORD_ACTIONS,  # save, check word, check grid, reveal, Lösungswort
        "quizzes.show_answers",  # "Antworten zeigen": the open round counts as played
        "embed.show_answers",
        "reports.report",  # POST: a reader's report (rate limited per address)
    }
)
# State-changing endpoints that take no CSRF token, each with the reason. The CSRF audit
# skips them; their own tests show that only their signed URL token works.
CSRF_EXEMPT_ENDPOINTS = {
    # RFC 8058: mail programs POST "List-Unsubscribe=One-Click" without cookies; the signed
    # token in the URL is the proof, and all it can do is switch that account's mail off.
    "notifications.unsubscribe": "one-click unsubscribe (tests/web/test_notify_optin.py)",
}
OPS_ENDPOINTS = frozenset({"ops.healthz"})
STATIC_ENDPOINTS = frozenset({"static"})
# Blueprints whose every route needs a role (the editor desk, administration).
ROLE_BLUEPRINTS = {"editor": "editor", "admin": "admin"}


def required_role(app: Flask, rule: Rule) -> str | None:
    """The role a rule's view demands: its `required_role` marker, else its blueprint's."""
    view = app.view_functions[rule.endpoint]
    marker = getattr(view, "required_role", None)
    if marker:
        return marker
    blueprint = rule.endpoint.rpartition(".")[0]
    return ROLE_BLUEPRINTS.get(blueprint.split(".")[0]) if blueprint else None


def kind_of(app: Flask, rule: Rule) -> str | None:
    """The rule's kind (see the module docstring), or None when nobody has described it."""
    role = required_role(app, rule)
    if role:
        return f"role:{role}"
    for kind, endpoints in (
        ("action", ACTION_ENDPOINTS),
        ("public", PUBLIC_ENDPOINTS),
        ("ops", OPS_ENDPOINTS),
        ("static", STATIC_ENDPOINTS),
    ):
        if rule.endpoint in endpoints:
            return kind
    return None


def unclassified(app: Flask) -> list[str]:
    """Rules nobody has classified; the audits fail while this is not empty."""
    return sorted(rule.rule for rule in app.url_map.iter_rules() if kind_of(app, rule) is None)


def state_changing_methods(rule: Rule) -> set[str]:
    """The methods of a rule that may change state (everything but GET/HEAD/OPTIONS)."""
    return set(rule.methods or ()) - SAFE_METHODS


# --- example content and URL arguments ----------------------------------------------------

SOLUTION = "Quastenflosser"
ALTERNATIVE = "Latimeria"
EXPLANATION = "Geheime Erklaerung 42"
# Riddles readers must not see at all yet: their answers and even their questions.
SCHEDULED_SECRETS = ("Zukunftsloesung", "Zukunftsfrage 7", "Zukunftserklaerung")
DRAFT_SECRETS = ("Entwurfsloesung", "Entwurfsfrage 9", "Entwurfserklaerung")
LIVE_SECRETS = (SOLUTION, ALTERNATIVE, EXPLANATION)
LIVE_QUESTION = "Welches Tier galt lange als ausgestorben?"
SECRETS = LIVE_SECRETS + SCHEDULED_SECRETS + DRAFT_SECRETS + CROSSWORD_SECRETS


@dataclass
class World:
    """Content in every state a route can meet, by slug."""

    live: str  # the riddle of the week, whose answers must stay secret
    other_live: str  # another live riddle (the player solves it)
    closed: str
    scheduled: str
    draft: str
    article: str  # carries the live riddle
    plain_article: str  # carries no riddle (shows the current one)
    scheduled_article: str  # carries the scheduled riddle (must show the current one)
    draft_article: str
    unpublished_article: str
    partner_key: str  # an enabled partner's embed key
    partner_id: int
    quiz: str = ""  # a live quiz on `article` (its own secrets: tests/web/test_quiz_no_leak.py)
    quiz_id: int = 0
    account_id: int = 0  # a reader's account, for the links in account mail
    crosswords: dict[str, str] | None = None  # slugs by state (tests/crossword_routes.py)
    desk_crossword: str = ""  # a draft crossword for the crossword desk's URLs
    # The moderation desk's examples (make_moderation): a flag, a report, an action, a solve.
    flag_id: int = 0
    report_id: int = 0
    action_id: int = 0
    solve_id: int = 0
    # Their own solve and flag for "withdraw a solve" and "let a flag stand": withdrawing the
    # flagged solve above (earlier in a walk) settles its flag and leaves it no points.
    other_solve_id: int = 0
    other_flag_id: int = 0
    prize_entry_id: int = 0  # the account's entry in the closed riddle's prize draw


def make_world() -> World:
    """Create the riddles and articles of a World (inside an app context)."""
    other = make_riddle(
        slug="nebenraetsel",
        title="Nebenrätsel",
        question="Wo tanzen die Hexen?",
        solution="Hexentanzplatz",
        alternatives=[],
        near_misses=[],
        explanation="Bei Thale.",
        publish_at=MONDAY - timedelta(hours=1),
    )
    live = make_riddle(
        slug="tiefsee",
        title="Aus der Tiefe",
        question=LIVE_QUESTION,
        solution=SOLUTION,
        alternatives=[ALTERNATIVE],
        explanation=EXPLANATION,
        near_misses=[{"phrase": "Fisch", "nudge": "Welcher Fisch genau?"}],
        hints=[("Er lebt tief im Meer.", 20), ("Er hat fleischige Flossen.", 30)],
    )
    closed = make_closed_riddle(slug="brocken", title="Der höchste Berg")
    scheduled = make_riddle(
        slug="naechste-woche",
        title="Nächste Woche",
        question=SCHEDULED_SECRETS[1],
        solution=SCHEDULED_SECRETS[0],
        explanation=SCHEDULED_SECRETS[2],
        alternatives=[],
        near_misses=[],
        publish_at=NOW + timedelta(days=5),
        closes_at=NOW + timedelta(days=12),
    )
    draft = make_riddle(
        slug="entwurf",
        title="Entwurf",
        question=DRAFT_SECRETS[1],
        solution=DRAFT_SECRETS[0],
        explanation=DRAFT_SECRETS[2],
        alternatives=[],
        near_misses=[],
        publish_at=None,
        closes_at=None,
    )
    partner = make_partner()
    article = make_article(slug="mit-raetsel", riddle_id=live.id)
    quiz = make_quiz(article_id=article.id)
    account = make_account(nickname="Weltkonto", email="welt@example.org")
    seed = new_seed()  # made here, not through the desk: the world starts with no audit entry
    prize = PrizeDraw(
        riddle_id=closed.id,
        prize="Ein Kugelgrill",
        winner_count=1,
        entries_close_at=MONDAY,
        conditions="Ab 18 Jahren.",
        seed=seed,
        commitment=commitment(seed),
    )
    db.session.add(prize)
    db.session.flush()
    entrant = make_account(
        nickname="Gewinnspielkonto", email="preis@example.org", email_confirmed_at=NOW
    )
    entry = PrizeEntry(draw_id=prize.id, player_id=entrant.id, consent_text="ja", consented_at=NOW)
    db.session.add(entry)
    db.session.commit()
    return World(
        live=live.slug,
        other_live=other.slug,
        closed=closed.slug,
        scheduled=scheduled.slug,
        draft=draft.slug,
        article=article.slug,
        plain_article=make_article(slug="ohne-raetsel").slug,
        scheduled_article=make_article(slug="mit-zukunft", riddle_id=scheduled.id).slug,
        draft_article=make_article(slug="mit-entwurf", riddle_id=draft.id).slug,
        unpublished_article=make_article(
            slug="unveroeffentlicht", published_at=NOW + timedelta(days=1)
        ).slug,
        partner_key=partner.embed_key,
        partner_id=partner.id,
        quiz=quiz.slug,
        quiz_id=quiz.id,
        account_id=account.id,
        prize_entry_id=entry.id,
        crosswords=make_crosswords(),
        desk_crossword=make_crossword(
            slug="entwurf-kreuzwort", publish_at=None, closes_at=None
        ).slug,
        **make_moderation(other.id),
    )


def make_moderation(riddle_id: int) -> dict[str, int]:
    """A solve after a reveal from the same source (flagged), a report and a hide action;
    another guest's solve, and a third guest's flagged solve."""
    revealer = make_player(nickname="Wegwerfgast")
    solver = make_account(nickname="Weltspieler", email="spieler@example.org")
    trace = RevealTrace(player_id=revealer.id, riddle_id=riddle_id, revealed_at=NOW)
    solve = Solve(player_id=solver.id, riddle_id=riddle_id, points=100, solved_at=NOW)
    db.session.add_all([trace, solve])
    db.session.flush()
    flag = Flag(
        player_id=solver.id,
        trace_id=trace.id,
        solve_id=solve.id,
        gap_seconds=60,
        address_match=True,
        device_match=False,
    )
    report = Report(player_id=solver.id, reason="Verdächtig schnell.")
    action = ModerationAction(player_id=revealer.id, kind="hide", reason="Welt")
    other_solver = make_player(nickname="Weltgast")
    flagged_solver = make_player(nickname="Zweitgast")
    other_solve = Solve(player_id=other_solver.id, riddle_id=riddle_id, points=90, solved_at=NOW)
    flagged_solve = Solve(
        player_id=flagged_solver.id, riddle_id=riddle_id, points=80, solved_at=NOW
    )
    db.session.add_all([report, action, other_solve, flagged_solve])
    db.session.flush()
    other_flag = Flag(
        player_id=flagged_solver.id,
        trace_id=trace.id,
        solve_id=flagged_solve.id,
        gap_seconds=90,
        address_match=False,
        device_match=True,
    )
    db.session.add_all([flag, other_flag])
    db.session.commit()
    return {
        "flag_id": flag.id,
        "report_id": report.id,
        "action_id": action.id,
        "solve_id": solve.id,
        "other_solve_id": other_solve.id,
        "other_flag_id": other_flag.id,
    }


def url_values(world: World) -> dict[str, list[dict]]:
    """URL values (query extras included) for every endpoint that takes arguments, or whose
    query string changes what it shows. Endpoints missing here are requested once, bare."""
    riddles = [world.live, world.other_live, world.closed, world.scheduled, world.draft]
    articles = [
        world.article,
        world.plain_article,
        world.scheduled_article,
        world.draft_article,
        world.unpublished_article,
    ]
    return {
        "riddles.riddle_page": [{"slug": slug} for slug in [*riddles, "gibt-es-nicht"]],
        "riddles.confirm_reveal": [
            *({"slug": slug} for slug in riddles),
            {"slug": world.live, "next": f"/artikel/{world.article}"},
            {"slug": world.live, "next": "https://example.org/"},
        ],
        "riddles.guess": [{"slug": slug} for slug in riddles],
        "riddles.unlock_hint": [{"slug": world.live, "position": 1}],
        "riddles.reveal": [{"slug": world.live}],
        "pages.set_language": [{"lang": "en"}],
        # The archive's title search: any word finds only closed riddles and quizzes.
        "riddles.archive": [{}, {"suche": "e"}, {"suche": "%"}, {"suche": "gibt es nicht"}],
        "articles.article": [{"slug": slug} for slug in [*articles, "gibt-es-nicht"]],
        "leaderboards.leaderboard": [
            {},
            *({"zeitraum": period} for period in ("woche", "monat", "gesamt", "jahr")),
        ],
        "players.nickname": [{}, {"next": f"/raetsel/{world.live}"}],
        "auth.login": [{}, {"next": f"/raetsel/{world.live}"}],
        "auth.register": [{}, {"next": f"/raetsel/{world.live}"}],
        **link_values(world),
        # The desk shows solutions to editors; guests and readers must get nothing of it.
        "desk.riddles.edit_riddle": [{"riddle_id": riddle_id(slug)} for slug in riddles],
        "desk.riddles.preview_riddle": [{"riddle_id": riddle_id(slug)} for slug in riddles],
        "desk.riddles.close_riddle": [{"riddle_id": riddle_id(world.live)}],
        "desk.prizes.prize": [{"riddle_id": riddle_id(world.live)}],
        # The closed riddle's draw (entries closed, one entry): drawn, then its winner redrawn.
        "desk.prizes.draw": [{"riddle_id": riddle_id(world.closed)}],
        "desk.prizes.redraw": [
            {"riddle_id": riddle_id(world.closed), "entry_id": world.prize_entry_id}
        ],
        "prizes.enter": [{"slug": slug} for slug in riddles],
        **dict.fromkeys(
            ("desk.pictures.pictures_page", "desk.pictures.upload", "desk.pictures.remove"),
            [
                {"kind": "raetsel", "owner_id": riddle_id(world.live)},
                {"kind": "artikel", "owner_id": article_id(world.article)},
                {"kind": "quizze", "owner_id": world.quiz_id},
            ],
        ),
        "pictures.picture": [{"name": "AAAAAAAAAAAAAAAAAAAAAA-320.jpg"}, {"name": "x.jpg"}],
        "desk.flow.publish_now": [
            {"riddle_id": riddle_id(slug)} for slug in (world.scheduled, world.draft)
        ],
        "desk.flow.plan": [{}, {"raetsel": riddle_id(world.draft)}],
        "desk.articles.edit_article": [{"article_id": article_id(slug)} for slug in articles],
        "desk.articles.preview_article": [{"article_id": article_id(slug)} for slug in articles],
        **embed_values(world, riddles),
        "oembed.oembed": [
            {"url": f"http://localhost/raetsel/{slug}", "format": "json"}
            for slug in [*riddles, "gibt-es-nicht"]
        ]
        + [{"url": f"http://localhost/kreuzwortraetsel/{world.desk_crossword}", "format": "json"}],
        "desk.partners.edit": [{"partner_id": world.partner_id}],
        "desk.partners.regenerate": [{"partner_id": world.partner_id}],
        "quizzes.quiz_page": [{"slug": world.quiz}, {"slug": world.quiz, "neu": "1"}],
        # Link-preview pictures: every riddle (drafts and scheduled ones must 404), the quiz.
        "discovery.riddle_preview": [{"slug": slug} for slug in [*riddles, "gibt-es-nicht"]],
        "discovery.quiz_preview": [{"slug": world.quiz}, {"slug": "gibt-es-nicht"}],
        "quizzes.feedback_page": [{"slug": world.quiz, "question_id": 1}],
        "quizzes.answer": [{"slug": world.quiz}],
        "quizzes.confirm_show_answers": [{"slug": world.quiz}],
        "quizzes.show_answers": [{"slug": world.quiz}],
        **moderation_values(world),
        "desk.quizzes.edit": [{"quiz_id": world.quiz_id}],
        "desk.quizzes.preview": [{"quiz_id": world.quiz_id}],
        "desk.quizzes.add_question": [{"quiz_id": world.quiz_id}],
        "desk.quizzes.question_action": [
            {"quiz_id": world.quiz_id, "question_id": 1, "action": "hoch"},
            {"quiz_id": world.quiz_id, "question_id": 1, "action": "runter"},
        ],
        "desk.quizzes.add_choice": [{"quiz_id": world.quiz_id, "question_id": 1}],
        "desk.quizzes.new_question": [
            {"quiz_id": world.quiz_id, "kind": kind}
            for kind in ("single", "multiple", "true_false", "number", "text")
        ],
        "desk.quizzes.edit_question": [{"quiz_id": world.quiz_id, "question_id": 1}],
        "desk.quizzes.confirm_remove_question": [{"quiz_id": world.quiz_id, "question_id": 1}],
        "desk.quizzes.choice_action": [
            {"quiz_id": world.quiz_id, "question_id": 1, "choice_id": 1, "action": "hoch"},
            {"quiz_id": world.quiz_id, "question_id": 1, "choice_id": 1, "action": "runter"},
        ],
        **crossword_values(world.crosswords or {}, world.partner_key),
        **crossword_desk_values(world),
        **insight_values(world, riddles),
    }


def insight_values(world: World, riddles: list[str]) -> dict[str, list[dict]]:
    """The desk's insight pages (harzquiz/desk/insights.py)."""
    partner = {"partner_id": world.partner_id}
    return {
        "desk.insights.riddle": [{"riddle_id": riddle_id(slug)} for slug in riddles],
        "desk.insights.take_over": [{"riddle_id": riddle_id(world.live)}],
        "desk.insights.quiz": [{"quiz_id": world.quiz_id}],
        "desk.insights.partner": [partner],
        "desk.insights.partner_csv": [partner],
    }


def crossword_desk_values(world: World) -> dict[str, list[dict]]:
    """The crossword desk (desk.crosswords.*): a draft crossword's id (and an unknown one)."""
    ids = [{"crossword_id": crossword_id(world.desk_crossword)}, {"crossword_id": 999999}]
    return {
        "desk.crosswords.edit": ids,
        "desk.crosswords.preview": ids,
        # the live crossword: only a running one can be closed early
        "desk.crosswords.close": [
            {"crossword_id": crossword_id((world.crosswords or {}).get("live", ""))}
        ],
    }


def crossword_id(slug: str) -> int:
    """A crossword's id by slug (desk URLs use ids)."""
    return db.session.scalar(sa.select(Crossword.id).where(Crossword.slug == slug))


def embed_values(world: World, riddles: list[str]) -> dict[str, list[dict]]:
    """The embed pages: the riddle views again under /embed/<key>/, plus the public widget."""
    key = {"key": world.partner_key}
    slugs = [*riddles, "gibt-es-nicht"]
    return {
        "embed.current": [key, {"key": "unbekannt"}],
        "embed.riddle_page": [{**key, "slug": slug} for slug in slugs],
        "embed.confirm_reveal": [
            *({**key, "slug": slug} for slug in riddles),
            {**key, "slug": world.live, "next": "https://example.org/"},
        ],
        "embed.leaderboard": [key, {**key, "zeitraum": "gesamt"}],
        "embed.theme": [key],
        "embed.public_riddle": [{"slug": slug} for slug in slugs],
        "embed.guess": [{**key, "slug": slug} for slug in riddles],
        "embed.unlock_hint": [{**key, "slug": world.live, "position": 1}],
        "embed.reveal": [{**key, "slug": world.live}],
        "embed.quiz_page": [{**key, "slug": world.quiz}, {**key, "slug": "gibt-es-nicht"}],
        "embed.feedback_page": [{**key, "slug": world.quiz, "question_id": 1}],
        "embed.answer": [{**key, "slug": world.quiz}],
        "embed.confirm_show_answers": [{**key, "slug": world.quiz}],
        "embed.show_answers": [{**key, "slug": world.quiz}],
        "embed.public_quiz": [{"slug": world.quiz}, {"slug": "gibt-es-nicht"}],
        # nothing held, an unknown partner (codes, working and not, and the redirect that
        # takes them out of the URL: tests/web/test_claim_points.py)
        "claims.claim": [{"partner": world.partner_key}, {"partner": "unbekannt"}],
        "claims.redeem": [{"partner": world.partner_key}],
    }


def moderation_values(world: World) -> dict[str, list[dict]]:
    """The moderation desk (editors) and the readers' report form."""
    players = [{"player_id": world.account_id}, {"player_id": 999999}]
    return {
        "desk.moderation.index": [{}, {"q": "welt"}],
        "desk.moderation.player": players,
        "desk.moderation.rename": players,
        "desk.moderation.hide": players,
        "desk.moderation.ban": players,
        "desk.moderation.withdraw_flagged": [{"flag_id": world.flag_id}, {"flag_id": 999999}],
        "desk.moderation.withdraw_solve": [{"solve_id": world.other_solve_id}],
        "desk.moderation.settle_flag": [{"flag_id": world.other_flag_id}],
        "desk.moderation.settle_report": [{"report_id": world.report_id}],
        "desk.moderation.undo": [{"action_id": world.action_id}],
        "reports.report": [{"player_id": world.account_id}, {"player_id": 999999}],
    }


def link_values(world: World) -> dict[str, list[dict]]:
    """Links from account mail, valid for the world's account as it is now (a used reset
    link stops working; forged, expired and used links: tests/web/test_account_mail.py)."""
    account = db.session.get(Player, world.account_id)
    if account is None:
        return {}
    return {
        "recovery.reset_password": [{"token": account_mail.reset_token(account)}],
        "recovery.confirm_email": [{"token": account_mail.confirmation_token(account)}],
        "recovery.confirm_email_change": [
            {"token": account_mail.change_token(account, "umzug@example.org")}
        ],
        "notifications.unsubscribe": [
            {"token": subscriptions.unsubscribe_token(account.id)},
            {"token": "gefaelscht"},
        ],
    }


def riddle_id(slug: str) -> int:
    """A riddle's id by slug (desk URLs use ids)."""
    return db.session.scalar(sa.select(Riddle.id).where(Riddle.slug == slug))


def article_id(slug: str) -> int:
    """An article's id by slug (desk URLs use ids)."""
    return db.session.scalar(sa.select(Article.id).where(Article.slug == slug))


# The desk's forms, each one that changes something (tests/web/test_desk_audit_walk.py
# proves every such change is audited). Values that depend on the row (a riddle's version,
# the digest of an import's preview) are filled in by `fresh_form`.
DESK_RIDDLE = {
    "title": "Audit-Rätsel", "slug": "audit-raetsel", "question": "Was?", "solution": "Boje",
    "explanation": "", "points": "100", "publish_at": "", "closes_at": "", "article_id": "0",
}  # fmt: skip
DESK_ARTICLE = {
    "title": "Audit-Artikel", "slug": "audit-artikel", "kicker": "", "teaser": "",
    "body_markdown": "Text.", "author_name": "", "author_bio": "", "sources_count": "0",
    "social_comments_count": "0", "forum_posts_count": "0", "riddle_id": "0",
    "published_at": "",
}  # fmt: skip
DESK_PARTNER = {"name": "Audit-Partner", "enabled": "y", "origins": "https://audit.example",
                "accent": "#2f6b3a"}  # fmt: skip
DESK_QUIZ = {"slug": "audit-quiz", "title": "Audit-Quiz", "intro": "", "points_per_answer": "10",
             "article_id": "",
             "publish_at": "", "closes_at": ""}  # fmt: skip
AUDIT_IMPORT = {
    "format": "harzquiz-content/1",
    "partners": [{"name": "Import-Partner", "enabled": True, "origins": [],
                  "accent": "#2f6b3a", "scheme": "light"}],
}  # fmt: skip
DESK_FORMS = {
    "desk.riddles.new_riddle": DESK_RIDDLE,
    # An edit takes its own slug or name: the new one made above holds the other.
    "desk.riddles.edit_riddle": {**DESK_RIDDLE, "slug": "audit-geaendert", "version": ""},
    "desk.articles.new_article": DESK_ARTICLE,
    "desk.articles.edit_article": {**DESK_ARTICLE, "slug": "audit-geaendert", "version": ""},
    "desk.partners.create": DESK_PARTNER,
    "desk.partners.edit": {**DESK_PARTNER, "name": "Audit-Partner 2", "enabled": ""},
    "desk.quizzes.new": DESK_QUIZ,
    "desk.quizzes.edit": {**DESK_QUIZ, "slug": "audit-quiz-2"},
    "desk.quizzes.add_question": {"kind": "true_false", "prompt": "Stimmt es?", "truth": "true"},
    "desk.quizzes.add_choice": {"text": "Noch eine Antwort"},
    "desk.insights.take_over": {"text": "Boje", "als": "schreibweise"},
    "desk.exchange.apply": {"content": json.dumps(AUDIT_IMPORT), "digest": ""},
}
# Desk POSTs that change nothing by design (nothing to audit).
DESK_POSTS_WITHOUT_CHANGE = frozenset({"desk.exchange.preview"})


def fresh_form(endpoint: str, values: dict) -> dict:
    """VALID_FORMS' form for `endpoint`, with what depends on the database filled in."""
    form = dict(VALID_FORMS.get(endpoint, {}))
    if "version" in form and "riddle_id" in values:
        form["version"] = str(db.session.get(Riddle, values["riddle_id"]).version)
    if "article_id" in form and endpoint.startswith("desk.quizzes"):
        form["article_id"] = str(db.session.scalar(sa.select(sa.func.min(Article.id))))
    if endpoint in COMPUTED_FORMS:
        form.update(COMPUTED_FORMS[endpoint](values))
    if endpoint == "desk.exchange.apply":
        from harzquiz.desk.exchange import import_content

        preview = import_content(AUDIT_IMPORT, write=False)
        form["digest"] = preview_digest(preview.changes)
    return form


def preview_digest(changes) -> str:
    """The digest the desk's import preview puts beside the file (desk/content_files.py)."""
    rows = [[c.action, c.target_type, c.label, c.detail] for c in changes]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


# A form that a route would accept, so a refusal can only come from what the audit changes.
VALID_FORMS = {
    "desk.prizes.prize": {
        "prize": "Ein Kugelgrill",
        "winner_count": "1",
        "entries_close_at": "2026-11-30T06:00",
        "conditions": "Ab 18 Jahren.",
    },
    "desk.prizes.draw": {"confirm": "y"},
    "desk.prizes.redraw": {"reason": "Mehrfachkonto"},
    # the world quiz's first question (single choice, its second choice is right)
    "quizzes.answer": {"frage": "1", "versuch": "1", "antwort": "2"},
    "embed.answer": {"frage": "1", "versuch": "1", "antwort": "2"},
    "quizzes.show_answers": {"versuch": "1"},
    "embed.show_answers": {"versuch": "1"},
    "riddles.guess": {"guess": "Boje"},
    "embed.guess": {"guess": "Boje"},
    "players.nickname": {"nickname": "Audit Name"},
    "pages.set_language": {"next": "/"},
    "auth.login": {"email": "niemand@example.org", "password": "falsch-falsch"},
    "auth.register": {
        "nickname": "Audit Konto",
        "email": "audit@example.org",
        "password": "lang-genug-123",
        "confirm": "lang-genug-123",
    },
    # A guest's confirmed deletion (an account's needs its password: this one is wrong).
    "privacy.delete_account": {"confirm": "y", "password": "falsch-falsch"},
    "auth.change_password": {
        "current": "falsch-falsch",
        "password": "lang-genug-456",
        "confirm": "lang-genug-456",
    },
    "recovery.forgot_password": {"email": "niemand@example.org"},
    "recovery.reset_password": {"password": "lang-genug-789", "confirm": "lang-genug-789"},
    "recovery.change_email": {"email": "neu@example.org", "current": "falsch-falsch"},
    **VALID_CROSSWORD_FORMS,
    **DESK_FORMS,
    "reports.report": {"reason": "Der Name ist beleidigend."},
    "desk.moderation.rename": {"nickname": "Neuer Weltname", "reason": "Regeln"},
}


def unfillable(app: Flask, world: World) -> list[str]:
    """Rules with URL arguments the registry cannot fill."""
    values = url_values(world)
    return sorted(
        rule.rule
        for rule in app.url_map.iter_rules()
        if rule.arguments and rule.endpoint not in values and rule.endpoint != "static"
    )


def paths_for(app: Flask, rule: Rule, world: World, method: str = "GET") -> list[str]:
    """Every example path (with its query string) for one rule and method."""
    adapter = app.url_map.bind("localhost")
    examples = url_values(world).get(rule.endpoint, [{}])
    return [adapter.build(rule.endpoint, values, method=method) for values in examples]
