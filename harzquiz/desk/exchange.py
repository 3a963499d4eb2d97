"""Export riddles (with hints), articles, quizzes and partners to JSON and import them back.

The format is plain JSON with UTC ISO times, one key per kind of content ("riddles",
"articles", "quizzes", "partners"; a file may leave any out, and a later kind adds its own
key). Riddles, articles and quizzes are matched by slug, partners by name (an import
updates the one with the same slug or name, else creates it; it never deletes). An import
is checked completely before anything is written - with the desk's own forms, plus slug
and schedule checks across the file and the database - and then written in one
transaction, so a file with any error changes nothing and every error is reported.

The desk's upload and the CLI command share `import_content`; the desk first runs it with
`write=False` to show what would change (the same writes, rolled back), and an item that
stays the same is neither shown nor logged.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime

import sqlalchemy as sa
from werkzeug.datastructures import MultiDict

from harzquiz.desk import crossword_exchange
from harzquiz.desk import exchange_sections as sections
from harzquiz.desk.forms import EARLIEST_YEAR, LATEST_YEAR, MAX_ROWS, ArticleForm, RiddleForm
from harzquiz.desk.riddle_form import values_of
from harzquiz.extensions import db
from harzquiz.models import Article, AuditEntry, Player, Riddle
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
    """Every riddle, article, quiz and partner (without keys) as a JSON-ready dict."""
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
        "quizzes": sections.export_quizzes(_time),
        "partners": sections.export_partners(),
        "crosswords": crossword_exchange.export_crosswords(),
    }


def dump_content(content: dict) -> str:
    """The file's text: the same bytes from the command line and the desk's download."""
    return json.dumps(content, ensure_ascii=False, indent=2) + "\n"


def read_content(text: str) -> tuple[object, str | None]:
    """The parsed JSON of an import file, or None and why it could not be read."""
    try:
        return json.loads(text), None
    except json.JSONDecodeError as error:
        return None, f"not valid JSON: {error}"
    except RecursionError:  # the parser's own stack: nothing was read
        return None, "not a HarzQuiz content file: its JSON is nested too deeply to read"


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


@dataclass
class Checked:
    """An import file after its checks: every problem, and the values that passed."""

    problems: list[str] = field(default_factory=list)
    riddles: list = field(default_factory=list)
    articles: list = field(default_factory=list)
    quizzes: list = field(default_factory=list)
    partners: list = field(default_factory=list)
    crosswords: list = field(default_factory=list)


def check_content(data) -> Checked:
    """Every problem in an import file, and the checked riddles, articles, quizzes, partners."""
    if not isinstance(data, dict) or data.get("format") != FORMAT:
        return Checked([f"not a HarzQuiz content file (format {FORMAT!r} expected)"])
    checked = Checked()
    problems = checked.problems
    for n, item in enumerate(_items(data, "riddles", problems)):
        where = f"riddles[{n}] {item.get('slug', '?') if isinstance(item, dict) else '?'}"
        values = _riddle_values(item, where, problems) if isinstance(item, dict) else None
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
        if values is not None:
            checked.riddles.append(values)
    _check_riddle_set(checked.riddles, problems)
    known = {r.slug for r in checked.riddles} | set(db.session.scalars(sa.select(Riddle.slug)))
    for n, item in enumerate(_items(data, "articles", problems)):
        where = f"articles[{n}] {item.get('slug', '?') if isinstance(item, dict) else '?'}"
        if not isinstance(item, dict):
            problems.append(f"{where}: not an object")
            continue
        values = _article_values(item, where, known, problems)
        if values is not None:
            checked.articles.append(values)
    slugs = [a["slug"] for a in checked.articles]
    problems += [
        f"articles: slug {s!r} appears twice" for s in sorted(set(slugs)) if slugs.count(s) > 1
    ]
    articles = set(slugs) | set(db.session.scalars(sa.select(Article.slug)))
    checked.quizzes = sections.check_quizzes(
        _items(data, "quizzes", problems), articles, _parse_time, problems
    )
    checked.partners = sections.check_partners(_items(data, "partners", problems), problems)
    more, checked.crosswords = crossword_exchange.check_crosswords(data.get("crosswords"))
    problems += more
    return checked


def _items(data: dict, key: str, problems: list[str]) -> list:
    """The list under `key` (none: an empty list); anything else is a problem."""
    items = data.get(key)
    if items is None:
        return []
    if not isinstance(items, list):
        problems.append(f"{key}: not a list")
        return []
    return items


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


@dataclass(frozen=True)
class Change:
    """One thing an import changes, as its audit entry says it."""

    action: str  # import_new | imported
    target_type: str
    label: str
    detail: str


@dataclass
class Imported:
    """What an import did (or, not written, would do): problems, or the changes."""

    problems: list[str]
    changes: list[Change]
    counts: dict[str, int]  # items per kind in the file
    written: bool = False


def import_content(
    data, actor: Player | None = None, write: bool | Callable[[list[Change]], bool] = True
) -> Imported:
    """Check everything, then write it all in one transaction (or nothing, with the problems).

    With `write=False` the same writes are made and rolled back: the changes they would
    bring, for the desk's preview. `write` may also decide on the changes (the desk writes
    only the changes the editor saw). Only items that change are audited (and listed)."""
    checked = check_content(data)
    kinds = ("riddles", "articles", "quizzes", "partners", "crosswords")
    counts = {key: len(getattr(checked, key)) for key in kinds}
    if checked.problems:
        db.session.rollback()
        return Imported(checked.problems, [], counts)
    entries = _apply(checked, actor)
    changes = [Change(e.action, e.target_type, e.target_label, e.detail) for e in entries]
    if checked.problems:  # found only while writing (a quiz readers answered)
        db.session.rollback()
        return Imported(checked.problems, [], counts)
    written = write(changes) if callable(write) else write
    if written:
        db.session.commit()
    else:
        db.session.rollback()
    return Imported([], changes, counts, written=written)


def _apply(checked: Checked, actor: Player | None) -> list[AuditEntry]:
    """Write every checked item (not committed); the audit entries of what changed."""
    entries: list[AuditEntry] = []
    by_slug = {r.slug: r for r in db.session.scalars(sa.select(Riddle))}
    for values in checked.riddles:
        riddle = by_slug.get(values.slug)
        created = riddle is None
        if riddle is None:
            riddle = by_slug[values.slug] = Riddle(slug=values.slug)
            db.session.add(riddle)
        changed = editing.apply_values(riddle, values)
        if created or changed:
            action = "import_new" if created else "imported"
            entries.append(audit.record(actor, action, riddle, ", ".join(changed)))
    db.session.flush()  # new riddles get their ids, for the articles that carry them
    for values in checked.articles:
        values = dict(values)
        riddle_slug = values.pop("riddle")
        article = db.session.scalar(sa.select(Article).where(Article.slug == values["slug"]))
        created = article is None
        if article is None:
            article = Article(slug=values["slug"])
            db.session.add(article)
        values["riddle_id"] = by_slug[riddle_slug].id if riddle_slug else None
        changed = [key for key, value in values.items() if getattr(article, key) != value]
        for key in changed:
            setattr(article, key, values[key])
        if created or changed:
            action = "import_new" if created else "imported"
            entries.append(audit.record(actor, action, article, ", ".join(changed)))
    entries += sections.apply_quizzes([dict(q) for q in checked.quizzes], actor, checked.problems)
    entries += sections.apply_partners(checked.partners, actor)
    entries += crossword_exchange.write_crosswords(checked.crosswords, actor)
    db.session.flush()
    return entries
