"""No answer letter of a crossword reaches the reader before it may be shown.

The route walks (tests/web/test_no_solution_leak.py) look for the World crossword's answers
as text. This test is stricter, as the quiz's is: a reader mid-game gets every response
they can get without changing their state, then every answer of the grid is changed
(letter for letter, so crossings still agree) and the same requests must give exactly the
same responses: the responses carry no information about the answers at all.
"""

from __future__ import annotations

import string

from harzquiz.extensions import db
from harzquiz.models import Crossword
from tests.clients import Reader
from tests.crossword_factories import make_crossword
from tests.crossword_routes import LIVE_SOLUTION, LIVE_WORDS
from tests.factories import make_partner
from tests.helpers import HTMX, text_of
from tests.web.test_no_solution_leak import leaks
from tests.web.test_quiz_no_leak import normalised

SHIFT = str.maketrans(string.ascii_uppercase, string.ascii_uppercase[1:] + "A")


def shifted_answers(crossword_id: int) -> None:
    """Every answer letter A-Z moved on by one (Ä, Ö, Ü stay): same grid, other answers."""
    db.session.rollback()
    crossword = db.session.get(Crossword, crossword_id)
    assert crossword is not None
    crossword.entries = [
        {**entry, "answer": entry["answer"].translate(SHIFT)} for entry in crossword.entries
    ]
    db.session.commit()


def responses(reader: Reader, slug: str, key: str, typed: dict) -> dict[str, str]:
    """Everything the reader can get without changing what they have stored."""
    client = reader.client
    seen = {}
    for path in (f"/kreuzwortraetsel/{slug}", f"/embed/{key}/kreuzwortraetsel/{slug}", "/"):
        for label, headers in (("page", {}), ("htmx", HTMX)):
            seen[f"GET {path} {label}"] = normalised(client.get(path, headers=headers))
    base = f"/kreuzwortraetsel/{slug}"
    posts = {
        "save the same letters": ("speichern", typed),
        "check an unknown word": ("wort-pruefen", {**typed, "wort": "9 across"}),
        "reveal nothing": ("aufdecken", typed),
        "a too long Lösungswort": ("loesungswort", {**typed, "loesungswort": "x" * 41}),
    }
    for name, (action, data) in posts.items():
        for htmx in (True, False):
            response = reader.post(f"{base}/{action}", data, htmx=htmx)
            seen[f"POST {name} htmx={htmx}"] = normalised(response)
            if response.status_code == 303:
                seen[f"POST {name} follow"] = normalised(client.get(response.location))
    return seen


def test_responses_do_not_depend_on_the_answers(app, client):
    crossword = make_crossword(slug="grube", words=LIVE_WORDS, solution=LIVE_SOLUTION)
    key = make_partner().embed_key
    letters = crossword.grid.letters()
    cells = sorted(letters)
    # Mid-game: some letters right, some wrong (never checked), one cell left empty.
    typed = {f"z-{r}-{c}": letters[(r, c)] for r, c in cells[::2]}
    typed |= {f"z-{r}-{c}": "Ö" for r, c in cells[1:-1:2]}
    reader = Reader(client)
    reader.open(f"/kreuzwortraetsel/{crossword.slug}")
    assert reader.post(f"/kreuzwortraetsel/{crossword.slug}/speichern", typed).status_code == 303
    responses(reader, crossword.slug, key, typed)  # first requests settle the session
    before = responses(reader, crossword.slug, key, typed)
    assert any("Gespeichert" in text for text in before.values())  # the actions really ran
    shifted_answers(crossword.id)
    after = responses(reader, crossword.slug, key, typed)
    differing = [what for what in before if before[what] != after[what]]
    assert not differing, f"these responses depend on the answers: {differing}"


def test_the_detector_sees_the_answers_once_they_may_be_shown(app, client):
    """Not blind: once solved, the page shows the Lösungswort the walks look for."""
    crossword = make_crossword(slug="grube", words=LIVE_WORDS, solution=LIVE_SOLUTION)
    reader = Reader(client)
    page = f"/kreuzwortraetsel/{crossword.slug}"
    reader.open(page)
    assert not leaks(client.get(page))
    form = {f"z-{r}-{c}": letter for (r, c), letter in crossword.grid.letters().items()}
    reader.post(f"{page}/speichern", form)
    solved = client.get(page)
    assert "STEIGER" in text_of(solved) and leaks(solved)
