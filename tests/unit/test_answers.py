"""Unit tests for harzquiz.rules.answers: normalisation, typo tolerance, numbers, near misses."""

from __future__ import annotations

import unicodedata

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from harzquiz.rules.answers import AnswerKey, Match, NearMiss, check_guess, normalise

GRILL_NUDGE = "Fast! Welcher Grill genau?"
GRILL_KEY = AnswerKey(
    solution="Kugelgrill",
    alternatives=("Weber-Grill", "Weber-Kugelgrill", "Holzkohle-Kugelgrill"),
    near_misses=(NearMiss("Grill", GRILL_NUDGE),),
)

# (guess, verdict, matched) against GRILL_KEY.
GRILL_CASES: list[tuple[str, str, str | None]] = [
    ("Kugelgrill", "correct", "Kugelgrill"),
    ("KUGELGRILL", "correct", "Kugelgrill"),
    ("kugelgrill", "correct", "Kugelgrill"),
    (" kugel-grill ", "correct", "Kugelgrill"),
    ("Kugel Grill", "correct", "Kugelgrill"),
    ("Kugel – Grill", "correct", "Kugelgrill"),
    ("der Kugelgrill", "correct", "Kugelgrill"),
    ("Der Kugel-Grill.", "correct", "Kugelgrill"),
    ("Ein Kugelgrill!", "correct", "Kugelgrill"),
    ("einen Kugelgrill", "correct", "Kugelgrill"),
    ("the Kugelgrill", "correct", "Kugelgrill"),
    ("„Kugelgrill“", "correct", "Kugelgrill"),
    ("'Kugelgrill'?", "correct", "Kugelgrill"),
    ("Kugelgril", "correct", "Kugelgrill"),  # one deletion
    ("Kugelgirll", "correct", "Kugelgrill"),  # one transposition
    ("Kugelgrills", "correct", "Kugelgrill"),  # one insertion
    ("Kugelgrul", "correct", "Kugelgrill"),  # two edits, 10 letters allow two
    ("weber grill", "correct", "Weber-Grill"),
    ("WEBERGRILL", "correct", "Weber-Grill"),
    ("Weber Gril", "correct", "Weber-Grill"),
    ("Weber-Kugelgrill", "correct", "Weber-Kugelgrill"),
    ("ein Weber Kugelgrill", "correct", "Weber-Kugelgrill"),
    ("Holzkohle Kugelgrill", "correct", "Holzkohle-Kugelgrill"),
    ("Holzkohlekugelgril", "correct", "Holzkohle-Kugelgrill"),
    ("Grill", "close", "Grill"),
    ("grill", "close", "Grill"),
    ("der Grill", "close", "Grill"),
    ("Ein Grill?", "close", "Grill"),
    ("Gril", "close", "Grill"),  # 5 letters allow one typo on the near miss
    ("Grillkohle", "wrong", None),
    ("Gasgrill", "wrong", None),
    ("Elektrogrill", "wrong", None),
    ("Boje", "wrong", None),
    ("Weber", "wrong", None),
    ("Kugel", "wrong", None),
    ("Holzkohle", "wrong", None),
    ("Kugelgrrrrill", "wrong", None),  # three insertions
    ("Grl", "wrong", None),  # two edits from a 5-letter near miss
    ("Brocken", "wrong", None),
    ("der", "wrong", None),
]


@pytest.mark.parametrize(("guess", "verdict", "matched"), GRILL_CASES)
def test_grill_key_table(guess: str, verdict: str, matched: str | None) -> None:
    """Each guess in the German table gets the expected verdict and matched spelling."""
    result = check_guess(guess, GRILL_KEY)
    assert result.verdict == verdict
    assert result.matched == matched
    assert result.nudge == (GRILL_NUDGE if verdict == "close" else None)


@pytest.mark.parametrize(
    ("left", "right"),
    [
        ("Fußball", "Fussball"),
        ("FUSSBALL", "fußball"),
        ("Müller", "Mueller"),
        ("MÜLLER", "mueller"),
        ("Straße", "STRASSE"),
        ("STRAẞE", "Strasse"),
        ("Göttingen", "Goettingen"),
        ("Ärger", "aerger"),
        ("Kugel-Grill", "kugelgrill"),
        ("Kugel Grill", "kugelgrill"),
        ("  Kugel\t\nGrill  ", "kugelgrill"),
        ("Kugel\u00a0Grill", "kugelgrill"),
        ("Café", "Cafe"),
        ("Crème brûlée", "creme brulee"),
        ("Ｋｕｇｅｌｇｒｉｌｌ", "kugelgrill"),  # full-width compatibility forms
        ("Rock 'n' Roll", "rocknroll"),
        ("Die Brücke", "Bruecke"),
        ("eines Harzer Käses", "harzerkaeses"),
    ],
)
def test_normalise_equivalences(left: str, right: str) -> None:
    """German spelling variants, accents, spacing and articles normalise identically."""
    assert normalise(left) == normalise(right)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Kugel-Grill", "kugelgrill"),
        ("Der Kugelgrill", "kugelgrill"),
        ("Fußball", "fussball"),
        ("Müller", "mueller"),
        ("", ""),
        ("   \t\n ", ""),
        ("?!-–„“", ""),
        ("Die", "die"),  # a lone article is the whole answer
        ("A-Klasse", "aklasse"),  # glued by a hyphen: not an article
        ("A 7", "a7"),  # only digits follow: keep the "article"
        ("Der 1. FC Magdeburg", "1fcmagdeburg"),
        ("der die das", "diedas"),  # only one article is stripped
        ("Apollo 11", "apollo11"),
        ("١٩٥٢", "1952"),  # Arabic-Indic digits become ASCII
    ],
)
def test_normalise_examples(text: str, expected: str) -> None:
    """normalise() produces the documented canonical form."""
    assert normalise(text) == expected


def test_decomposed_umlauts_match_composed() -> None:
    """NFD input ("a" + combining diaeresis) matches NFC spelling and the ae digraph."""
    nfc = "Bärenhöhle Übergänge"
    nfd = unicodedata.normalize("NFD", nfc)
    assert nfd != nfc
    assert normalise(nfd) == normalise(nfc) == "baerenhoehleuebergaenge"
    key = AnswerKey("Bärenhöhle")
    assert check_guess(unicodedata.normalize("NFD", "Bärenhöhle"), key).verdict == "correct"
    assert check_guess("Baerenhoehle", key).verdict == "correct"


@pytest.mark.parametrize(
    ("solution", "guess", "verdict"),
    [
        ("Fußball", "Fussball", "correct"),
        ("Fussball", "Fußball", "correct"),
        ("Müller", "Mueller", "correct"),
        ("Mueller", "MÜLLER", "correct"),
        ("Straße", "STRASSE", "correct"),
        ("Straße", "Strase", "correct"),  # one typo on a 7-char normalised answer
        ("Müller", "Muller", "correct"),  # dropping the e of the digraph is one typo
    ],
)
def test_umlaut_and_sharp_s_guesses(solution: str, guess: str, verdict: str) -> None:
    """Umlaut and ß spellings are interchangeable when checking a guess."""
    assert check_guess(guess, AnswerKey(solution)).verdict == verdict


@pytest.mark.parametrize(
    ("solution", "guess", "verdict"),
    [
        ("1952", "1952", "correct"),
        ("1952", " 1952. ", "correct"),
        ("1952", "1953", "wrong"),
        ("1952", "1925", "wrong"),
        ("1952", "19520", "wrong"),
        ("1952", "195", "wrong"),
        ("1952", "im Jahr 1952", "wrong"),
        ("Apollo 11", "Apollo 11", "correct"),
        ("Apollo 11", "apollo-11", "correct"),
        ("Apollo 11", "Appollo 11", "correct"),  # letter typo, same number
        ("Apollo 11", "Apollo 12", "wrong"),
        ("Apollo 11", "Apollo 1", "wrong"),
        ("Apollo 11", "Apollo 111", "wrong"),
        ("Apollo 11", "Apollo", "wrong"),
        ("Apollo", "Apollo 1", "wrong"),  # a digit on the guess side only
        ("Nordhausen 1990", "Nordhausen 1909", "wrong"),
        ("Route 66a", "Route 6a6", "wrong"),  # same digits, different runs
        ("Bundesstraße 4", "Bundesstrasse 4", "correct"),
        ("Bundesstraße 4", "Bundesstrase 4", "correct"),
        ("Bundesstraße 4", "Bundesstraße 6", "wrong"),
    ],
)
def test_numbers_match_exactly(solution: str, guess: str, verdict: str) -> None:
    """Digits never get typo tolerance: the numbers in guess and answer must agree."""
    assert check_guess(guess, AnswerKey(solution)).verdict == verdict


@pytest.mark.parametrize(
    ("solution", "guess", "verdict"),
    [
        ("Rat", "Rad", "wrong"),
        ("Rad", "Rat", "wrong"),
        ("Harz", "Hars", "wrong"),
        ("Harz", "Harzz", "wrong"),  # tolerance comes from the answer (4), not the guess (5)
        ("Harz", "Hrz", "wrong"),
        ("Harz", "der Harz", "correct"),
        ("Bode", "Bdoe", "wrong"),  # even a transposition is a typo on 4 letters
        ("Stadt", "Stat", "correct"),  # 5 letters: one typo
        ("Stadt", "Sta", "wrong"),
        ("Osterode", "Osteroda", "correct"),  # 8 letters: one typo
        ("Osterode", "Ostaroda", "wrong"),
        ("Ilsenburg", "Ilsenbrug", "correct"),  # 9 letters: two typos
        ("Ilsenburg", "Ilsnebrug", "correct"),
        ("Ilsenburg", "Ilsnbrg", "correct"),
        ("Ilsenburg", "Ixsenbxrx", "wrong"),
        ("Wernigerode", "Wernigerdoe", "correct"),
        ("Wernigerode", "Quedlinburg", "wrong"),
    ],
)
def test_typo_tolerance_scales_with_answer_length(solution: str, guess: str, verdict: str) -> None:
    """0 typos up to 4 letters, 1 for 5-8, 2 from 9 on, measured on the answer."""
    assert check_guess(guess, AnswerKey(solution)).verdict == verdict


def test_exact_near_miss_beats_fuzzy_solution() -> None:
    """A guess equal to a near miss is close even when it is one typo from the solution."""
    key = AnswerKey("Brocken", near_misses=(NearMiss("Brocke", "Fast – ein Buchstabe fehlt?"),))
    assert check_guess("Brocke", key) == Match(
        "close", matched="Brocke", nudge="Fast – ein Buchstabe fehlt?"
    )
    assert check_guess("Brocken", key) == Match("correct", matched="Brocken")
    assert check_guess("Brockem", key) == Match("correct", matched="Brocken")


def test_fuzzy_answer_beats_fuzzy_near_miss() -> None:
    """When a typo is near both an answer and a near miss, the answer wins."""
    key = AnswerKey("Harzgerode", near_misses=(NearMiss("Harzgeröde", "Ohne ö!"),))
    assert check_guess("Harzgeroede", key).verdict == "close"  # exact near miss
    # "harzgeroda" is 1 edit from "harzgerode" and 2 from "harzgeroede": both in tolerance.
    assert check_guess("Harzgeroda", key) == Match("correct", matched="Harzgerode")
    assert check_guess("Harzgeroedeee", key) == Match(
        "close", matched="Harzgeröde", nudge="Ohne ö!"
    )


def test_closest_alternative_is_reported() -> None:
    """Among several answers within tolerance, the nearest one is reported as matched."""
    key = AnswerKey("Teufelsmauer", alternatives=("Teufelsmauern",))
    assert check_guess("Teufelsmauernn", key).matched == "Teufelsmauern"
    assert check_guess("Teufelsmaur", key).matched == "Teufelsmauer"


def test_solution_wins_ties_over_alternatives() -> None:
    """Equal-distance fuzzy matches report the earliest answer (the solution first)."""
    key = AnswerKey("Rosstrappe", alternatives=("Rosstrappa",))
    assert check_guess("Rosstrappx", key).matched == "Rosstrappe"


@pytest.mark.parametrize("guess", ["", "   ", "\t\n", "!?", "–", "„“"])
def test_empty_guess_is_wrong(guess: str) -> None:
    """A guess that normalises to nothing is wrong, even against an empty-ish key."""
    assert check_guess(guess, GRILL_KEY) == Match("wrong")
    assert check_guess(guess, AnswerKey("?!", near_misses=(NearMiss("-", "x"),))) == Match("wrong")


def test_answers_normalising_to_nothing_never_match() -> None:
    """Punctuation-only editor entries are ignored instead of matching everything."""
    key = AnswerKey("Harz", alternatives=("…",), near_misses=(NearMiss("?", "Hm?"),))
    assert check_guess("Harz", key).verdict == "correct"
    assert check_guess("x", key).verdict == "wrong"


def test_match_is_frozen() -> None:
    """Results are immutable value objects."""
    result = check_guess("Kugelgrill", GRILL_KEY)
    with pytest.raises(AttributeError):
        result.verdict = "wrong"  # type: ignore[misc]


# --- properties -----------------------------------------------------------------------------

PROPS = settings(deadline=None)

GERMAN_LETTERS = "abcdefghijklmnopqrstuvwxyzäöüßABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜẞ"
german_word = st.text(alphabet=GERMAN_LETTERS + "0123456789", min_size=1, max_size=12)
german_phrase = st.lists(german_word, min_size=1, max_size=4).map(" ".join)
any_text = st.text(alphabet=st.characters(exclude_categories=("Cs",)), max_size=40)
control_text = st.text(
    alphabet=st.sampled_from("\x00\x07\x1b\x7f\u200b\u200d\u00ad\ufeff\u2028 \t\r\n-a1ä"),
    max_size=20,
)
guesses = st.one_of(
    st.sampled_from([case[0] for case in GRILL_CASES]),
    german_phrase,
    any_text,
)


@st.composite
def answer_keys(draw: st.DrawFn, text: st.SearchStrategy[str] = german_phrase) -> AnswerKey:
    """Draw an AnswerKey with a few alternatives and near misses."""
    return AnswerKey(
        solution=draw(text),
        alternatives=tuple(draw(st.lists(text, max_size=3))),
        near_misses=tuple(
            NearMiss(draw(text), draw(st.text(min_size=1, max_size=20)))
            for _ in range(draw(st.integers(0, 3)))
        ),
    )


keys = st.one_of(st.just(GRILL_KEY), answer_keys(), answer_keys(any_text))


@PROPS
@given(any_text)
def test_normalise_is_idempotent(text: str) -> None:
    """Normalising twice changes nothing."""
    once = normalise(text)
    assert normalise(once) == once


@PROPS
@given(st.one_of(any_text, control_text))
def test_normalise_output_is_compact(text: str) -> None:
    """The canonical form has no whitespace, punctuation or control characters."""
    assert all(ch.isalnum() for ch in normalise(text))


@PROPS
@given(answer_keys(st.one_of(german_phrase, any_text)))
def test_solution_and_alternatives_match_themselves(key: AnswerKey) -> None:
    """Any answer the editor typed is accepted as typed (if it normalises to something)."""
    if normalise(key.solution):
        assert check_guess(key.solution, key) == Match("correct", matched=key.solution)
    for alternative in key.alternatives:
        if normalise(alternative):
            assert check_guess(alternative, key).verdict == "correct"


def _insert(text: str, index: int, piece: str) -> str:
    """Insert ``piece`` into ``text`` at ``index`` (clamped to the text)."""
    index = min(index, len(text))
    return text[:index] + piece + text[index:]


@PROPS
@given(
    st.one_of(st.sampled_from([case[0] for case in GRILL_CASES]), german_phrase),
    st.one_of(st.just(GRILL_KEY), answer_keys()),
    st.sampled_from([str.upper, str.lower, str.swapcase, str.title, str.casefold]),
    st.lists(st.integers(0, 60), max_size=3),
    st.sampled_from(["-", "‐", "–", "'", ".", "\u00ad"]),
)
def test_case_and_hyphens_do_not_change_verdict(
    guess: str, key: AnswerKey, recase, positions: list[int], hyphen: str
) -> None:
    """Changing case and inserting hyphens anywhere never changes the verdict."""
    expected = check_guess(guess, key)
    changed = recase(guess)
    for position in positions:
        changed = _insert(changed, position, hyphen)
    assert check_guess(changed, key) == expected


@PROPS
@given(
    st.one_of(st.sampled_from([case[0] for case in GRILL_CASES]), german_phrase),
    st.one_of(st.just(GRILL_KEY), answer_keys()),
    st.integers(0, 60),
    st.sampled_from([" ", "  ", "\t", "\u00a0", "\n"]),
)
def test_whitespace_does_not_change_verdict(
    guess: str, key: AnswerKey, position: int, space: str
) -> None:
    """Whitespace around the guess or inside any word after the first keeps the verdict."""
    expected = check_guess(guess, key)
    assert check_guess(space + guess + space, key) == expected
    stripped = guess.strip()
    first_gap = next((i for i, ch in enumerate(stripped) if ch.isspace()), None)
    if first_gap is not None:  # splitting the first word could create or break an article
        inside = _insert(stripped, first_gap + position, space)
        assert check_guess(inside, key) == expected


@PROPS
@given(st.one_of(guesses, control_text), keys)
def test_check_guess_is_total_and_consistent(guess: str, key: AnswerKey) -> None:
    """check_guess never raises and its result is always internally consistent."""
    result = check_guess(guess, key)
    assert result.verdict in ("correct", "close", "wrong")
    answers = (key.solution, *key.alternatives)
    if result.verdict == "correct":
        assert result.nudge is None
        assert result.matched in answers
    elif result.verdict == "close":
        assert result.nudge is not None
        near = [nm for nm in key.near_misses if nm.phrase == result.matched]
        assert near
        assert result.nudge in {nm.nudge for nm in near}
    else:
        assert result == Match("wrong")
    if not normalise(guess):
        assert result.verdict == "wrong"


@PROPS
@given(st.integers(0, 10**9), st.integers(0, 10**9))
def test_different_numbers_never_match(answer: int, guess: int) -> None:
    """Two different numbers are always wrong, however close their digits are."""
    result = check_guess(str(guess), AnswerKey(str(answer)))
    assert result.verdict == ("correct" if answer == guess else "wrong")


@PROPS
@given(st.sampled_from(["Apollo", "Bundesstraße", "Gleis", "Kapitel"]), st.integers(0, 999))
def test_numbered_names_need_the_same_number(name: str, number: int) -> None:
    """A name with a number never matches the same name with a different number."""
    key = AnswerKey(f"{name} {number}")
    assert check_guess(f"{name} {number}", key).verdict == "correct"
    assert check_guess(f"{name} {number + 1}", key).verdict == "wrong"
