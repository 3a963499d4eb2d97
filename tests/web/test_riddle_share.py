"""The riddle's share text: after a solve or a reveal, spoiler-free (number, title,
attempts, hints, points and the link), in a read-only field with a copy button."""

from __future__ import annotations

import re
from datetime import timedelta

from tests.clients import Reader
from tests.factories import MONDAY, make_closed_riddle, make_riddle


def share_of(html: str) -> str | None:
    found = re.search(
        r'<textarea id="riddle-[^"]+-share"[^>]*readonly[^>]*>(.*?)</textarea>', html, re.S
    )
    return found.group(1) if found else None


def test_a_solve_shows_a_spoiler_free_share_text(app, client):
    make_closed_riddle(slug="alt", publish_at=MONDAY - timedelta(days=7))
    make_riddle(slug="boje", title="Die Boje")
    reader = Reader(client)
    reader.open("/raetsel/boje")
    reader.guess("boje", "Boje")
    reader.post("/raetsel/boje/tipps/1", htmx=True)
    solved = reader.guess("boje", "Kugelgrill").get_data(as_text=True)
    share = share_of(solved)
    assert share is not None, "the htmx answer to the solve carries the share text"
    assert share.splitlines() == [
        "HarzQuiz · Rätsel Nr. 2 „Die Boje“",
        "Gelöst: 2 Versuche, 1 Tipp, 70 Punkte",  # 100 − 20 (hint) − 10 (wrong guess)
        "http://localhost/raetsel/boje",
    ]
    assert 'data-copy-target="riddle-boje-share"' in solved
    # Nothing of the riddle's content: no guess, no hint, no solution.
    for secret in ("Kugelgrill", "Boje\n", "Deckel"):
        assert secret not in share
    # The page without JavaScript shows the same text.
    assert share_of(client.get("/raetsel/boje").get_data(as_text=True)) == share


def test_a_reveal_shows_how_far_the_reader_got(app, client):
    make_riddle(slug="boje", title="Die Boje")
    reader = Reader(client)
    reader.open("/raetsel/boje")
    reader.guess("boje", "Boje")
    page = reader.post("/raetsel/boje/loesung", htmx=True).get_data(as_text=True)
    assert share_of(page).splitlines()[1] == "Lösung angezeigt nach 1 Versuch und 0 Tipps"


def test_no_share_text_while_playing_or_for_a_stranger(app, client):
    make_riddle(slug="boje")
    assert share_of(client.get("/raetsel/boje").get_data(as_text=True)) is None
    reader = Reader(client)
    reader.open("/raetsel/boje")
    assert share_of(reader.guess("boje", "Boje").get_data(as_text=True)) is None


def test_the_number_follows_the_riddles_published_before(app, client):
    """The number is kept per process (caching.content), under the content stamp: a riddle
    added with an earlier publish moment moves it on the next page."""
    make_riddle(slug="boje", title="Die Boje")
    reader = Reader(client)
    reader.open("/raetsel/boje")
    reader.post("/raetsel/boje/loesung", htmx=True)
    assert share_of(client.get("/raetsel/boje").get_data(as_text=True)).startswith(
        "HarzQuiz · Rätsel Nr. 1 "
    )
    make_closed_riddle(slug="alt", publish_at=MONDAY - timedelta(days=7))
    assert share_of(client.get("/raetsel/boje").get_data(as_text=True)).startswith(
        "HarzQuiz · Rätsel Nr. 2 "
    )
