"""The nickname rules (harzquiz.rules.nicknames) with the shipped word lists."""

from __future__ import annotations

import random

import pytest

from harzquiz.config import Defaults
from harzquiz.rules.nicknames import (
    fold,
    nickname_refusal,
    parse_word_file,
    skeleton,
    skeleton_key,
    word_list,
)
from harzquiz.services.players import (
    GUEST_NUMBERS,
    NICKNAME_BLOCKLIST_FILE,
    NICKNAME_PATTERN,
    guest_nickname,
)

with NICKNAME_BLOCKLIST_FILE.open(encoding="utf-8") as _lines:
    INSULT_WORDS, ALLOWED_WORDS = parse_word_file(_lines)
RESERVED = word_list(Defaults.RESERVED_NICKNAMES, ALLOWED_WORDS)
INSULTS = word_list(INSULT_WORDS, ALLOWED_WORDS)


def refusal(name: str) -> str | None:
    return nickname_refusal(name, reserved=RESERVED, insults=INSULTS)


@pytest.mark.parametrize(
    "name,expected",
    [
        # Allowed: ordinary names, Harz places, words that merely contain a listed one.
        ("Jürgen", None),
        ("Brocken Fan", None),
        ("Harzer Roller", None),
        ("Wernigerode", None),
        ("Hasselfelde", None),
        ("Hassel", None),
        ("Klassiker", None),
        ("Kassel", None),
        ("Scunthorpe", None),
        ("Badminton", None),  # holds "admin": an allowed word in the blocklist file
        ("Staffel", None),  # holds "staff"
        ("Marschall", None),  # holds "arsch"
        ("Barsch", None),
        ("Sauerland", None),  # "sau" counts only as a whole word
        ("Titisee", None),
        ("Arsenal", None),
        ("Cockpit", None),
        ("Steamboat", None),  # "team" only as a whole word
        ("Teamgeist", None),
        ("Sonnensystem", None),
        ("Modellbauer", None),
        ("Moby Dick", None),
        ("Sebastian", None),
        ("Gast-123456", None),
        ("Lisa_95", None),
        # Reserved, in any case, spacing or punctuation, and inside a name.
        ("Redaktion", "reserved"),
        ("REDAKTION", "reserved"),
        ("R e d a k t i o n", "reserved"),
        ("re-daktion", "reserved"),
        ("Re.Daktion", "reserved"),
        ("Rédaktion", "reserved"),
        ("Admin", "reserved"),
        ("ADMIN", "reserved"),
        ("Admin123", "reserved"),
        ("4dmin", "reserved"),
        ("Administrator", "reserved"),
        ("Moderator", "reserved"),
        ("Moderatorin Anna", "reserved"),
        ("HarzQuiz", "reserved"),
        ("HarzQuiz-Team", "reserved"),
        ("GoslarHarz", "reserved"),
        ("Goslar_Harz", "reserved"),
        ("System", "reserved"),
        ("Support", "reserved"),
        ("Team", "reserved"),
        ("Team1", "reserved"),
        ("T e a m", "reserved"),
        ("HarzTeam", "reserved"),  # a lower-to-upper change starts a word
        ("Official", "reserved"),
        ("Offiziell", "reserved"),
        ("Mod", "reserved"),
        # Confusable: lookalike letters from other scripts and forms.
        ("\u0410dmin", "reserved"),  # Cyrillic А
        ("\u0410DMIN", "reserved"),
        ("R\u0435daktion", "reserved"),  # Cyrillic е
        ("\uff21dmin", "reserved"),  # fullwidth Ａ
        ("Moder\u0430tor", "reserved"),
        ("Harz\u049aui\u0437", None),  # Қ and з are not Latin lookalikes of Q and z
        ("HarzQu\u0456z", "reserved"),  # Cyrillic і
        # Insults, with leetspeak, spacing and lookalikes.
        ("Arschloch", "insult"),
        ("Arschloch123", "insult"),
        ("a r s c h", "insult"),
        ("4rschl0ch", "insult"),
        ("Arschl1ch", "insult"),  # "arsch" is enough
        ("ArschIoch", "insult"),  # capital I for l
        ("\u0410rschloch", "insult"),  # Cyrillic А
        ("Du Sau", "insult"),
        ("Hure", "insult"),
        ("Hurensohn", "insult"),
        ("Wichser", "insult"),
        ("b1tch", "insult"),
        ("FuckYou", "insult"),
        ("Nazis", "insult"),
        ("Sh1t", "insult"),
        ("Schlampe_99", "insult"),
        ("w1chs3r", "insult"),
    ],
)
def test_nickname_rules(name, expected):
    assert refusal(name) == expected


def test_the_table_is_the_size_the_issue_asks_for():
    cases = test_nickname_rules.pytestmark[0].args[1]
    assert len(cases) >= 40
    assert {expected for _, expected in cases} == {None, "reserved", "insult"}


@pytest.mark.parametrize(
    "first,second",
    [
        ("Admin", "\u0410dmin"),
        ("Anna", "\u0410nn\u0430"),
        ("max", "\uff4dax"),  # fullwidth ｍ
        ("Jürgen", "JÜRGEN"),
        ("Jürgen", "Ju\u0308rgen"),  # decomposed ü
        ("Brocken", "Br\u043ecken"),  # Cyrillic о
    ],
)
def test_names_that_look_alike_share_a_skeleton_key(first, second):
    assert skeleton_key(first) == skeleton_key(second)


@pytest.mark.parametrize(
    "first,second",
    [("Anna", "Anne"), ("Jürgen", "Jurgen"), ("Kai", "Kal"), ("Anna-Lena", "Anna Lena")],
)
def test_different_names_keep_different_skeleton_keys(first, second):
    assert skeleton_key(first) != skeleton_key(second)


def test_skeleton_follows_uts39_for_plain_examples():
    assert skeleton("\u0430") == skeleton("a")  # Cyrillic а
    assert skeleton("m") == skeleton("rn")
    assert skeleton("0") == skeleton("O")
    assert skeleton(skeleton("Brocken")) == skeleton("Brocken")  # idempotent


def test_folding_reads_leetspeak_spacing_and_case_changes():
    assert fold("4rschl0ch").letters == fold("arschloch").letters
    assert fold("R e d a k t i o n").words == (fold("Redaktion").letters,)
    assert fold("HarzQuiz-Team").words == tuple(fold(w).letters for w in ("harz", "quiz", "team"))


def test_a_configured_list_replaces_the_defaults():
    reserved = word_list(["Brocken"])
    assert nickname_refusal("Brockenhexe", reserved=reserved, insults=INSULTS) == "reserved"
    assert nickname_refusal("Admin", reserved=reserved, insults=INSULTS) is None


def test_word_file_format():
    words, allowed = parse_word_file(["# comment", "", "Depp  # short", "!Deppendorf", "x"])
    assert words == ["Depp", "x"]
    assert allowed == ["Deppendorf"]


def test_every_generated_guest_name_passes_the_rules():
    # "Gast-" and six digits. A digit read as leetspeak is one of these letters, so a listed
    # word could only hide in a generated name if it were made of them (and long enough to
    # count inside a word; a short one would have to be the six digits' whole word).
    readable = (
        set("gast") | set(fold("0123456789").letters) | set(fold("0123456789", one="l").letters)
    )
    for words in (RESERVED, INSULTS):
        assert all(not set(word) <= readable for word in words.long)
        assert all(not (set(word) <= readable and len(word) in (5, 6)) for word in words.short)
    rng = random.Random(13)
    for index in [0, len(GUEST_NUMBERS) - 1, *rng.sample(range(len(GUEST_NUMBERS)), 500)]:
        name = guest_nickname(index)
        assert NICKNAME_PATTERN.match(name)
        assert refusal(name) is None, name


def test_generated_guest_names_never_look_alike():
    # Every digit has its own skeleton, so two different numbers never share a key.
    assert len({skeleton_key(str(digit)) for digit in range(10)}) == 10
