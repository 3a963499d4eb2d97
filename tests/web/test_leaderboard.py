"""Leaderboard tabs, windows, tie-breaks, own rank, htmx partial, and agreement across pages."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import timedelta

import pytest
from sqlalchemy import event

from harzquiz.caching import stamps
from harzquiz.extensions import db
from harzquiz.models import Player, Solve
from tests.factories import (
    MONDAY,
    NOW,
    make_article,
    make_closed_riddle,
    make_player,
    make_riddle,
    make_solve,
)
from tests.helpers import play_as

CURRENT_TAB = r'<a id="[^"]*" href="[^"]*zeitraum=(\w+)"[^>]*aria-current="page"'

LAST_MONTH = NOW - timedelta(days=35)  # 2026-10-21
EARLIER_THIS_MONTH = NOW - timedelta(days=14)  # 2026-11-11, before this week
HTMX = {"HX-Request": "true"}
ROW = re.compile(
    r"<tr(?P<attrs>[^>]*)>\s*<td>(?P<rank>\d+)</td><td>(?P<name>[^<]*)</td>"
    r"<td>(?P<points>-?\d+)</td>(?:<td[^>]*>.*?</td>)?\s*</tr>"  # then the "Melden" cell
)
NOT_RANKED_NOTE = "noch nicht in dieser Wertung"


@dataclass(frozen=True)
class Line:
    rank: int
    name: str
    points: int
    own: bool


def leaderboard_html(html: str) -> str:
    """The leaderboard section of a page (or the whole partial)."""
    start = html.index('id="leaderboard"')
    start = html.rindex("<section", 0, start)
    end = html.index("</section>", start)
    return html[start:end]


def lines(html: str) -> list[Line]:
    """The leaderboard rows shown in a page or partial, in order."""
    return [
        Line(
            rank=int(m["rank"]),
            name=m["name"].removesuffix(" (du)"),
            points=int(m["points"]),
            own="is-own" in m["attrs"],
        )
        for m in ROW.finditer(leaderboard_html(html))
    ]


def names(html: str) -> list[str]:
    return [line.name for line in lines(html)]


def riddles(n: int):
    """n riddles live this week (each player solves each at most once)."""
    return [make_riddle() for _ in range(n)]


def log_in_as(client, player: Player) -> None:
    """Make the test client's session belong to `player`."""
    play_as(client, player)


def board(client, period: str | None = None, htmx: bool = False) -> str:
    query = f"?zeitraum={period}" if period else ""
    response = client.get(f"/rangliste{query}", headers=HTMX if htmx else {})
    assert response.status_code == 200
    return response.get_data(as_text=True)


# --- tabs, page and partial -------------------------------------------------------------


@pytest.mark.parametrize(
    ("period", "label"),
    [("woche", "Diese Woche"), ("monat", "Dieser Monat"), ("gesamt", "Gesamt")],
)
def test_each_tab_is_a_full_page_without_htmx(app, client, period, label):
    make_solve(make_player(nickname="Anna"), make_riddle(), 50, NOW)
    response = client.get(f"/rangliste?zeitraum={period}")
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "<html" in html and "</html>" in html
    assert "HX-Request" in response.headers.get("Vary", "")
    current = re.search(CURRENT_TAB, html)
    assert current and current.group(1) == period
    assert f"Rangliste: {label}" in html
    assert names(html) == ["Anna"]


@pytest.mark.parametrize("period", ["woche", "monat", "gesamt"])
def test_each_tab_is_only_the_partial_with_htmx(app, client, period):
    make_solve(make_player(nickname="Anna"), make_riddle(), 50, NOW)
    response = client.get(f"/rangliste?zeitraum={period}", headers=HTMX)
    html = response.get_data(as_text=True)
    assert response.status_code == 200
    assert "HX-Request" in response.headers.get("Vary", "")
    assert "<html" not in html and "<body" not in html and "<footer" not in html
    assert html.strip().startswith("<section")
    assert re.match(r'<section\b[^>]*\bid="leaderboard"', html.strip())
    assert html.strip().endswith("</section>")
    assert html.count('id="leaderboard"') == 1
    assert names(html) == ["Anna"]


def test_boosted_htmx_request_gets_the_full_page(app, client):
    response = client.get("/rangliste", headers={**HTMX, "HX-Boosted": "true"})
    assert "<html" in response.get_data(as_text=True)


def test_unknown_period_falls_back_to_week(app, client):
    old = make_closed_riddle()
    make_solve(make_player(nickname="Alt"), old, 90, LAST_MONTH)
    make_solve(make_player(nickname="Neu"), make_riddle(), 40, NOW)
    for query in ("?zeitraum=jahr", "?zeitraum=", "?zeitraum=WOCHE", "?zeitraum=%3Cscript%3E", ""):
        response = client.get(f"/rangliste{query}")
        html = response.get_data(as_text=True)
        assert response.status_code == 200, query
        assert names(html) == ["Neu"], query
        current = re.search(CURRENT_TAB, html)
        assert current and current.group(1) == "woche", query
        assert "<script>" not in leaderboard_html(html)


# --- windows ------------------------------------------------------------------------------


def test_windows_count_solves_by_time(app, client):
    live, last_week, october = make_riddle(), make_closed_riddle(), make_closed_riddle()
    anna, bernd, clara = (make_player(nickname=n) for n in ("Anna", "Bernd", "Clara"))
    make_solve(anna, live, 30, NOW - timedelta(hours=1))  # this week
    make_solve(bernd, last_week, 60, EARLIER_THIS_MONTH)  # this month, not this week
    make_solve(clara, october, 90, LAST_MONTH)  # last month only
    make_solve(anna, october, 80, LAST_MONTH)

    week = lines(board(client, "woche"))
    month = lines(board(client, "monat"))
    total = lines(board(client, "gesamt"))
    assert [(line.name, line.points) for line in week] == [("Anna", 30)]
    assert [(line.name, line.points) for line in month] == [("Bernd", 60), ("Anna", 30)]
    assert [(line.name, line.points) for line in total] == [
        ("Anna", 110),
        ("Clara", 90),
        ("Bernd", 60),
    ]
    assert [line.rank for line in total] == [1, 2, 3]


def test_week_starts_monday_midnight_berlin(app, client):
    # Monday 00:00 Berlin is Sunday 23:00 UTC in winter.
    week_start_utc = MONDAY.replace(hour=0) - timedelta(hours=1)
    inside, outside = make_player(nickname="Montag"), make_player(nickname="Sonntag")
    make_solve(inside, make_riddle(), 20, week_start_utc)
    make_solve(outside, make_closed_riddle(), 20, week_start_utc - timedelta(seconds=1))
    assert names(board(client, "woche")) == ["Montag"]
    assert sorted(names(board(client, "monat"))) == ["Montag", "Sonntag"]


def test_month_starts_on_the_first_at_midnight_berlin(app, client):
    first_of_month_utc = NOW.replace(day=1, hour=0) - timedelta(hours=1)  # 31 Oct 23:00 UTC
    make_solve(make_player(nickname="November"), make_closed_riddle(), 20, first_of_month_utc)
    make_solve(
        make_player(nickname="Oktober"),
        make_closed_riddle(),
        20,
        first_of_month_utc - timedelta(seconds=1),
    )
    assert names(board(client, "monat")) == ["November"]
    assert sorted(names(board(client, "gesamt"))) == ["November", "Oktober"]


# --- ranking ------------------------------------------------------------------------------


def test_ties_rank_by_who_reached_the_score_first(app, client):
    first, second = riddles(2)
    # Created first (lower id) but reaches 60 later: must rank below.
    late = make_player(nickname="Spaet")
    early = make_player(nickname="Frueh")
    make_solve(late, first, 30, MONDAY + timedelta(hours=1))
    make_solve(late, second, 30, NOW - timedelta(hours=1))  # reaches 60 on Wednesday
    make_solve(early, first, 60, MONDAY + timedelta(hours=5))  # reaches 60 on Monday
    result = lines(board(client, "woche"))
    assert [(line.rank, line.name, line.points) for line in result] == [
        (1, "Frueh", 60),
        (2, "Spaet", 60),
    ]


def test_more_points_beat_an_earlier_reach(app, client):
    live = make_riddle()
    make_solve(make_player(nickname="Frueh"), live, 50, MONDAY + timedelta(hours=1))
    make_solve(make_player(nickname="Spaet"), live, 70, NOW)
    assert names(board(client)) == ["Spaet", "Frueh"]


def test_zero_point_solves_do_not_rank(app, client):
    archive_riddle = make_closed_riddle()
    zero = make_player(nickname="Archivleser")
    make_solve(zero, archive_riddle, 0, NOW - timedelta(hours=2))
    make_solve(make_player(nickname="Punkter"), make_riddle(), 10, NOW)
    for period in ("woche", "monat", "gesamt"):
        assert names(board(client, period)) == ["Punkter"], period
    log_in_as(client, zero)
    html = board(client, "gesamt")
    assert NOT_RANKED_NOTE in html
    assert not any(line.own for line in lines(html))


def test_player_outside_the_top_ten_sees_own_row_and_rank(app, client):
    live = make_riddle()
    players = [make_player(nickname=f"Platz{n:02d}") for n in range(1, 14)]
    for n, player in enumerate(players, start=1):
        make_solve(player, live, 100 - n, NOW - timedelta(minutes=n))
    me = players[11]  # twelfth
    log_in_as(client, me)
    for htmx in (False, True):
        result = lines(board(client, "woche", htmx=htmx))
        top = [line for line in result if not line.own]
        assert [line.name for line in top] == [f"Platz{n:02d}" for n in range(1, 11)]
        assert [line.rank for line in top] == list(range(1, 11))
        own = [line for line in result if line.own]
        assert own == [Line(rank=12, name="Platz12", points=88, own=True)]
    html = board(client, "woche")
    assert NOT_RANKED_NOTE not in html
    assert "Platz13" not in html


def test_own_rank_outside_top_respects_ties(app, client):
    live = make_riddle()
    ahead = [make_player(nickname=f"Vorne{n:02d}") for n in range(11)]
    for player in ahead:
        make_solve(player, live, 80, MONDAY)
    me = make_player(nickname="Ich")
    make_solve(me, live, 80, MONDAY + timedelta(hours=1))  # same points, reached later
    behind = make_player(nickname="Hinten")
    make_solve(behind, live, 80, NOW)
    log_in_as(client, me)
    own = [line for line in lines(board(client)) if line.own]
    assert own == [Line(rank=12, name="Ich", points=80, own=True)]


def test_player_in_the_top_is_marked_once(app, client):
    live = make_riddle()
    me = make_player(nickname="Ich")
    make_solve(make_player(nickname="Erste"), live, 90, NOW)
    make_solve(me, live, 50, NOW)
    log_in_as(client, me)
    result = lines(board(client))
    assert [(line.rank, line.name, line.own) for line in result] == [
        (1, "Erste", False),
        (2, "Ich", True),
    ]
    assert "(du)" not in board(client)


def test_guest_without_points_sees_the_note(app, client):
    make_solve(make_player(nickname="Anna"), make_riddle(), 40, NOW)
    for period in ("woche", "monat", "gesamt"):
        html = board(client, period)
        assert NOT_RANKED_NOTE in leaderboard_html(html), period
        assert not any(line.own for line in lines(html))
    assert NOT_RANKED_NOTE in board(client, htmx=True)


def test_empty_board_says_nobody_scored(app, client):
    html = board(client)
    assert lines(html) == []
    assert "noch niemand gepunktet" in html


def test_player_with_points_only_last_month_is_not_in_this_week(app, client):
    me = make_player(nickname="Ich")
    make_solve(me, make_closed_riddle(), 70, LAST_MONTH)
    log_in_as(client, me)
    assert NOT_RANKED_NOTE in board(client, "woche")
    html = board(client, "gesamt")
    assert NOT_RANKED_NOTE not in html
    assert lines(html) == [Line(rank=1, name="Ich", points=70, own=True)]


# --- one number everywhere ---------------------------------------------------------------


def test_score_and_rank_agree_across_pages(app, reader):
    riddle = make_riddle()
    other = make_closed_riddle()
    article = make_article(riddle_id=riddle.id)
    make_solve(make_player(nickname="Spitze"), riddle, 100, MONDAY + timedelta(hours=1))
    # Same 70 points as the reader will get, but reached earlier: ranks ahead of the reader.
    make_solve(make_player(nickname="Gleichstand"), riddle, 70, MONDAY + timedelta(hours=2))
    make_solve(make_player(nickname="Hinten"), riddle, 20, MONDAY + timedelta(hours=3))
    make_solve(make_player(nickname="Altmeister"), other, 100, LAST_MONTH)

    reader.open(f"/artikel/{article.slug}")
    assert 'data-verdict="wrong"' in reader.guess(riddle.slug, "Boje").get_data(as_text=True)
    hint = reader.post(f"/raetsel/{riddle.slug}/tipps/2", htmx=True)
    assert 400 <= hint.status_code < 500  # hints unlock in order
    assert 'data-verdict="error"' in hint.get_data(as_text=True)
    assert reader.post(f"/raetsel/{riddle.slug}/tipps/1", htmx=True).status_code == 200
    assert 'data-verdict="close"' in reader.guess(riddle.slug, "Grill").get_data(as_text=True)
    solved = reader.guess(riddle.slug, "Kugelgrill")
    feedback = solved.get_data(as_text=True)
    assert solved.headers["HX-Trigger"] == "leaderboard-changed"

    expected_points = 100 - 10 - 20  # one wrong guess, first hint; the near miss is free
    expected_rank = 3
    points = re.search(r"Du bekommst (\d+) Punkte", feedback)
    rank = re.search(r"Platz (\d+) der Wochenwertung", feedback)
    assert points and int(points.group(1)) == expected_points
    assert rank and int(rank.group(1)) == expected_rank
    assert "Gelöst! Du hast" not in feedback  # "Du bekommst …" says it, once

    me = db.session.get(Player, _session_player_id(reader.client))
    expected_line = Line(rank=expected_rank, name=me.nickname, points=expected_points, own=True)
    pages = ["/", "/rangliste", "/rangliste?zeitraum=woche", f"/artikel/{article.slug}"]
    for path in pages:
        html = reader.client.get(path).get_data(as_text=True)
        own = [line for line in lines(html) if line.own]
        assert own == [expected_line], path
        assert NOT_RANKED_NOTE not in html, path
    for path in ("/", f"/artikel/{article.slug}", f"/raetsel/{riddle.slug}"):
        html = reader.client.get(path).get_data(as_text=True)
        assert f"Gelöst! Du hast {expected_points} Punkte" in html, path
    partial = reader.client.get("/rangliste", headers=HTMX).get_data(as_text=True)
    assert [line for line in lines(partial) if line.own] == [expected_line]
    # Month agrees with the week here; all time counts the old champion too.
    month = reader.client.get("/rangliste?zeitraum=monat").get_data(as_text=True)
    assert [line for line in lines(month) if line.own] == [expected_line]
    total = reader.client.get("/rangliste?zeitraum=gesamt").get_data(as_text=True)
    assert [line for line in lines(total) if line.own] == [
        Line(rank=expected_rank + 1, name=me.nickname, points=expected_points, own=True)
    ]


def _session_player_id(client) -> int:
    with client.session_transaction() as session:
        return session["player_id"]


# --- query count -------------------------------------------------------------------------


def _statements_for(client, path: str) -> int:
    statements: list[str] = []

    def count(conn, cursor, statement, parameters, context, executemany):
        statements.append(statement)

    stamps.bump(stamps.POINTS)  # a cold board: count what the database is asked, not the cache
    db.session.commit()
    db.session.remove()  # the request starts from an empty identity map, like in production
    event.listen(db.engine, "before_cursor_execute", count)
    try:
        response = client.get(path)
    finally:
        event.remove(db.engine, "before_cursor_execute", count)
    assert response.status_code == 200
    return len(statements)


def _populate(prefix: str, n: int, live_id: int, old_id: int, bonus: int = 0) -> int:
    """n players with points this week and last month; returns the lowest-ranked one's id."""
    players = [Player(nickname=f"{prefix}{i}") for i in range(n)]
    db.session.add_all(players)
    db.session.flush()
    for i, player in enumerate(players):
        db.session.add(
            Solve(player_id=player.id, riddle_id=live_id, points=10 + bonus + i, solved_at=NOW)
        )
        db.session.add(
            Solve(player_id=player.id, riddle_id=old_id, points=5 + bonus + i, solved_at=LAST_MONTH)
        )
    db.session.commit()  # the solves move the points stamp (caching.listener)
    return players[0].id


@pytest.mark.parametrize("period", ["woche", "monat", "gesamt"])
def test_leaderboard_queries_do_not_grow_with_players(app, client, period):
    # A top list of three, so the lowest of five players is already outside it.
    app.config["LEADERBOARD_SIZE"] = 3
    live_id, old_id = make_riddle().id, make_closed_riddle().id
    lowest = _populate("Klein", 5, live_id, old_id)
    path = f"/rangliste?zeitraum={period}"
    play_as(client, db.session.get(Player, lowest))
    client.get(path)  # warm up: pool connection, session
    small = _statements_for(client, path)
    guest = app.test_client()
    guest_small = _statements_for(guest, path)

    _populate("Gross", 45, live_id, old_id, bonus=10)
    large = _statements_for(client, path)
    guest_large = _statements_for(guest, path)
    assert large == small
    assert guest_large == guest_small
    assert large <= 6
    # The lowest player is outside the top list and still sees their own row.
    result = lines(client.get(path).get_data(as_text=True))
    assert len([line for line in result if not line.own]) == 3
    own = [line for line in result if line.own]
    assert len(own) == 1 and own[0].rank == 50
