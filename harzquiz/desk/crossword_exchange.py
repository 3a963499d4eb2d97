"""Crosswords in the content export and import (the "crosswords" key of the content file).

Each crossword is its slug, texts, points, prize flag, UTC ISO times, and its grid as
`rules.crossword_grid.grid_to_data` writes it (entries with number, direction, 0-based row
and column, answer in cell letters, clue; marked cells in order). An import matches by slug,
checks every crossword completely (the grid with `validate`, the desk's field limits, slugs
unique, live windows overlapping neither each other nor the database's) and reports every
problem; `desk.exchange.import_content` writes nothing unless the whole file is fine.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime

import sqlalchemy as sa

from harzquiz.extensions import db
from harzquiz.models import Crossword, Player
from harzquiz.rules.crossword_grid import grid_from_data, grid_to_data, validate
from harzquiz.services import audit
from harzquiz.services.crossword_editing import CrosswordValues, apply_values

SLUG = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
MAX_CROSSWORDS = 1000


def _time(value: datetime | None) -> str | None:
    return None if value is None else value.astimezone(UTC).isoformat()


def export_crosswords() -> list[dict]:
    """Every crossword as JSON-ready data, ordered by slug."""
    crosswords = db.session.scalars(sa.select(Crossword).order_by(Crossword.slug)).all()
    return [
        {
            "slug": c.slug,
            "title": c.title,
            "intro": c.intro,
            "points": c.points,
            "is_prize": c.is_prize,
            "publish_at": _time(c.publish_at),
            "closes_at": _time(c.closes_at),
            "grid": grid_to_data(c.grid),
        }
        for c in crosswords
    ]


def _text(item: dict, name: str, limit: int, problems: list[str], where: str) -> str:
    value = item.get(name, "")
    if not isinstance(value, str) or len(value) > limit:
        problems.append(f"{where}: {name}: a text of at most {limit} characters")
        return ""
    return value.strip()


def _when(item: dict, name: str, problems: list[str], where: str) -> datetime | None:
    from harzquiz.desk.exchange import _parse_time  # the riddles' rule for times

    return _parse_time(item.get(name), problems, f"{where}: {name}")


def _values(item: dict, where: str, problems: list[str]) -> CrosswordValues | None:
    """One crossword of the file, checked; None (with problems noted) if it is not usable."""
    before = len(problems)
    slug = _text(item, "slug", 80, problems, where)
    if not SLUG.match(slug):
        problems.append(f"{where}: slug: lower-case letters, digits and single hyphens only")
    title = _text(item, "title", 120, problems, where)
    if not title:
        problems.append(f"{where}: title: required")
    intro = _text(item, "intro", 2000, problems, where)
    points = item.get("points", 100)
    if not isinstance(points, int) or isinstance(points, bool) or not 1 <= points <= 1000:
        problems.append(f"{where}: points: a whole number from 1 to 1000")
    is_prize = item.get("is_prize", False)
    if not isinstance(is_prize, bool):
        problems.append(f"{where}: is_prize: true or false")
    publish_at = _when(item, "publish_at", problems, where)
    closes_at = _when(item, "closes_at", problems, where)
    if closes_at is not None and (publish_at is None or closes_at <= publish_at):
        problems.append(f"{where}: closes_at: must come after publish_at")
    try:
        grid = grid_from_data(item.get("grid"))  # type: ignore[arg-type]
    except (KeyError, TypeError, ValueError, AttributeError):
        problems.append(f"{where}: grid: not a crossword grid (width, height, entries, marked)")
        return None
    problems += [f"{where}: grid: {problem}" for problem in validate(grid)]
    if len(problems) > before:
        return None
    return CrosswordValues(
        title=title, slug=slug, grid=grid, intro=intro, points=points, is_prize=is_prize,
        publish_at=publish_at, closes_at=closes_at,
    )  # fmt: skip


def _overlap(a: CrosswordValues, b) -> bool:
    if a.publish_at is None or b.publish_at is None:
        return False
    far = datetime.max.replace(tzinfo=UTC)
    return a.publish_at < (b.closes_at or far) and b.publish_at < (a.closes_at or far)


def check_crosswords(items) -> tuple[list[str], list[CrosswordValues]]:
    """Every problem of the file's "crosswords" (absent: none), and the checked values."""
    if items is None:
        return [], []
    if not isinstance(items, list) or len(items) > MAX_CROSSWORDS:
        return [f"crosswords: a list of at most {MAX_CROSSWORDS} crosswords"], []
    problems: list[str] = []
    checked = []
    for n, item in enumerate(items):
        if not isinstance(item, dict):
            problems.append(f"crosswords[{n}]: not an object")
            continue
        values = _values(item, f"crosswords[{n}] {item.get('slug', '?')}", problems)
        if values is not None:
            checked.append(values)
    slugs = [c.slug for c in checked]
    problems += [
        f"crosswords: slug {s!r} appears twice" for s in sorted(set(slugs)) if slugs.count(s) > 1
    ]
    stored = db.session.scalars(sa.select(Crossword).where(Crossword.slug.not_in(slugs))).all()
    for i, a in enumerate(checked):
        others: list[CrosswordValues | Crossword] = [*checked[i + 1 :], *stored]
        for b in others:
            if _overlap(a, b):
                problems.append(f"crosswords: live windows of {a.slug!r} and {b.slug!r} overlap")
    return problems, checked


def write_crosswords(checked: list[CrosswordValues], actor: Player | None = None) -> list:
    """Create or update each crossword by slug (the caller commits); the audit entries of
    those that changed (an unchanged one is neither written nor logged)."""
    entries = []
    by_slug = {c.slug: c for c in db.session.scalars(sa.select(Crossword))}
    for values in checked:
        crossword = by_slug.get(values.slug)
        created = crossword is None
        if crossword is None:
            crossword = Crossword(slug=values.slug)
            db.session.add(crossword)
        changed = apply_values(crossword, values)
        if created or changed:
            action = "import_new" if created else "imported"
            entries.append(audit.record(actor, action, crossword, ", ".join(changed)))
    return entries
