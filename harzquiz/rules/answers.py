"""Pure answer matching for puzzles: normalisation, typo tolerance and near-miss nudges.

No Flask, no database, no I/O: everything here is a function of its arguments.

Normalisation (see :func:`normalise`) makes comparison forgiving where German writing
varies: case, Unicode forms (NFC/NFD/compatibility), ä/ae, ö/oe, ü/ue, ß/ẞ/ss, other
accents (é -> e), one leading article ("der Kugelgrill", "ein Kugelgrill", "the Harz"),
punctuation, quotes, apostrophes, hyphens and all whitespace ("Kugel-Grill" ==
"Kugel Grill" == "kugelgrill"). An article is only dropped when it is a separate
whitespace-delimited word followed by more words containing a letter, so "A-Klasse",
"A 7" and a lone "Die" keep it. Digits of any script become ASCII digits.

Typo tolerance is a Damerau-Levenshtein distance (an adjacent transposition counts as one
edit), scaled to the length of the *candidate answer* after normalisation, never the guess:

    ====================  ===============
    normalised length     typos allowed
    ====================  ===============
    0-4  ("rat", "harz")  0 (exact only)
    5-8  ("brocken")      1
    9+   ("kugelgrill")   2
    ====================  ===============

Numbers match exactly: a fuzzy match is only considered when guess and candidate contain
the same runs of digits in the same order ("1952" vs "1953" and "Apollo 11" vs "Apollo 12"
are wrong), otherwise only exact equality counts.

Precedence: exact solution/alternative (correct) > exact near miss (close) > fuzzy
solution/alternative (correct) > fuzzy near miss (close) > wrong.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass
from typing import Literal, TypeVar

from rapidfuzz.distance import DamerauLevenshtein

__all__ = [
    "AnswerKey",
    "Match",
    "NearMiss",
    "Verdict",
    "check_guess",
    "normalise",
]

Verdict = Literal["correct", "close", "wrong"]
_T = TypeVar("_T")


@dataclass(frozen=True)
class NearMiss:
    """An answer that is nearly right, with the editor's nudge shown when a reader types it."""

    phrase: str  # what readers might type, e.g. "Grill"
    nudge: str  # editor's hint shown when it matches, e.g. "Fast! Welcher Grill genau?"


@dataclass(frozen=True)
class AnswerKey:
    """The accepted solution, its accepted alternatives and the near misses for one puzzle."""

    solution: str
    alternatives: tuple[str, ...] = ()
    near_misses: tuple[NearMiss, ...] = ()


@dataclass(frozen=True)
class Match:
    """The outcome of checking a guess: verdict, what it matched and (for close) the nudge."""

    verdict: Verdict
    matched: str | None = None  # matched solution/alternative/near-miss phrase, editor spelling
    nudge: str | None = None  # only for close


# Leading articles stripped by normalise() when more words (with letters) follow.
_ARTICLES = frozenset(
    {
        "der", "die", "das", "den", "dem", "des",
        "ein", "eine", "einen", "einem", "einer", "eines",
        "the", "a", "an",
    }
)  # fmt: skip

# Umlauts and sharp s, applied after casefold and NFC composition (ẞ/ß casefold to "ss").
_GERMAN_FOLD = str.maketrans({"ä": "ae", "ö": "oe", "ü": "ue", "ß": "ss"})

_DIGIT_RUN = re.compile(r"[0-9]+")

# Typo thresholds: (minimum normalised candidate length, typos allowed), longest first.
_TYPO_STEPS: tuple[tuple[int, int], ...] = ((9, 2), (5, 1), (0, 0))


def _fold_word(word: str) -> str:
    """Fold one whitespace-free token: umlauts to digraphs, drop accents/marks/punctuation."""
    word = unicodedata.normalize("NFC", word).translate(_GERMAN_FOLD)
    out: list[str] = []
    for ch in unicodedata.normalize("NFKD", word):
        if ch.isdecimal():
            out.append(str(unicodedata.decimal(ch)))  # any script's digits -> ASCII
        elif ch.isalnum():
            out.append(ch)
    return "".join(out)


@functools.lru_cache(maxsize=8192)
def normalise(text: str) -> str:
    """Return the canonical comparison form of ``text`` (see the module docstring).

    Memoised: a guess compares against the player's earlier guesses, normalised each time.
    """
    folded = unicodedata.normalize("NFKC", text).casefold()
    words = [w for w in (_fold_word(tok) for tok in folded.split()) if w]
    if (
        len(words) > 1
        and words[0] in _ARTICLES
        and any(ch.isalpha() for w in words[1:] for ch in w)
    ):
        words = words[1:]
    return "".join(words)


def _max_typos(normalised_answer: str) -> int:
    """Return how many edits a guess may be away from this normalised candidate answer."""
    length = len(normalised_answer)
    for min_length, typos in _TYPO_STEPS:
        if length >= min_length:
            return typos
    return 0  # pragma: no cover - the last step starts at 0


def _fuzzy_distance(guess: str, candidate: str) -> int | None:
    """Return the edit distance if ``guess`` is within tolerance of ``candidate``, else None."""
    allowed = _max_typos(candidate)
    if allowed == 0 or abs(len(guess) - len(candidate)) > allowed:
        return None
    if _DIGIT_RUN.findall(guess) != _DIGIT_RUN.findall(candidate):
        return None  # numbers must match exactly
    distance = DamerauLevenshtein.distance(guess, candidate, score_cutoff=allowed)
    return distance if distance <= allowed else None


def _exact(guess: str, candidates: list[tuple[str, _T]]) -> _T | None:
    """Return the first candidate whose normalised form equals ``guess``."""
    return next((item for norm, item in candidates if norm == guess), None)


def _fuzzy(guess: str, candidates: list[tuple[str, _T]]) -> _T | None:
    """Return the closest candidate within its typo tolerance (earlier ones win ties)."""
    best: tuple[int, _T] | None = None
    for norm, item in candidates:
        distance = _fuzzy_distance(guess, norm)
        if distance is not None and (best is None or distance < best[0]):
            best = (distance, item)
    return None if best is None else best[1]


def check_guess(guess: str, key: AnswerKey) -> Match:
    """Judge ``guess`` against ``key``: exact beats fuzzy, answers beat near misses."""
    g = normalise(guess)
    if not g:
        return Match("wrong")
    answers = [(n, a) for a in (key.solution, *key.alternatives) if (n := normalise(a))]
    misses = [(n, nm) for nm in key.near_misses if (n := normalise(nm.phrase))]

    if (answer := _exact(g, answers)) is not None:
        return Match("correct", matched=answer)
    if (miss := _exact(g, misses)) is not None:
        return Match("close", matched=miss.phrase, nudge=miss.nudge)
    if (answer := _fuzzy(g, answers)) is not None:
        return Match("correct", matched=answer)
    if (miss := _fuzzy(g, misses)) is not None:
        return Match("close", matched=miss.phrase, nudge=miss.nudge)
    return Match("wrong")
