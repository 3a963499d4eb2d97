"""The bad-input sweep: random strings, huge bodies, wrong types, invalid UTF-8 and markup,
posted to every state-changing rule and sent to every page and partial (from the URL map,
through the shared route registry). No 500; a refused request stores nothing; a body over
MAX_CONTENT_LENGTH answers 413."""

from __future__ import annotations

import io
import json

import pytest
import sqlalchemy as sa
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from harzquiz.extensions import db
from harzquiz.web.bodies import body_limit
from tests.database import base_config
from tests.helpers import HTMX, new_reader, text_of
from tests.routes import VALID_FORMS, make_world, paths_for, state_changing_methods

SWEEP = settings(
    max_examples=40,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
FIELDS = ("guess", "nickname", "next", "csrf_token", "position", "lang", "url", "publish_at")
MARKUP = (
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}",
    "{% debug %}",
    "javascript:alert(1)",
    "' OR 1=1 --",
    "\u202e\u0000\ud7ff\ufeff",
    "Kugelgrill" * 30,
    # Found by the audit: each was a 500 (a guess with such a `next` was stored first).
    "/raetsel\r\nSet-Cookie: x=1",
    "http://[::1",
    "0001-01-01T00:00",
)
# What htmx reports as the page it is on: sane, or no URL at all (was a 500).
CURRENT_URLS = ("http://localhost/", "http://[", "http://[::1/raetsel", "http://localhost/\x00")
texts = st.one_of(
    st.text(max_size=300),
    st.sampled_from(MARKUP),
    st.text(alphabet=st.characters(codec="utf-8"), min_size=200, max_size=3000),
    st.integers().map(str),
)
field_names = st.one_of(st.sampled_from(FIELDS), st.text(min_size=1, max_size=20))
# A value, or several for one name (a list where the app expects one string).
values = st.one_of(texts, st.lists(texts, min_size=2, max_size=4))


@pytest.fixture
def app_config() -> dict:
    """Limits out of the way, so the sweep reaches the views rather than the limiter."""
    return {**base_config(), "ACTION_LIMIT_PER_IP": "100000/minute"}


@pytest.fixture
def targets(app):
    """(method, path, endpoint) for every state-changing rule, and every GET path."""
    world = make_world()
    posts, gets = [], []
    for rule in app.url_map.iter_rules():
        if rule.endpoint == "static":
            continue
        for method in sorted(state_changing_methods(rule)):
            posts += [(method, path, rule.endpoint) for path in paths_for(app, rule, world, method)]
        if "GET" in (rule.methods or ()):
            gets += [path for path in paths_for(app, rule, world)]
    assert posts and gets
    return world, posts, gets, new_reader(app, "/")


def table_counts() -> dict[str, int]:
    db.session.rollback()
    return {
        table.name: db.session.scalar(sa.select(sa.func.count()).select_from(table))
        for table in db.metadata.sorted_tables
    }


def assert_clear_answer(response, before: dict, what: str) -> None:
    """Never a 500; a refusal (4xx) changed no table."""
    assert response.status_code < 500, f"{what}: {response.status_code} {text_of(response)[:300]}"
    if response.status_code >= 400:
        assert table_counts() == before, f"{what}: refused with {response.status_code} but stored"


@SWEEP
@given(data=st.data())
def test_random_forms_to_every_state_changing_rule(app, targets, data):
    _, posts, _, reader = targets
    method, path, endpoint = data.draw(st.sampled_from(posts), label="target")
    form = data.draw(st.dictionaries(field_names, values, max_size=5), label="form")
    if data.draw(st.booleans(), label="valid token"):
        form["csrf_token"] = reader.token
    htmx = data.draw(st.booleans(), label="htmx")
    headers = {**HTMX, "HX-Current-URL": data.draw(st.sampled_from(CURRENT_URLS))} if htmx else {}
    before = table_counts()
    response = reader.client.open(path, method=method, data=form, headers=headers)
    assert_clear_answer(response, before, f"{method} {path} {form!r}")


@SWEEP
@given(data=st.data())
def test_wrong_content_types_and_invalid_utf8(app, targets, data):
    _, posts, _, reader = targets
    method, path, endpoint = data.draw(st.sampled_from(posts), label="target")
    token = f"csrf_token={reader.token}".encode()
    garbage = data.draw(st.binary(max_size=2000), label="bytes")
    kind = data.draw(st.sampled_from(["bad-utf8", "json", "multipart", "raw"]), label="kind")
    headers = {"X-CSRFToken": reader.token} if data.draw(st.booleans()) else {}
    before = table_counts()
    if kind == "bad-utf8":
        body = token + b"&guess=\xff\xfe" + garbage + b"&nickname=\xc3\x28&next=\xe2\x82"
        response = reader.client.open(
            path,
            method=method,
            data=body,
            headers=headers,
            content_type="application/x-www-form-urlencoded",
        )
    elif kind == "json":
        payload = {"guess": [1, 2], "nickname": {"a": None}, "csrf_token": reader.token}
        response = reader.client.open(
            path,
            method=method,
            data=json.dumps(payload),
            headers=headers,
            content_type="application/json",
        )
    elif kind == "multipart":
        form = {
            "csrf_token": reader.token,
            "guess": (io.BytesIO(garbage), "boje.txt"),
            "nickname": (io.BytesIO(b"\x00\xff"), "name.bin"),
        }
        response = reader.client.open(
            path, method=method, data=form, headers=headers, content_type="multipart/form-data"
        )
    else:
        response = reader.client.open(
            path,
            method=method,
            data=garbage,
            headers=headers,
            content_type=data.draw(st.sampled_from(["text/plain", "application/xml", ""])),
        )
    assert_clear_answer(response, before, f"{method} {path} {kind}")


@SWEEP
@given(data=st.data())
def test_random_query_strings_to_every_page_and_partial(app, targets, data):
    _, _, gets, _ = targets
    path = data.draw(st.sampled_from(gets), label="path")
    query = data.draw(st.dictionaries(field_names | st.just("zeitraum"), texts, max_size=3))
    htmx = data.draw(st.booleans(), label="htmx")
    headers = {**HTMX, "HX-Current-URL": data.draw(st.sampled_from(CURRENT_URLS))} if htmx else {}
    before = table_counts()
    response = app.test_client().get(path.split("?")[0], query_string=query, headers=headers)
    assert_clear_answer(response, before, f"GET {path} {query!r}")
    # A GET never stores anything, except that a partner embed's page view is counted
    # (its analytics row for the day; refusals count nothing, checked above).
    after = table_counts()
    assert {**after, "embed_day": 0} == {**before, "embed_day": 0}


def test_every_state_changing_rule_answers_413_to_a_huge_body(app, targets):
    _, posts, _, reader = targets
    before = table_counts()
    for method, path, endpoint in posts:
        limit = body_limit(app.view_functions[endpoint])  # larger for the content file
        form = {**VALID_FORMS.get(endpoint, {}), "csrf_token": reader.token, "x": "y" * limit}
        for headers in ({}, HTMX):
            response = reader.client.open(path, method=method, data=form, headers=headers)
            assert response.status_code == 413, f"{method} {path}"
            assert "Anfrage zu groß" in text_of(response)
    assert table_counts() == before


def test_a_body_just_under_the_limit_is_judged_normally(app, targets):
    world, _, _, _ = targets
    reader = new_reader(app, f"/raetsel/{world.live}")
    padding = "y" * (app.config["MAX_CONTENT_LENGTH"] - 2000)
    form = {"guess": "Boje", "x": padding}
    response = reader.post(f"/raetsel/{world.live}/raten", form, htmx=True)
    assert response.status_code == 200


def test_a_file_posted_as_the_nickname_is_refused_not_a_500(app, targets):
    """Found by the sweep: a multipart file in a text field reached len() in a validator."""
    _, _, _, reader = targets
    before = table_counts()
    response = reader.client.post(
        "/spitzname",
        data={"csrf_token": reader.token, "nickname": (io.BytesIO(b"Hexe"), "name.txt")},
        content_type="multipart/form-data",
    )
    assert response.status_code == 422
    assert "3 bis 24 Zeichen" in text_of(response)
    assert table_counts() == before


MALFORMED_NEXT = ("/raetsel\r\nSet-Cookie: x=1", "http://[::1")


def test_every_state_changing_rule_refuses_a_malformed_next_or_current_url(app, targets):
    """Found by the audit: each of these was a 500 (a guess was stored before it)."""
    _, posts, _, reader = targets
    before = table_counts()
    for method, path, endpoint in posts:
        valid = {**VALID_FORMS.get(endpoint, {}), "csrf_token": reader.token}
        for target in MALFORMED_NEXT:
            response = reader.client.open(path, method=method, data={**valid, "next": target})
            assert response.status_code == 400, f"{method} {path} next={target!r}"
        headers = {**HTMX, "HX-Current-URL": "http://["}
        response = reader.client.open(path, method=method, data=valid, headers=headers)
        assert response.status_code == 400, f"{method} {path} HX-Current-URL"
    assert table_counts() == before
