"""The crosswords of the route registry's World (tests/routes.py): live, closed, scheduled
and draft, with answers found nowhere else, so the leak walks can look for them."""

from __future__ import annotations

from datetime import timedelta

from tests.crossword_factories import make_crossword
from tests.factories import MONDAY, NOW

LIVE_WORDS = [
    ("Kupferschiefer", "Gestein, das Metall enthält"),
    ("Grubenlampe", "Licht unter Tage"),
    ("Fahrkunst", "Alter Aufzug der Bergleute"),
    ("Kaue", "Umkleide der Bergleute"),
    ("Seilfahrt", "Fahrt im Förderkorb"),
]
SCHEDULED_WORDS = [
    ("Zukunftswort", "Kommt erst noch"),
    ("Morgenrot", "Himmel früh am Tag"),
    ("Tauwetter", "Schnee schmilzt"),
]
DRAFT_WORDS = [
    ("Entwurfswort", "Noch nicht fertig"),
    ("Skizzenblock", "Papier für erste Striche"),
    ("Kladde", "Heft für Notizen"),
]
LIVE_SOLUTION = "Steiger"  # the Lösungswort of the live crossword (its marked cells)
# What no reader may see: the live crossword's answers (in cell letters and as written; the
# short "Kaue" is left to the invariance test, tests/web/test_crossword_no_leak.py) and its
# Lösungswort, and everything of the scheduled and draft ones, clues included.
CROSSWORD_SECRETS = (
    "KUPFERSCHIEFER",
    "GRUBENLAMPE",
    "FAHRKUNST",
    "SEILFAHRT",
    LIVE_SOLUTION,
    *(text for pair in SCHEDULED_WORDS + DRAFT_WORDS for text in pair),
)


def make_crosswords() -> dict[str, str]:
    """The World's crosswords by state (slugs)."""
    live = make_crossword(slug="grubenwort", words=LIVE_WORDS, solution=LIVE_SOLUTION)
    closed = make_crossword(
        slug="altes-kreuzwort",
        publish_at=MONDAY - timedelta(days=14),
        closes_at=MONDAY - timedelta(days=7),
    )
    scheduled = make_crossword(
        slug="kreuzwort-zukunft",
        words=SCHEDULED_WORDS,
        solution="ERZ",
        publish_at=NOW + timedelta(days=5),
        closes_at=NOW + timedelta(days=12),
    )
    draft = make_crossword(
        slug="kreuzwort-entwurf",
        words=DRAFT_WORDS,
        solution="ERZ",
        publish_at=None,
        closes_at=None,
    )
    return {
        "live": live.slug,
        "closed": closed.slug,
        "scheduled": scheduled.slug,
        "draft": draft.slug,
    }


ACTIONS = ("save_letters", "check_word", "check_grid", "reveal_letter", "enter_solution")
CROSSWORD_PAGES = frozenset({"crosswords.show", "embed.show"})
CROSSWORD_ACTIONS = frozenset(
    {*(f"crosswords.{name}" for name in ACTIONS), *(f"embed.{name}" for name in ACTIONS)}
)


def crossword_values(slugs: dict[str, str], key: str) -> dict[str, list[dict]]:
    """URL values for the crossword page and actions, on the site and in the embed."""
    every = [*slugs.values(), "gibt-es-nicht"]
    values: dict[str, list[dict]] = {"crosswords.show": [{"slug": slug} for slug in every]}
    values["embed.show"] = [{"key": key, "slug": slug} for slug in every]
    for name in ACTIONS:
        values[f"crosswords.{name}"] = [{"slug": slug} for slug in slugs.values()]
        values[f"embed.{name}"] = [{"key": key, "slug": slugs["live"]}]
    return values


# Forms the actions accept (on the live crossword: its first across entry is "1 across").
VALID_CROSSWORD_FORMS = {
    **{f"{surface}.save_letters": {"z-0-0": "A"} for surface in ("crosswords", "embed")},
    **{f"{surface}.check_word": {"wort": "1 down"} for surface in ("crosswords", "embed")},
    **{f"{surface}.check_grid": {} for surface in ("crosswords", "embed")},
    **{f"{surface}.reveal_letter": {"wort": "1 down"} for surface in ("crosswords", "embed")},
    **{
        f"{surface}.enter_solution": {"loesungswort": "Stollen"}
        for surface in ("crosswords", "embed")
    },
}
