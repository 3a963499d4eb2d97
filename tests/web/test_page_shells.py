"""A player's page comes from the page's shell with their own parts rendered in
(harzquiz/caching/shells.py), and is byte for byte the page rendered in full.

The suite runs with SHELL_SELF_CHECK on (tests/database.py): every page assembled from a
shell is also rendered in full in the same request and compared, so any test that opens a
page as a player checks it. This module makes sure shells are really used, for every kind
of reader, and that one reader never gets another's parts.
"""

from __future__ import annotations

import re

import pytest
from flask import Blueprint
from jinja2 import ChoiceLoader, DictLoader

from harzquiz.caching import shells
from harzquiz.caching.pages import shared_page
from harzquiz.caching.shells import ShellMismatch, render_page
from harzquiz.extensions import db
from harzquiz.models import Player, Riddle
from harzquiz.players.current import current_player
from tests.clients import Reader, csrf_token_from
from tests.factories import (
    NOW,
    make_account,
    make_closed_riddle,
    make_partner,
    make_riddle,
    make_solve,
)
from tests.helpers import HTMX, log_in, log_in_as, text_of
from tests.quiz_factories import make_quiz


@pytest.fixture
def app_config(app_config):
    return {**app_config, "PAGE_CACHE_SECONDS": 3600}


@pytest.fixture
def fills(monkeypatch) -> list[str]:
    """The templates of the parts every page assembled from a shell rendered, per page."""
    seen: list[str] = []
    fill = shells.Shell.fill

    def counting(shell, context, version):
        seen.append(",".join(part.template for part in shell.parts))
        return fill(shell, context, version)

    monkeypatch.setattr(shells.Shell, "fill", counting)
    return seen


@pytest.fixture
def world(app):
    """A live riddle with hints beside an article with a quiz, a closed riddle, a top list."""
    riddle = make_riddle()
    quiz = make_quiz()
    make_closed_riddle(slug="alt")
    leader = make_account(nickname="Spitzenreiterin", email_confirmed_at=NOW)
    make_solve(leader, riddle, 100, NOW)
    return {"riddle": riddle.slug, "article": quiz.article.slug}


def pages(world) -> list[tuple[str, dict]]:
    riddle, article = world["riddle"], world["article"]
    return [
        ("/", {}),
        (f"/raetsel/{riddle}", {}),
        (f"/artikel/{article}", {}),
        ("/rangliste", {}),
        ("/rangliste?zeitraum=gesamt", HTMX),
        ("/archiv", {}),
    ]


def guest_who_guessed(app, slug: str) -> Reader:
    reader = Reader(app.test_client())
    reader.open(f"/raetsel/{slug}")
    assert reader.guess(slug, "Boje").status_code == 200
    return reader


def guest_who_unlocked_a_hint(app, slug: str) -> Reader:
    reader = guest_who_guessed(app, slug)
    assert reader.post(f"/raetsel/{slug}/tipps/1", htmx=True).status_code == 200
    return reader


def guest_who_solved(app, slug: str) -> Reader:
    reader = guest_who_guessed(app, slug)
    assert reader.guess(slug, "Kugelgrill").status_code == 200
    return reader


def guest_who_revealed(app, slug: str) -> Reader:
    reader = guest_who_guessed(app, slug)
    assert reader.post(f"/raetsel/{slug}/loesung", htmx=True).status_code == 200
    return reader


def guest_with_feedback_waiting(app, slug: str) -> Reader:
    """Guessed without JavaScript: the feedback waits in the session for the next page."""
    reader = Reader(app.test_client())
    reader.open(f"/raetsel/{slug}")
    assert reader.guess(slug, "Grill", htmx=False).status_code == 303
    return reader


def account(app, slug: str, role: str = "reader") -> Reader:
    reader = Reader(app.test_client())
    log_in_as(reader.client, role)
    reader.open(f"/raetsel/{slug}")
    return reader


def renamed_account(app, slug: str) -> Reader:
    player = make_account(email_confirmed_at=NOW, rename_notice="Der Name war ein Werbelink.")
    reader = Reader(app.test_client())
    log_in(reader.client, player.email)
    return reader


READERS = {
    "guest who guessed": guest_who_guessed,
    "guest with a hint": guest_who_unlocked_a_hint,
    "guest who solved": guest_who_solved,
    "guest who revealed": guest_who_revealed,
    "guest with feedback waiting": guest_with_feedback_waiting,
    "account": account,
    "editor": lambda app, slug: account(app, slug, "editor"),
    "renamed account": renamed_account,
}


@pytest.mark.parametrize("kind", READERS)
def test_every_kind_of_reader_gets_their_page_from_the_shell(app, world, fills, kind):
    reader = READERS[kind](app, world["riddle"])  # a solve may move the points stamp
    for path, headers in pages(world):  # a new reader's visit keeps each page's shell
        assert app.test_client().get(path, headers=headers).status_code == 200
    for path, headers in pages(world):
        before = len(fills)
        response = reader.client.get(path, headers=headers)
        # SHELL_SELF_CHECK compared it with the full render (a difference raises)
        assert response.status_code == 200, path
        assert len(fills) == before + 1, f"{path} did not come from its shell"


def test_a_reader_never_gets_another_readers_parts(app, world, fills):
    riddle = world["riddle"]
    anna, bert = Reader(app.test_client()), Reader(app.test_client())
    log_in_as(anna.client, "editor")
    anna_page = text_of(anna.open(f"/raetsel/{riddle}"))  # records the shell
    anna_name = db.session.scalars(db.select(Player.nickname).order_by(Player.id.desc())).first()
    log_in_as(bert.client, "reader")
    bert_page = text_of(bert.open(f"/raetsel/{riddle}"))
    assert fills, "Bert's page did not come from the shell Anna's visit kept"
    assert f"Abmelden ({anna_name})" in anna_page and "Redaktion" in anna_page
    assert anna_name not in bert_page and "/redaktion" not in bert_page
    assert csrf_token_from(bert_page) != csrf_token_from(anna_page)
    guest = Reader(app.test_client())
    assert guest.guess(riddle, "Kugelgrill").status_code == 200  # solved: no guess form
    assert 'name="guess"' not in text_of(guest.client.get(f"/raetsel/{riddle}"))
    assert 'name="guess"' in text_of(bert.client.get(f"/raetsel/{riddle}"))


def test_an_editors_change_shows_on_the_next_page_from_a_new_shell(app, world, fills):
    reader = guest_who_guessed(app, world["riddle"])
    reader.client.get(f"/raetsel/{world['riddle']}")
    db.session.scalars(
        db.select(Riddle).filter_by(slug=world["riddle"])
    ).one().title = "Ein neuer Titel"
    db.session.commit()  # moves the content stamp
    assert "Ein neuer Titel" in text_of(reader.client.get(f"/raetsel/{world['riddle']}"))


def test_the_self_check_catches_a_readers_content_outside_an_own_part(app, world, shell_mismatches):
    # The player's name outside an own part: the shell would give it to the next player.
    leaky_template = "<p>{{ name }}</p>{{ own_part('_account_links.html') }}"
    app.jinja_loader = ChoiceLoader([DictLoader({"leaky.html": leaky_template}), app.jinja_loader])
    leaky = Blueprint("leaky", __name__)

    @leaky.get("/leck")
    @shared_page
    def page():
        player = current_player()
        return render_page("leaky.html", name=player.nickname if player else "")

    app.register_blueprint(leaky)
    guest_who_guessed(app, world["riddle"]).client.get("/leck")  # keeps the shell
    other = guest_who_guessed(app, world["riddle"])
    assert other.client.get("/leck").status_code == 500
    assert [type(mismatch) for mismatch in shell_mismatches] == [ShellMismatch]
    assert "Gast-" in str(shell_mismatches[0])
    shell_mismatches.clear()  # seen: the fixture would fail the test


def test_partner_embeds_and_posts_never_use_shells(app, world, fills):
    partner = make_partner()
    embed = f"/embed/{partner.embed_key}/"
    for _ in range(2):
        assert app.test_client().get(embed).status_code == 200
    in_embed = Reader(app.test_client())
    in_embed.open(embed)
    assert in_embed.client.get(embed).status_code == 200
    assert fills == []
    kept = app.extensions.get("harzquiz.shells")
    assert kept is None or not any("/embed/" in str(key) for key in kept.entries)
    reader = guest_who_guessed(app, world["riddle"])
    reader.client.get(f"/raetsel/{world['riddle']}")  # a GET keeps the shell
    before = len(fills)
    assert reader.guess(world["riddle"], "Grill", htmx=False).status_code == 303
    assert reader.guess(world["riddle"], "Boje").status_code == 200
    assert len(fills) == before


def test_a_boosted_visit_does_not_send_the_next_reader_back_to_its_page(app, world):
    """A boosted htmx navigation names the page it came from in HX-Current-URL, which the
    `next` fields use: the page kept from it must not be given to a reader who came
    directly (found by the self-check; it applied to shared pages for new readers too)."""
    riddle = f"/raetsel/{world['riddle']}"
    boosted = {"HX-Request": "true", "HX-Boosted": "true", "HX-Current-URL": "http://localhost/"}
    assert 'name="next" value="/"' in text_of(app.test_client().get(riddle, headers=boosted))
    direct = text_of(app.test_client().get(riddle))
    assert f'name="next" value="{riddle}"' in direct
    assert 'name="next" value="/"' not in direct


def test_players_in_the_same_state_share_one_play_area_and_others_get_theirs(
    app, world, monkeypatch
):
    riddle = f"/raetsel/{world['riddle']}"
    renders: list[str] = []
    render_part = shells._render_part

    def counting(template, context, values):
        renders.append(template)
        return render_part(template, context, values)

    monkeypatch.setattr(shells, "_render_part", counting)
    first, second = guest_who_guessed(app, world["riddle"]), guest_who_guessed(app, world["riddle"])
    first.client.get(riddle)
    first.client.get(riddle)  # the first fill keeps the play area of this state
    renders.clear()
    app.config["SHELL_SELF_CHECK"] = False  # its full render would render the play area
    page = text_of(second.client.get(riddle))
    app.config["SHELL_SELF_CHECK"] = True
    assert "riddles/_play.html" not in renders
    assert csrf_token_from(page) in page.split('id="play-')[1]  # this reader's own token
    assert 'name="guess"' in page
    second.client.get(riddle)  # and it is the page a full render gives (the self-check)
    hinted = guest_who_unlocked_a_hint(app, world["riddle"])
    hinted_page = text_of(hinted.client.get(riddle))
    assert "Er hat einen Deckel." in hinted_page  # the unlocked hint: another state
    assert "Er hat einen Deckel." not in text_of(second.client.get(riddle))


# --- own parts kept per state (caching.shells.share_part_by_state) ----------------------------

KEPT_BY_STATE = {
    "_desk_nav_item.html",
    "_account_links.html",
    "_notices.html",
    "riddles/_feedback_slot.html",
    "riddles/_play.html",
    "prizes/_box_slot.html",
    "quizzes/_widget.html",
    "leaderboards/_own_mark.html",
    "leaderboards/_own_row.html",
    "leaderboards/_own_standing.html",
}


@pytest.fixture
def part_renders(monkeypatch) -> list[str]:
    """The own part templates rendered while pages were filled from their shells (not the
    self-check's full renders, which render every part)."""
    renders: list[str] = []
    filling: list[bool] = []
    fill, render_part = shells.Shell.fill, shells._render_part

    def counting_fill(shell, context, version):
        filling.append(True)
        try:
            return fill(shell, context, version)
        finally:
            filling.pop()

    def counting_render(template, context, values):
        if filling:
            renders.append(template)
        return render_part(template, context, values)

    monkeypatch.setattr(shells.Shell, "fill", counting_fill)
    monkeypatch.setattr(shells, "_render_part", counting_render)
    return renders


def test_a_returning_guests_pages_render_no_part_once_a_player_in_the_same_state_came(
    app, world, part_renders
):
    first = guest_who_guessed(app, world["riddle"])
    second = guest_who_guessed(app, world["riddle"])
    visits = [(f"/raetsel/{world['riddle']}", {}), (f"/artikel/{world['article']}", {})]
    visits.append(("/rangliste", HTMX))
    for path, headers in visits:
        assert app.test_client().get(path, headers=headers).status_code == 200  # the shell
        assert first.client.get(path, headers=headers).status_code == 200  # its parts' states
    assert set(part_renders) == KEPT_BY_STATE  # the first player of each state renders them
    part_renders.clear()
    for path, headers in visits:
        assert second.client.get(path, headers=headers).status_code == 200  # + self-check
    assert part_renders == []
    kept = app.extensions["harzquiz.shared_parts"].entries
    assert {template for template, _values, _state in kept} == KEPT_BY_STATE


def test_readers_in_different_states_get_different_kept_parts(app, world, part_renders):
    riddle = f"/raetsel/{world['riddle']}"

    def twice(reader: Reader) -> str:
        """The reader's second page: every part from the kept parts of their state."""
        reader.client.get(riddle)
        part_renders.clear()
        page = text_of(reader.client.get(riddle))
        assert part_renders == []
        return page

    guest = guest_who_guessed(app, world["riddle"])
    english = guest_who_guessed(app, world["riddle"])  # a guesser as much as `guest`
    assert english.post("/sprache/en", {"next": riddle}).status_code == 303
    app.test_client().get(riddle)  # the shell
    guest_page = twice(guest)  # keeps the states without notices, ...
    anna, bert = Reader(app.test_client()), Reader(app.test_client())
    anna_name = log_in_as(anna.client, "editor").nickname
    bert_name = log_in_as(bert.client, "reader").nickname
    anna_page, bert_page = twice(anna), twice(bert)  # ... the first page shows a welcome
    assert f"Abmelden ({anna_name})" in anna_page and "/redaktion" in anna_page
    assert f"Abmelden ({bert_name})" in bert_page
    assert anna_name not in bert_page and "/redaktion" not in bert_page
    assert bert_name not in anna_page
    assert f"/anmelden?next={riddle}" in guest_page and "Abmelden" not in guest_page
    assert "/redaktion" not in guest_page
    assert f"/anmelden?next={riddle}" not in text_of(guest.client.get("/archiv"))

    # A flash (the login's welcome) and a rename notice are their reader's, once.
    carl = Reader(app.test_client())
    carl_name = log_in_as(carl.client, "reader").nickname
    assert f"Willkommen zurück, {carl_name}!" in text_of(carl.client.get(riddle))
    assert "Willkommen zurück" not in text_of(carl.client.get(riddle))
    assert "Willkommen zurück" not in twice(bert)
    renamed = renamed_account(app, world["riddle"])
    assert "Der Name war ein Werbelink." in text_of(renamed.client.get(riddle))
    assert "Der Name war ein Werbelink." not in twice(renamed)

    # English and German readers in the same state.
    english.client.get(riddle)  # keeps the page's English shell
    english_page = twice(english)
    assert ">Log in<" in english_page and ">Anmelden<" not in english_page
    assert ">Log in<" not in twice(guest) and ">Anmelden<" in twice(guest)


class TestUnlistedGuests:
    """Guests are on no board: each sees where they would stand."""

    @pytest.fixture
    def app_config(self, app_config):
        return {**app_config, "BOARD_RANKS": "accounts"}

    def test_a_guest_who_would_rank_sees_their_own_place(self, app, world, part_renders):
        board = "/rangliste"
        second = make_account(nickname="Zweiter", email_confirmed_at=NOW)
        make_solve(second, db.session.scalars(db.select(Riddle)).first(), 80, NOW)
        # A wrong guess first: the solver gets 90 (third), the one with a hint 70 (fourth).
        solver = guest_who_solved(app, world["riddle"])
        hinted = guest_who_unlocked_a_hint(app, world["riddle"])
        assert hinted.guess(world["riddle"], "Kugelgrill").status_code == 200
        other_solver = guest_who_solved(app, world["riddle"])
        app.test_client().get(board)  # the shell
        pages = {}
        for name, reader in (("solver", solver), ("hinted", hinted), ("other", other_solver)):
            reader.client.get(board)
            pages[name] = text_of(reader.client.get(board))
        places = {
            name: re.search(r"Du wärst auf Platz (\d+)", page) for name, page in pages.items()
        }
        assert all(places.values()), pages
        assert places["solver"][1] == places["other"][1] != places["hinted"][1]
        assert part_renders.count("leaderboards/_own_standing.html") == 2  # one per place
