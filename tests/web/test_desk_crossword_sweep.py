"""A hypothesis sweep over the crossword desk's form, posted by an editor: random, oversized,
mistyped and markup values in every field and step. Never a 500; only a save (303) stores."""

from __future__ import annotations

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harzquiz.extensions import db
from tests.crossword_factories import make_crossword
from tests.desk_helpers import editor
from tests.helpers import text_of

SWEEP = settings(
    max_examples=60,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
ROW_FIELDS = ("answer", "clue", "row", "col", "direction", "locked")
TOP_FIELDS = (
    "title", "slug", "intro", "points", "publish_at", "closes_at", "marked", "solution_word",
    "test_answer", "version", "is_prize", "row_action",
)  # fmt: skip
MARKUP = ("<script>alert(1)</script>", "{{ 7*7 }}", "ß-Straße", "Ä Ö Ü", "0001-01-01T00:00")
texts = st.one_of(
    st.text(max_size=60),
    st.sampled_from(MARKUP),
    st.integers(min_value=-5, max_value=40).map(str),
    st.sampled_from(("across", "down", "y", "", "layout", "mark", "test-answer", "add-entries")),
    st.sampled_from(("remove-entries-0", "remove-entries-99", "1,1 2,2", "15,15", "Harzer Roller")),
)
row_names = st.builds(
    lambda n, f: f"entries-{n}-{f}", st.integers(0, 45), st.sampled_from(ROW_FIELDS)
)
names = st.one_of(st.sampled_from(TOP_FIELDS), row_names)


@pytest.fixture
def desk(client):
    crossword = make_crossword(slug="sweep", publish_at=None, closes_at=None)
    return editor(client), crossword.id


def stored_counts() -> tuple:
    db.session.rollback()
    tables = ("crossword", "audit_entry", "crossword_progress")
    return tuple(
        db.session.scalar(sa.select(sa.func.count()).select_from(db.metadata.tables[name]))
        for name in tables
        if name in db.metadata.tables
    )


@SWEEP
@given(data=st.data())
def test_random_crossword_forms(desk, data):
    reader, crossword_id = desk
    path = data.draw(
        st.sampled_from(
            ("/redaktion/kreuzwortraetsel/neu", f"/redaktion/kreuzwortraetsel/{crossword_id}")
        )
    )
    form = data.draw(st.dictionaries(names, texts, max_size=12), label="form")
    htmx = data.draw(st.booleans(), label="htmx")
    before = stored_counts()
    response = reader.post(path, form, htmx=htmx)
    assert response.status_code < 500, f"{path} {form!r}: {text_of(response)[:300]}"
    if response.status_code != 303 and "HX-Redirect" not in response.headers:
        assert stored_counts() == before, f"{path} {form!r}: {response.status_code} but stored"
