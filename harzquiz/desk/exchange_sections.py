"""Quizzes and partners in the content file (harzquiz/desk/exchange.py has the format).

Each section has three parts: `export_*` (JSON-ready, ordered, so a round trip is
byte-identical), `check_*` (every problem, nothing written) and `apply_*` (writes checked
values and audits what changed; nothing is audited for an item that stays the same).
Quizzes are matched by slug, partners by name. Partners travel without their embed keys:
a partner new to this site gets a fresh key, an existing one keeps its own.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Article, AuditEntry, Partner, Player, Quiz
from harzquiz.rules.quiz import Kind
from harzquiz.services import audit, partners, quiz_editing
from harzquiz.services.quiz_editing import QuestionSpec

SLUG_CHARS = frozenset("abcdefghijklmnopqrstuvwxyz0123456789-")
QUIZ_LIMITS = {"title": 120, "intro": 2000}
QUESTION_LIMITS = {"prompt": 1000, "explanation": 2000, "solution": 200}
MAX_QUESTIONS = 50
PARTNER_KEYS = ("name", "enabled", "origins", "accent", "scheme")


# --- quizzes ----------------------------------------------------------------------------


def _question_dict(question) -> dict:
    """One question with only its kind's answer fields."""
    item: dict = {
        "kind": question.kind,
        "prompt": question.prompt,
        "explanation": question.explanation,
    }
    kind = Kind(question.kind)
    if kind in (Kind.SINGLE, Kind.MULTIPLE):
        item["choices"] = [{"text": c.text, "right": c.correct} for c in question.choices]
    elif kind is Kind.TRUE_FALSE:
        item["truth"] = question.truth
    elif kind is Kind.NUMBER:
        item["number"], item["tolerance"] = question.number, question.tolerance
        item["units"] = list(question.units or ())
    else:
        item["solution"] = question.solution
        item["alternatives"] = list(question.alternatives or ())
    return item


def export_quizzes(time: Callable) -> list[dict]:
    """Every quiz with its questions, ordered by slug."""
    return [
        {
            "slug": quiz.slug,
            "title": quiz.title,
            "intro": quiz.intro,
            "article": quiz.article.slug,
            "points_per_answer": quiz.points_per_answer,
            "publish_at": time(quiz.publish_at),
            "closes_at": time(quiz.closes_at),
            "questions": [_question_dict(q) for q in quiz.questions],
        }
        for quiz in db.session.scalars(sa.select(Quiz).order_by(Quiz.slug))
    ]


def _text(item: dict, key: str, limit: int, problems: list[str], where: str, required=False):
    value = item.get(key, "")
    if value is None:
        value = ""
    if not isinstance(value, str):
        problems.append(f"{where}: {key}: not a text")
        return ""
    if len(value) > limit:
        problems.append(f"{where}: {key}: at most {limit} characters")
    if required and not value.strip():
        problems.append(f"{where}: {key}: must not be empty")
    return value


def _number(value) -> float | None:
    ok = isinstance(value, int | float) and not isinstance(value, bool)
    return float(value) if ok and math.isfinite(value) else None


def _question_spec(item, where: str, problems: list[str]) -> QuestionSpec | None:
    """One question as a spec, checked by the quiz desk's own rule (question_problem)."""
    if not isinstance(item, dict):
        problems.append(f"{where}: not an object")
        return None
    try:
        kind = Kind(str(item.get("kind")))
    except ValueError:
        problems.append(f"{where}: kind: one of {', '.join(k.value for k in Kind)}")
        return None
    texts = {key: _text(item, key, n, problems, where) for key, n in QUESTION_LIMITS.items()}
    raw_choices = item.get("choices") or []
    choices: list[tuple[str, bool]] = []
    if not isinstance(raw_choices, list) or not all(isinstance(c, dict) for c in raw_choices):
        problems.append(f"{where}: choices: a list of objects with text and right")
    else:
        for c in raw_choices:
            text = c.get("text")
            if not isinstance(text, str) or not text.strip() or len(text) > 300:
                problems.append(f"{where}: choices: every text 1 to 300 characters")
            choices.append((str(text or "").strip(), c.get("right") is True))
    alternatives = item.get("alternatives") or []
    if not isinstance(alternatives, list) or not all(isinstance(a, str) for a in alternatives):
        problems.append(f"{where}: alternatives: a list of texts")
        alternatives = []
    units = item.get("units") or []
    if not isinstance(units, list) or not all(isinstance(u, str) for u in units):
        problems.append(f"{where}: units: a list of texts")
        units = []
    truth = item.get("truth")
    spec = QuestionSpec(
        kind=kind,
        prompt=texts["prompt"],
        explanation=texts["explanation"],
        choices=tuple(choices),
        truth=truth if isinstance(truth, bool) else None,
        number=_number(item.get("number")),
        tolerance=_number(item.get("tolerance", 0)) or 0.0,
        units=tuple(unit.strip() for unit in units),
        solution=texts["solution"],
        alternatives=tuple(alternatives),
    )
    problem = quiz_editing.question_problem(spec)
    if problem:
        problems.append(f"{where}: {problem}")
        return None
    return spec


def check_quizzes(items, articles: set[str], time: Callable, problems: list[str]) -> list[dict]:
    """The file's quizzes, checked; `articles` are the article slugs the file or site has."""
    if not isinstance(items, list):
        problems.append("quizzes: not a list")
        return []
    checked = []
    for n, item in enumerate(items):
        slug = item.get("slug") if isinstance(item, dict) else None
        where = f"quizzes[{n}] {slug if isinstance(slug, str) else '?'}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        found: list[str] = []
        if not isinstance(slug, str) or not slug or len(slug) > 80 or set(slug) - SLUG_CHARS:
            found.append(f"{where}: slug: lower-case letters, digits and hyphens, at most 80")
        values = {key: _text(item, key, n, found, where) for key, n in QUIZ_LIMITS.items()}
        if not values["title"].strip():
            found.append(f"{where}: title: must not be empty")
        points = item.get("points_per_answer")
        if not isinstance(points, int) or isinstance(points, bool) or not 1 <= points <= 1000:
            found.append(f"{where}: points_per_answer: a whole number from 1 to 1000")
        if item.get("article") not in articles:
            found.append(f"{where}: article: no article with the slug {item.get('article')!r}")
        publish_at = time(item.get("publish_at"), found, f"{where}: publish_at")
        closes_at = time(item.get("closes_at"), found, f"{where}: closes_at")
        window = quiz_editing.publish_window_problem(publish_at, closes_at)
        if window:
            found.append(f"{where}: closes_at: {window}")
        questions = item.get("questions") or []
        if not isinstance(questions, list) or len(questions) > MAX_QUESTIONS:
            found.append(f"{where}: questions: a list of at most {MAX_QUESTIONS}")
            questions = []
        specs = [
            _question_spec(q, f"{where}: questions[{i}]", found) for i, q in enumerate(questions)
        ]
        problems.extend(found)
        if not found:
            values.update(
                slug=slug, points_per_answer=points, article=item["article"],
                publish_at=publish_at, closes_at=closes_at, questions=specs,
            )  # fmt: skip
            checked.append(values)
    slugs = [q["slug"] for q in checked]
    problems += [
        f"quizzes: slug {s!r} appears twice" for s in sorted(set(slugs)) if slugs.count(s) > 1
    ]
    return checked


def _same_questions(quiz: Quiz, specs: list[QuestionSpec]) -> bool:
    built = [quiz_editing.build_question(n, s) for n, s in enumerate(specs, start=1)]
    return [_question_dict(q) for q in quiz.questions] == [_question_dict(q) for q in built]


def apply_quizzes(
    checked: list[dict], actor: Player | None, problems: list[str]
) -> list[AuditEntry]:
    """Create or update each quiz; questions are replaced only when they differ, and never
    once readers have answered the quiz (a problem then). The audit entries it added."""
    entries = []
    for values in checked:
        specs = values.pop("questions")
        article_slug = values.pop("article")
        quiz = db.session.scalar(sa.select(Quiz).where(Quiz.slug == values["slug"])) or Quiz()
        values["article_id"] = db.session.scalar(
            sa.select(Article.id).where(Article.slug == article_slug)
        )
        created = quiz.id is None
        changed = [name for name, value in values.items() if getattr(quiz, name) != value]
        for name, value in values.items():
            setattr(quiz, name, value)
        db.session.add(quiz)
        if created or not _same_questions(quiz, specs):
            if not created and quiz_editing.has_answers(quiz):
                problems.append(f"quizzes: {quiz.slug!r} has answers: its questions stay")
                continue
            quiz.questions.clear()
            db.session.flush()  # positions are unique per quiz: old rows go first
            quiz.questions.extend(
                quiz_editing.build_question(n, spec) for n, spec in enumerate(specs, start=1)
            )
            changed.append("questions")
        if created or changed:
            action = "import_new" if created else "imported"
            entries.append(audit.record(actor, action, quiz, ", ".join(changed)))
    return entries


# --- partners ---------------------------------------------------------------------------


def export_partners() -> list[dict]:
    """Every partner without its embed key, ordered by name."""
    return [
        {key: getattr(p, key) for key in PARTNER_KEYS}
        for p in db.session.scalars(sa.select(Partner).order_by(Partner.name))
    ]


def check_partners(items, problems: list[str]) -> list[dict]:
    """The file's partners, checked like the partner form checks them."""
    if not isinstance(items, list):
        problems.append("partners: not a list")
        return []
    checked = []
    for n, item in enumerate(items):
        name = item.get("name") if isinstance(item, dict) else None
        where = f"partners[{n}] {name if isinstance(name, str) else '?'}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        found = []
        if not isinstance(name, str) or not 2 <= len(name.strip()) <= 120:
            found.append(f"{where}: name: 2 to 120 characters")
        if not isinstance(item.get("enabled"), bool):
            found.append(f"{where}: enabled: true or false")
        origins = item.get("origins")
        if not isinstance(origins, list) or len(origins) > 20:
            found.append(f"{where}: origins: a list of at most 20")
            origins = []
        for origin in origins:
            if not isinstance(origin, str) or partners.normalise_origin(origin) != origin:
                found.append(f"{where}: origins: not an exact origin: {origin!r}")
        accent = item.get("accent")
        if not isinstance(accent, str) or not partners.ACCENT_PATTERN.match(accent):
            found.append(f"{where}: accent: #rrggbb in lower case")
        if item.get("scheme") not in partners.SCHEMES:
            found.append(f"{where}: scheme: light or dark")
        problems.extend(found)
        if not found and isinstance(name, str):
            checked.append({key: item[key] for key in PARTNER_KEYS} | {"name": name.strip()})
    names = [p["name"] for p in checked]
    problems += [
        f"partners: name {s!r} appears twice" for s in sorted(set(names)) if names.count(s) > 1
    ]
    return checked


def apply_partners(checked: list[dict], actor: Player | None) -> list[AuditEntry]:
    """Create or update each partner by name (audited only when something changed)."""
    entries = []
    for values in checked:
        partner = db.session.scalar(sa.select(Partner).where(Partner.name == values["name"]))
        if partner is None:
            partner = Partner(embed_key=partners.new_embed_key())
            db.session.add(partner)
            changed = list(PARTNER_KEYS)
        else:
            changed = [key for key in PARTNER_KEYS if getattr(partner, key) != values[key]]
        for key in changed:
            setattr(partner, key, values[key])
        if changed:
            action = "import_new" if partner.id is None else "imported"
            entries.append(audit.record(actor, action, partner, ", ".join(changed)))
    return entries
