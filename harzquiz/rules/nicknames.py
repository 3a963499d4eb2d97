"""Which nicknames are refused: reserved words, lookalikes, insults (pure: lists passed in).

The word lists come from the service layer (harzquiz.services.players): the reserved words
from the HARZQUIZ_RESERVED_NICKNAMES setting, the insults and the allowed exceptions from
the blocklist file (harzquiz/data/nickname-blocklist.txt, or HARZQUIZ_NICKNAME_BLOCKLIST).
docs/rules.md "Nicknames" states the rules in words.

How a name is compared (`variants`): every character is folded -- NFKC, the UTS #39
confusables mapping (a Cyrillic "А" becomes a Latin "A", "ｍ" becomes "m"), case folded,
accents dropped, leetspeak digits and symbols read as letters ("4" as "a", "0" as "o",
"1" as "i" and, in a second variant, as "l"), everything else a separator. List words are
folded the same way, so the two sides always meet in the same alphabet.

A word of five letters or more is refused anywhere in the name ("Admin123",
"HarzQuiz-Team", "Arschloch123"), except inside an allowed word from the blocklist file
("Badminton"). A shorter word only as a whole word of the name -- between separators,
digits or a lower-to-upper case change -- so "Klassiker" and "Hassel" stay fine while
"Team", "HarzTeam" and "Du Sau" do not. Letters typed one by one ("T e a m", "a r s c h")
count as one word.

A name is also refused when it looks like a name someone else already has: `skeleton_key`
is the form the database keeps unique beside the case-folded key.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache

from confusable_homoglyphs.confusables import confusables_data

# Words at least this long are refused anywhere in a name; shorter ones only as a whole word.
SUBSTRING_MIN = 5
# The longest skeleton key the database column holds; a name folding to more (a few
# ligatures expand to 18 letters each) is refused as having unusable characters.
SKELETON_KEY_MAX = 96

# Digits and symbols read as the letters they stand for in leetspeak.
_LEET = {
    "4": "a",
    "@": "a",
    "8": "b",
    "3": "e",
    "6": "g",
    "0": "o",
    "5": "s",
    "$": "s",
    "7": "t",
    "2": "z",
    "9": "g",
    "!": "i",
}
_ONE_READINGS = ("i", "l")  # "1" is read both ways: "b1tch" and "arschl1ch"
# Marks the confusables data keeps around right-to-left characters.
_DIRECTION_MARKS = dict.fromkeys(map(ord, "\u200e\u200f"))


@cache
def _prototype(char: str) -> str:
    """The UTS #39 prototype `char` maps to (itself when it is one).

    confusable-homoglyphs stores each line of Unicode's confusables.txt in both directions
    (source -> prototype and prototype -> source), so: a character with several partners
    is a prototype; one with a single partner maps to it -- unless that partner has only it
    in turn, a pair whose direction the data no longer shows, where both map to the smaller
    one (a skeleton only needs to be the same for both).
    """
    partners = confusables_data.get(char)
    if not partners or len(partners) > 1:
        return char
    target = partners[0]["c"].translate(_DIRECTION_MARKS)
    if len(target) == 1:
        back = confusables_data.get(target) or []
        if len(back) == 1 and back[0]["c"].translate(_DIRECTION_MARKS) == char:
            return min(char, target)
        return target
    # A prototype of several characters ("m" looks like "rn"): its characters are
    # prototypes already, but one in a pair must map the same way as on its own.
    return "".join(_single_prototype(part) for part in target)


def _single_prototype(char: str) -> str:
    """`_prototype` for a character in a prototype of several (never expanded further)."""
    mapped = _prototype(char)
    return mapped if len(mapped) == 1 else char


def skeleton(text: str) -> str:
    """The UTS #39 skeleton: NFD, every character replaced by its prototype, NFD again."""
    decomposed = unicodedata.normalize("NFD", text)
    return unicodedata.normalize("NFD", "".join(_prototype(char) for char in decomposed))


def skeleton_key(nickname: str) -> str:
    """The form in which two names that look alike are equal, whatever their case:
    "Аdmin" (Cyrillic А) and "ADMIN", "ｍax" and "Max", "Anna" and "Аnnа".

    Case is folded first, so a capital "I" is an "i" here ("Ian" and "lan" differ: one key
    cannot make I like both i and l without making "Kai" and "Kal" one name)."""
    return skeleton(unicodedata.normalize("NFKC", nickname).casefold())


def _fold_char(char: str, one: str) -> str:
    """One character as letters for matching ("" for nothing, " " for a separator).

    Reading "1" as "l" goes with folding case after the skeleton, which reads a capital
    "I" as "l" too ("ArschIoch"); reading it as "i" goes with folding case first
    ("ADMIN")."""
    char = _LEET.get(char, one if char == "1" else char)
    if one != "l":
        char = char.casefold()
    out = []
    for part in skeleton(skeleton(char).casefold()):
        if unicodedata.combining(part):
            continue
        part = _LEET.get(part, one if part == "1" else part)
        out.append(part if part.isalpha() else " ")
    return "".join(out)


@dataclass(frozen=True)
class Folded:
    """A name folded for matching: all its letters joined, and its words."""

    letters: str
    words: tuple[str, ...]


def _words(pieces: list[str]) -> tuple[str, ...]:
    """Words from pieces split at separators; runs of single letters ("T e a m") join."""
    words: list[str] = []
    run = ""
    for piece in pieces:
        if len(piece) == 1:
            run += piece
            continue
        if run:
            words.append(run)
            run = ""
        words.append(piece)
    if run:
        words.append(run)
    return tuple(word for word in words if word)


def fold(text: str, one: str = "i", digits_as_letters: bool = True) -> Folded:
    """`text` folded for matching (see the module's docstring)."""
    text = unicodedata.normalize("NFKC", text)
    pieces: list[str] = []
    current = ""
    previous = ""
    for char in text:
        if not digits_as_letters and (char.isdigit() or char in _LEET):
            folded = " "
        else:
            folded = _fold_char(char, one)
        # A lower-to-upper change starts a new word: "HarzTeam" is "Harz" and "Team".
        if char.isupper() and previous.islower() and current:
            pieces.append(current)
            current = ""
        for part in folded:
            if part == " ":
                if current:
                    pieces.append(current)
                current = ""
            else:
                current += part
        previous = char
    if current:
        pieces.append(current)
    return Folded("".join(pieces), _words(pieces))


def variants(nickname: str) -> list[Folded]:
    """The readings a name is checked in: digits as leetspeak (with "1" as "i" and as
    "l"), and digits as separators ("Team1" is the word "team")."""
    return [fold(nickname, one) for one in _ONE_READINGS] + [
        fold(nickname, digits_as_letters=False)
    ]


@dataclass(frozen=True)
class WordList:
    """Words to refuse, folded once; `allowed` holds ordinary words that contain them."""

    long: tuple[str, ...]
    short: frozenset[str]
    allowed: tuple[str, ...]


def _fold_word(word: str) -> str:
    return fold(word).letters


def word_list(words: Iterable[str], allowed: Iterable[str] = ()) -> WordList:
    """Fold a list of words for `matches` (blank entries skipped)."""
    long, short = [], set()
    for word in words:
        folded = _fold_word(word)
        if not folded:
            continue
        # Counted as typed: the folded form may be longer ("team" folds to "tearn").
        if sum(char.isalnum() for char in word) >= SUBSTRING_MIN:
            long.append(folded)
        else:
            short.add(folded)
    allowed_folded = sorted(
        {_fold_word(word) for word in allowed if _fold_word(word)}, key=len, reverse=True
    )
    return WordList(tuple(long), frozenset(short), tuple(allowed_folded))


def _short_hit(word: str, short: frozenset[str]) -> bool:
    return word in short or (word.endswith("s") and word[:-1] in short)


def matches(nickname: str, words: WordList) -> bool:
    """Whether the name contains one of the words (by the rules in the module docstring)."""
    for folded in variants(nickname):
        letters = folded.letters
        for allowed in words.allowed:
            letters = letters.replace(allowed, " ")
        if any(word in letters for word in words.long):
            return True
        if any(_short_hit(word, words.short) for word in folded.words):
            return True
        if letters.strip() and _short_hit(folded.letters, words.short):
            return True
    return False


def parse_word_file(lines: Iterable[str]) -> tuple[list[str], list[str]]:
    """(words, allowed) from a blocklist file: one entry a line, `#` starts a comment,
    a line starting with `!` is an allowed word ("!Klassiker")."""
    words, allowed = [], []
    for line in lines:
        entry = line.split("#", 1)[0].strip()
        if not entry:
            continue
        if entry.startswith("!"):
            allowed.append(entry[1:].strip())
        else:
            words.append(entry)
    return words, allowed


def nickname_refusal(nickname: str, *, reserved: WordList, insults: WordList) -> str | None:
    """Why the name is refused ("reserved", "insult", "characters"), or None.

    Length and the allowed characters are checked before (services.players)."""
    if len(skeleton_key(nickname)) > SKELETON_KEY_MAX:
        return "characters"
    if matches(nickname, reserved):
        return "reserved"
    if matches(nickname, insults):
        return "insult"
    return None
