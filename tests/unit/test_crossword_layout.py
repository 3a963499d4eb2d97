"""The placement algorithm: valid, connected, deterministic grids; locks stay put."""

from __future__ import annotations

from collections import Counter
from dataclasses import replace

from hypothesis import assume, given, settings
from hypothesis import strategies as st

from harzquiz.rules.crossword_grid import MAX_SIZE, Direction, Entry, crossword_letters, validate
from harzquiz.rules.crossword_layout import lay_out, mark_word

# A small alphabet (with umlauts) so that words often share letters, and sometimes do not.
answers = st.text(alphabet="AEHNORSTZÄÖÜß", min_size=2, max_size=12).filter(
    lambda text: len(crossword_letters(text)) <= MAX_SIZE
)
word_lists = st.lists(st.tuples(answers, st.just("Hinweis")), min_size=1, max_size=20)
SLOW = settings(max_examples=40, deadline=None)
CLASHES = {"run", "overlap", "crossing"}

HARZ = [
    ("Brocken", "Höchster Berg des Harzes"),
    ("Goslar", "Kaiserstadt an der Gose"),
    ("Hexentanzplatz", "Felsplateau über Thale"),
    ("Bode", "Fluss durch Thale"),
    ("Harzer Roller", "Singender Kanarienvogel"),
    ("Quedlinburg", "Welterbe-Fachwerkstadt"),
    ("Okertal", "Tal mit Talsperre bei Goslar"),
    ("Hexe", "Sie reitet zur Walpurgisnacht"),
    ("Luchs", "Raubkatze, im Harz wieder heimisch"),
    ("Fichte", "Häufigster Baum im Harz"),
]


def crosses(entry: Entry, entries) -> bool:
    return any(
        o.direction is not entry.direction and set(o.cells) & set(entry.cells) for o in entries
    )


@SLOW
@given(word_lists)
def test_every_generated_grid_is_valid(words):
    layout = lay_out(words)
    if layout.grid.entries:
        assert validate(layout.grid) == []
        assert layout.problems == ()
        assert layout.grid.width <= MAX_SIZE and layout.grid.height <= MAX_SIZE


@SLOW
@given(word_lists)
def test_every_word_is_placed_or_reported(words):
    layout = lay_out(words)
    placed = Counter(entry.answer for entry in layout.grid.entries)
    left = Counter(crossword_letters(item.answer) for item in layout.unplaced)
    assert placed + left == Counter(crossword_letters(answer) for answer, _ in words)


@SLOW
@given(word_lists)
def test_every_entry_crosses_another(words):
    entries = lay_out(words).grid.entries
    if len(entries) > 1:
        assert all(crosses(entry, entries) for entry in entries)


@SLOW
@given(word_lists)
def test_words_sharing_letters_are_crossed_where_the_list_allows(words):
    """Two words sharing a letter always make a grid of at least two; a word sharing no
    letter with any other can never cross, so it is reported instead of left orphaned."""
    letters = [set(crossword_letters(answer)) for answer, _ in words]
    layout = lay_out(words)
    if any(a & b for i, a in enumerate(letters) for b in letters[i + 1 :]):
        assert len(layout.grid.entries) >= 2
    placed = {entry.answer for entry in layout.grid.entries}
    for index, own in enumerate(letters):
        others = set().union(*(s for j, s in enumerate(letters) if j != index))
        if not own & others and len(words) > 1:
            assert crossword_letters(words[index][0]) not in placed or len(placed) == 1


@settings(max_examples=20, deadline=None)
@given(word_lists)
def test_same_input_same_grid(words):
    assert lay_out(words) == lay_out(list(words))


@SLOW
@given(word_lists, st.data())
def test_locked_entries_stay_put(words, data):
    first = lay_out(words).grid
    locked = data.draw(
        st.lists(st.sampled_from(first.entries), unique=True, max_size=4)
        if first.entries
        else st.just([])
    )
    # A subset of a grid's entries may touch where a dropped entry joined them: not lockable.
    assume(not {p.code for p in validate(replace(first, entries=tuple(locked)))} & CLASHES)
    extra = data.draw(st.lists(st.tuples(answers, st.just("neu")), max_size=6))
    again = lay_out(extra, locked=locked)
    kept = {(e.direction, e.row, e.col, e.answer) for e in again.grid.entries}
    assert {(e.direction, e.row, e.col, e.answer) for e in locked} <= kept
    assert not any(item.clue != "neu" for item in again.unplaced)  # no lock was refused


def test_all_entries_locked_give_the_same_valid_grid():
    grid = lay_out(HARZ).grid
    again = lay_out([], locked=grid.entries)
    assert again.grid == grid and again.problems == () and again.unplaced == ()


def test_harz_words_all_placed_and_compact():
    layout = lay_out(HARZ)
    assert layout.unplaced == ()
    assert validate(layout.grid) == []
    assert layout.grid.entries[0].number == 1
    assert {e.direction for e in layout.grid.entries} == {Direction.ACROSS, Direction.DOWN}


def test_unplaceable_words_are_reported_with_reasons():
    layout = lay_out(
        [
            ("Harz", "Gebirge"),
            ("Moll", "Tonart"),
            ("B4", "Straße"),
            ("Hexentanzplatzweg", "zu lang"),
        ]
    )
    reasons = {item.answer: item.reason for item in layout.unplaced}
    assert "crosses no other word" in reasons["MOLL"]
    assert "has no crossword cell" in reasons["B4"]
    assert "longer than the grid" in reasons["Hexentanzplatzweg"]


def test_clashing_lock_is_refused():
    locks = [
        Entry(1, Direction.ACROSS, 0, 0, "HARZ", "a"),
        Entry(2, Direction.ACROSS, 0, 1, "ODER", "b"),
    ]
    layout = lay_out([], locked=locks)
    assert [item.answer for item in layout.unplaced] == ["ODER"]


def test_mark_word_spells_the_solution():
    grid = lay_out(HARZ).grid
    marked = mark_word(grid, "Hexe")
    assert marked is not None and len(set(marked)) == 4
    letters = grid.letters()
    assert "".join(letters[cell] for cell in marked) == "HEXE"
    assert mark_word(grid, "QQQQ") is None
