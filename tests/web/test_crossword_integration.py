"""Crosswords everywhere the riddle is: home teaser, archive (solutions after the close),
leaderboards and profile, oEmbed, content export/import, guest merge, the content stamp."""

from __future__ import annotations

import json
from datetime import timedelta

import sqlalchemy as sa

from harzquiz.caching import stamps
from harzquiz.extensions import db
from harzquiz.models import AuditEntry, Crossword, CrosswordProgress, Player
from harzquiz.rules.crossword_grid import grid_to_data
from harzquiz.services.merge import merge_guest_into
from tests.crossword_factories import make_crossword
from tests.desk_helpers import editor
from tests.factories import MONDAY, NOW, make_account, make_player
from tests.helpers import log_in, text_of


def solve(crossword: Crossword, player: Player, points: int, at=NOW) -> CrosswordProgress:
    """A stored solve of `crossword` by `player`, as the play service writes it."""
    progress = CrosswordProgress(
        crossword_id=crossword.id, player_id=player.id, letters="", solved_at=at, points=points
    )
    db.session.add(progress)
    db.session.commit()
    return progress


def closed_crossword(**overrides) -> Crossword:
    overrides.setdefault("publish_at", MONDAY - timedelta(days=7))
    overrides.setdefault("closes_at", MONDAY)
    return make_crossword(**overrides)


def test_home_shows_the_live_crossword_and_not_a_closed_one(client):
    assert "Kreuzworträtsel der Woche" not in text_of(client.get("/"))
    closed_crossword(title="Letzte Woche")
    assert "Letzte Woche" not in text_of(client.get("/"))
    live = make_crossword(title="Diese Woche im Harz", is_prize=True)
    page = text_of(client.get("/"))
    assert "Diese Woche im Harz" in page
    assert f'href="/kreuzwortraetsel/{live.slug}"' in page
    assert "an der Verlosung teil" in page


def test_home_is_not_served_stale_when_a_crossword_is_saved(client):
    """The shared page cache: a desk save moves the content stamp."""
    crossword = make_crossword(title="Vorher", publish_at=None, closes_at=None)
    assert "Vorher" not in text_of(client.get("/"))
    before = stamps.current_version(stamps.CONTENT)
    crossword.publish_at = MONDAY
    crossword.closes_at = MONDAY + timedelta(days=7)
    db.session.commit()
    assert stamps.current_version(stamps.CONTENT) != before
    assert "Vorher" in text_of(client.get("/"))


def test_archive_shows_solutions_only_after_the_close(client):
    live = make_crossword(title="Läuft noch", solution="HARZ")
    closed = closed_crossword(title="Ist vorbei", solution="BODE")
    page = text_of(client.get("/archiv"))
    assert "Ist vorbei" in page and "Läuft noch" not in page
    section = page.split('id="archive-crosswords-heading"')[1]
    assert "BODE" in section  # the Lösungswort
    assert "HARZERROLLER" in section  # every answer
    assert f'href="/kreuzwortraetsel/{closed.slug}"' in section
    assert live.slug not in page


def test_crossword_points_count_on_the_boards_and_the_profile(app, client):
    crossword = make_crossword(title="Punkte-Kreuzwort")
    account = make_account(nickname="Kreuzwortkönigin")
    account.email_confirmed_at = NOW  # boards rank confirmed accounts
    db.session.commit()
    solve(crossword, account, 80)
    solve(crossword, make_player(nickname="Nullrunde"), 0)
    for period in ("woche", "monat", "gesamt"):
        page = text_of(client.get(f"/rangliste?zeitraum={period}"))
        row = page.split("Kreuzwortkönigin")[1].split("</tr>")[0]
        assert "80" in row, period
        assert "Nullrunde" not in page
    profile_client = app.test_client()
    log_in(profile_client, account.email)
    page = text_of(profile_client.get("/profil"))
    assert "Punkte-Kreuzwort" in page
    assert f'href="/kreuzwortraetsel/{crossword.slug}"' in page
    assert "Insgesamt 80 Punkte." in page


def test_a_solve_before_this_week_counts_only_all_time(client):
    crossword = closed_crossword()
    account = make_account(nickname="Früher gelöst", email_confirmed_at=NOW)
    solve(crossword, account, 50, at=MONDAY - timedelta(days=3))
    assert "Früher gelöst" not in text_of(client.get("/rangliste?zeitraum=woche"))
    assert "Früher gelöst" in text_of(client.get("/rangliste?zeitraum=gesamt"))


def test_oembed_for_a_crossword_url(client):
    crossword = make_crossword(title="Einbettbar")
    draft = make_crossword(publish_at=None, closes_at=None)
    response = client.get(
        "/oembed", query_string={"url": f"http://localhost/kreuzwortraetsel/{crossword.slug}"}
    )
    assert response.status_code == 200
    data = response.get_json()
    assert data["type"] == "rich" and data["title"] == "Einbettbar"
    assert f"http://localhost/kreuzwortraetsel/{crossword.slug}" in data["html"]
    assert "HARZERROLLER" not in data["html"]
    for slug in (draft.slug, "gibt-es-nicht", f"{crossword.slug}/mehr"):
        response = client.get(
            "/oembed", query_string={"url": f"http://localhost/kreuzwortraetsel/{slug}"}
        )
        assert response.status_code == 404, slug


def test_export_and_import_round_trip(app, runner, tmp_path):
    crossword = make_crossword(title="Export", is_prize=True, intro="Einleitung")
    target = tmp_path / "export.json"
    assert runner.invoke(args=["export-content", str(target)]).exit_code == 0
    content = json.loads(target.read_text(encoding="utf-8"))
    (item,) = content["crosswords"]
    assert item["slug"] == crossword.slug and item["is_prize"] is True
    assert item["grid"] == grid_to_data(crossword.grid)
    item["title"] = "Importiert"
    source = tmp_path / "import.json"
    source.write_text(json.dumps(content), encoding="utf-8")
    result = runner.invoke(args=["import-content", str(source)])
    assert result.exit_code == 0, result.output
    db.session.rollback()
    (stored,) = db.session.scalars(sa.select(Crossword)).all()
    assert stored.title == "Importiert" and stored.grid == crossword.grid
    audit = db.session.scalars(sa.select(AuditEntry)).all()
    assert [(a.action, a.target_type) for a in audit] == [("imported", "crossword")]
    # A new crossword by another slug, its grid broken: every problem, nothing written.
    broken = dict(item, slug="kaputt", publish_at=None, closes_at=None)
    broken["grid"] = dict(item["grid"], marked=[[99, 99]])
    bad_slug = dict(item, slug="Nicht Gut")
    content["crosswords"] = [item, broken, bad_slug, "kein Objekt"]
    source.write_text(json.dumps(content), encoding="utf-8")
    result = runner.invoke(args=["import-content", str(source)])
    assert result.exit_code == 1
    assert "crosswords[1] kaputt: grid: the marked cell" in result.output
    assert "crosswords[2] Nicht Gut: slug" in result.output
    assert "crosswords[3]: not an object" in result.output
    db.session.rollback()
    assert db.session.scalar(sa.select(sa.func.count()).select_from(Crossword)) == 1


def test_import_refuses_overlapping_live_windows(app, runner, tmp_path):
    make_crossword(slug="schon-da")
    other = make_crossword(slug="neu-dazu", publish_at=None, closes_at=None)
    item = {
        "slug": "neu-dazu",
        "title": "Neu",
        "grid": grid_to_data(other.grid),
        "publish_at": (MONDAY + timedelta(days=1)).isoformat(),
        "closes_at": None,
    }
    source = tmp_path / "import.json"
    source.write_text(
        json.dumps({"format": "harzquiz-content/1", "crosswords": [item]}), encoding="utf-8"
    )
    result = runner.invoke(args=["import-content", str(source)])
    assert result.exit_code == 1
    assert "live windows of 'neu-dazu' and 'schon-da' overlap" in result.output


def test_merge_keeps_the_earlier_solve_and_moves_the_rest(app):
    first, second, only_guest = (make_crossword() for _ in range(3))
    guest = make_player()
    account = make_account()
    solve(first, guest, 90, at=NOW - timedelta(hours=3))
    solve(first, account, 70, at=NOW - timedelta(hours=1))
    db.session.add_all(
        [
            CrosswordProgress(
                crossword_id=second.id, player_id=guest.id, letters="A", reveals=2,
                updated_at=NOW - timedelta(hours=1),
            ),
            CrosswordProgress(
                crossword_id=second.id, player_id=account.id, letters="B", word_checks=3,
                updated_at=NOW - timedelta(hours=5),
            ),
            CrosswordProgress(crossword_id=only_guest.id, player_id=guest.id, letters="C"),
        ]
    )  # fmt: skip
    db.session.commit()
    account_id = account.id
    result = merge_guest_into(guest, account)
    assert result.crosswords == 3  # the guest won both shared crosswords
    assert result.moved_anything
    rows = {row.crossword_id: row for row in db.session.scalars(sa.select(CrosswordProgress)).all()}
    assert {row.player_id for row in rows.values()} == {account_id}
    assert len(rows) == 3
    assert rows[first.id].points == 90  # the guest solved first
    assert rows[second.id].letters == "A"  # typed into last
    assert (rows[second.id].reveals, rows[second.id].word_checks) == (2, 3)  # help kept
    assert rows[only_guest.id].letters == "C"


def test_desk_list_counts_players_and_solves(client):
    crossword = make_crossword(title="Gezählt")
    solve(crossword, make_player(), 50)
    db.session.add(CrosswordProgress(crossword_id=crossword.id, player_id=make_player().id))
    db.session.commit()
    desk = editor(client)
    page = text_of(desk.client.get("/redaktion/kreuzwortraetsel/"))
    row = page.split("Gezählt")[1].split("</tr>")[0]
    cells = [c.split(">", 1)[1].split("<")[0] for c in row.split('<td class="num"')[1:]]
    assert cells == ["2", "1"]
