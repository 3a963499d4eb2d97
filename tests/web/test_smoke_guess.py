"""The guess flow end to end through the Flask client (htmx partial and plain form)."""

from tests.factories import make_riddle


def test_wrong_close_correct_with_htmx(app, reader):
    riddle = make_riddle()
    reader.open(f"/raetsel/{riddle.slug}")
    wrong = reader.guess(riddle.slug, "Boje")
    assert wrong.status_code == 200
    assert 'data-verdict="wrong"' in wrong.get_data(as_text=True)
    close = reader.guess(riddle.slug, "Grill")
    assert 'data-verdict="close"' in close.get_data(as_text=True)
    assert "Welcher Grill genau?" in close.get_data(as_text=True)
    right = reader.guess(riddle.slug, "kugel-grill")
    body = right.get_data(as_text=True)
    assert 'data-verdict="correct"' in body
    assert right.headers["HX-Trigger"] == "leaderboard-changed"
    assert "90 Punkte" in body  # one wrong guess costs 10, the close one nothing
