"""Export riddles (with hints) and articles to JSON and import them back.

The format is plain JSON with UTC ISO times; riddles and articles are matched by slug
(an import updates a riddle or article with the same slug, else creates it). An import
is checked completely before anything is written - with the desk's own forms, plus slug
and schedule checks across the file and the database - and then written in one
transaction, so a file with any error changes nothing and every error is reported.
Crosswords ride along under their own key ("crosswords", desk/crossword_exchange.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from harzquiz.desk import crossword_exchange
from harzquiz.desk.forms import EARLIEST_YEAR, LATEST_YEAR, MAX_ROWS, ArticleForm, RiddleForm
from harzquiz.desk.riddle_form import values_of
from harzquiz.extensions import db
from harzquiz.models import Article, Riddle
from harzquiz.rules.berlin import utc_to_berlin
from harzquiz.services import audit, editing

FORMAT = "harzquiz-content/1"
ARTICLE_KEYS = (
    "slug", "title", "kicker", "teaser", "body_markdown", "author_name", "author_bio",
    "sources_count", "social_comments_count", "forum_posts_count",
)  # fmt: skip


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def export_content() -> dict:
    """Every riddle and article as a JSON-ready dict, ordered by slug."""
    riddles = db.session.scalars(sa.select(Riddle).order_by(Riddle.slug)).all()
    articles = db.session.scalars(sa.select(Article).order_by(Article.slug)).all()
    return {
        "format": FORMAT,
        "riddles": [
            {
                "slug": r.slug,
                "title": r.title,
                "question": r.question,
                "solution": r.solution,
                "explanation": r.explanation,
                "alternatives": list(r.alternatives or ()),
                "near_misses": [dict(n) for n in r.near_misses or ()],
                "hints": [{"text": h.text, "cost": h.cost} for h in r.hints],
                "points": r.points,
                "publish_at": _time(r.publish_at),
                "closes_at": _time(r.closes_at),
            }
            for r in riddles
        ],
        "articles": [
            {
                **{key: getattr(a, key) for key in ARTICLE_KEYS},
                "published_at": _time(a.published_at),
                "riddle": a.riddle.slug if a.riddle else None,
            }
            for a in articles
        ],
        "crosswords": crossword_exchange.export_crosswords(),
    }


def _parse_time(value, problems: list[str], where: str) -> datetime | None:
    """An ISO time with a zone (stored as UTC); a problem is noted otherwise."""
    if value is None:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError):
        problems.append(f"{where}: not an ISO date and time: {value!r}")
        return None
    if parsed.tzinfo is None:
        problems.append(f"{where}: the time needs a zone, e.g. +00:00: {value!r}")
        return None
    if not EARLIEST_YEAR <= parsed.year <= LATEST_YEAR:  # and the zone shift cannot overflow
        problems.append(f"{where}: the year must be {EARLIEST_YEAR} to {LATEST_YEAR}: {value!r}")
        return None
    return parsed.astimezone(UTC)


def _form_time(value: datetime | None) -> str:
    local = utc_to_berlin(value)
    return "" if local is None else local.strftime("%Y-%m-%dT%H:%M")


def _form_problems(form, where: str) -> list[str]:
    """Every error the desk's form finds, as 'where: field: message' lines."""
    if form.validate():
        return []
    lines = []
    for name, errors in form.errors.items():
        for error in _flatten(errors):
            lines.append(f"{where}: {name}: {error}")
    return lines


def _flatten(errors) -> list[str]:
    if isinstance(errors, dict):
        return [e for sub in errors.values() for e in _flatten(sub)]
    if isinstance(errors, list):
        return [e for sub in errors for e in _flatten(sub)]
    return [str(errors)]


def _list(item: dict, name: str, problems: list[str], where: str, keys=()) -> list:
    """A list of strings (no keys) or of objects with `keys`; wrong shapes are problems."""
    entries = item.get(name) or []
    if not isinstance(entries, list):
        problems.append(f"{where}: {name}: not a list")
        return []
    if len(entries) > MAX_ROWS[name]:
        problems.append(f"{where}: {name}: at most {MAX_ROWS[name]} entries")
    wanted = dict if keys else str
    if not all(isinstance(entry, wanted) for entry in entries):
        problems.append(f"{where}: {name}: every entry must be a {wanted.__name__}")
        return []
    return [{key: entry.get(key) for key in keys} for entry in entries] if keys else entries


def _riddle_values(item: dict, where: str, problems: list[str]) -> editing.RiddleValues | None:
    """Check one riddle with the desk's riddle form; its values if it is valid."""
    publish_at = _parse_time(item.get("publish_at"), problems, f"{where}: publish_at")
    closes_at = _parse_time(item.get("closes_at"), problems, f"{where}: closes_at")
    fields = MultiDict({"article_id": "0", "version": ""})
    for key in ("title", "slug", "question", "solution", "explanation", "points"):
        fields[key] = str(item.get(key, "") if item.get(key) is not None else "")
    rows = {
        "alternatives": [{"text": text} for text in _list(item, "alternatives", problems, where)],
        "near_misses": _list(item, "near_misses", problems, where, ("phrase", "nudge")),
        "hints": _list(item, "hints", problems, where, ("text", "cost")),
    }
    for name, entries in rows.items():
        for n, entry in enumerate(entries):
            for key, value in entry.items():
                fields[f"{name}-{n}-{key}"] = "" if value is None else str(value)
    fields["publish_at"], fields["closes_at"] = _form_time(publish_at), _form_time(closes_at)
    form = RiddleForm(formdata=fields, meta={"csrf": False})
    form.article_id.choices = [(0, "")]
    found = _form_problems(form, where)
    problems.extend(found)
    if found:
        return None
    return replace(values_of(form), publish_at=publish_at, closes_at=closes_at)


def _article_values(item: dict, where: str, riddle_slugs: set[str], problems: list[str]):
    """Check one article with the desk's article form; its values if it is valid."""
    published_at = _parse_time(item.get("published_at"), problems, f"{where}: published_at")
    fields = MultiDict({key: str(item.get(key, "") if item.get(key) is not None else "")
                        for key in ARTICLE_KEYS})  # fmt: skip
    fields["riddle_id"], fields["published_at"] = "0", _form_time(published_at)
    form = ArticleForm(formdata=fields, meta={"csrf": False})
    form.riddle_id.choices = [(0, "")]
    found = _form_problems(form, where)
    riddle = item.get("riddle")
    if riddle is not None and riddle not in riddle_slugs:
        found.append(f"{where}: riddle: no riddle with the slug {riddle!r}")
    problems.extend(found)
    if found:
        return None
    values = {key: getattr(form, key).data for key in ARTICLE_KEYS}
    values.update(published_at=published_at, riddle=riddle)
    return values


def _windows_overlap(a: editing.RiddleValues, b: editing.RiddleValues) -> bool:
    if a.publish_at is None or b.publish_at is None:
        return False
    far = datetime.max.replace(tzinfo=UTC)
    return a.publish_at < (b.closes_at or far) and b.publish_at < (a.closes_at or far)


def check_content(data) -> tuple[list[str], list, list]:
    """Every problem in an import file, and the checked riddles and articles."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return [f"not a HarzQuiz content file (format {FORMAT!r} expected)"], [], []
    problems: list[str] = []
    riddles = []
    for n, item in enumerate(data.get("riddles") or []):
        where = f"riddles[{n}] {item.get('slug', '?') if isinstance(item, dict) else '?'}"
        values = _riddle_values(item, where, problems) if isinstance(item, dict) else None
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
        if values is not None:
            riddles.append(values)
    _check_riddle_set(riddles, problems)
    known = {r.slug for r in riddles} | set(db.session.scalars(sa.select(Riddle.slug)))
    articles = []
    for n, item in enumerate(data.get("articles") or []):
        where = f"articles[{n}] {item.get('slug', '?') if isinstance(item, dict) else '?'}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        values = _article_values(item, where, known, problems)
        if values is not None:
            articles.append(values)
    slugs = [a["slug"] for a in articles]
    problems += [
        f"articles: slug {s!r} appears twice" for s in sorted(set(slugs)) if slugs.count(s) > 1
    ]
    return problems, riddles, articles


def _check_riddle_set(riddles: list, problems: list[str]) -> None:
    """Slugs unique in the file; live windows overlap neither each other nor the database's."""
    slugs = [r.slug for r in riddles]
    problems += [
        f"riddles: slug {s!r} appears twice" for s in sorted(set(slugs)) if slugs.count(s) > 1
    ]
    stored = db.session.scalars(sa.select(Riddle).where(Riddle.slug.not_in(slugs))).all()
    others = [editing.RiddleValues(title=r.title, slug=r.slug, question="", solution="",
                                   publish_at=r.publish_at, closes_at=r.closes_at)
              for r in stored]  # fmt: skip
    for i, a in enumerate(riddles):
        for b in riddles[i + 1 :] + others:
            if _windows_overlap(a, b):
                problems.append(f"riddles: live windows of {a.slug!r} and {b.slug!r} overlap")


def import_content(data) -> tuple[list[str], int, int]:
    """Check everything, then write it all in one transaction (or nothing, with the problems)."""
    problems, riddles, articles = check_content(data)
    ours = isinstance(data, dict) and data.get("format") == FORMAT
    more, crosswords = crossword_exchange.check_crosswords(data.get("crosswords") if ours else None)
    problems += more
    if problems:
        db.session.rollback()
        return problems, 0, 0
    by_slug = {r.slug: r for r in db.session.scalars(sa.select(Riddle))}
    for values in riddles:
        riddle = by_slug.get(values.slug)
        if riddle is None:
            riddle = by_slug[values.slug] = Riddle(slug=values.slug)
            db.session.add(riddle)
        editing.apply_values(riddle, values)
        audit.record(None, "imported", riddle)
    for values in articles:
        riddle_slug = values.pop("riddle")
        article = db.session.scalar(sa.select(Article).where(Article.slug == values["slug"]))
        if article is None:
            article = Article(slug=values["slug"])
            db.session.add(article)
        for key, value in values.items():
            setattr(article, key, value)
        db.session.flush()
        article.riddle_id = by_slug[riddle_slug].id if riddle_slug else None
        audit.record(None, "imported", article)
    crossword_exchange.write_crosswords(crosswords)
    db.session.commit()
    return [], len(riddles), len(articles)
