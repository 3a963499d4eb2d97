"""The audit's remaining findings, one test (or table) each: forged hosts in shared pages,
malformed URLs and times that used to be 500s (one after storing a guess), CSS injection
through the partner's name, and a publicly cacheable stylesheet that set a cookie."""

from __future__ import annotations

import json
import re

import pytest
from flask import Config

from harzquiz.app import create_app
from harzquiz.config import Defaults, load_environment
from harzquiz.desk.forms import EARLIEST_YEAR, LATEST_YEAR
from harzquiz.extensions import db
from harzquiz.web.sessions import EMBED_COOKIE
from tests.conftest import Reader, base_config
from tests.desk_helpers import editor, riddle_data
from tests.factories import make_article, make_partner, make_riddle
from tests.helpers import HTMX, row_counts, text_of
from tests.web.test_bad_input import table_counts
from tests.web.test_desk_articles import article_data
from tests.web.test_quizdesk import QUIZ_FORM

OEMBED_LINK = re.compile(r'type="application/json\+oembed"[^>]*href="([^"]+)"')


def oembed_link(html: str) -> str:
    match = OEMBED_LINK.search(html)
    assert match, "the page has no oEmbed discovery link"
    return match.group(1)


# --- Cache poisoning through the Host header ---------------------------------------------


def test_the_local_run_trusts_localhost_only():
    assert set(Defaults.TRUSTED_HOSTS) == {"localhost", "127.0.0.1"}


def test_trusted_hosts_come_from_the_environment(monkeypatch):
    config = Config(".")
    monkeypatch.setenv("HARZQUIZ_TRUSTED_HOSTS", '["quiz.example.org"]')
    load_environment(config)
    assert config["TRUSTED_HOSTS"] == ["quiz.example.org"]
    monkeypatch.setenv("HARZQUIZ_TRUSTED_HOSTS", "quiz.example.org, .harzquiz.example")
    load_environment(config)
    assert config["TRUSTED_HOSTS"] == ["quiz.example.org", ".harzquiz.example"]


def test_a_forged_host_is_refused_and_never_reaches_the_shared_page(app, client):
    riddle = make_riddle()
    forged = client.get(f"/raetsel/{riddle.slug}", headers={"Host": "evil.example"})
    assert forged.status_code == 400
    assert "evil.example" not in text_of(forged)
    page = text_of(client.get(f"/raetsel/{riddle.slug}"))
    assert "evil.example" not in page
    assert oembed_link(page).startswith("http://localhost/oembed?")


def test_a_forged_forwarded_host_behind_the_proxy_is_refused(app, tmp_path):
    riddle = make_riddle()
    proxied = create_app({**base_config(), "PROXY_HOPS": 1})  # the test database
    client = proxied.test_client()
    try:
        forged = client.get(f"/raetsel/{riddle.slug}", headers={"X-Forwarded-Host": "evil.example"})
        assert forged.status_code == 400
        page = text_of(client.get(f"/raetsel/{riddle.slug}"))
        assert "evil.example" not in page
        # The proxy's own (trusted) host is believed, as before.
        proper = client.get(f"/raetsel/{riddle.slug}", headers={"X-Forwarded-Host": "127.0.0.1"})
        assert oembed_link(text_of(proper)).startswith("http://127.0.0.1/oembed?")
    finally:
        with proxied.app_context():  # its own engine: close its connections now, not at GC
            db.session.remove()
            db.engine.dispose()


def test_each_trusted_host_gets_its_own_shared_page(app, client):
    app.config["TRUSTED_HOSTS"] = ["localhost", "quiz.example.org"]
    riddle = make_riddle()
    other = text_of(client.get(f"/raetsel/{riddle.slug}", headers={"Host": "quiz.example.org"}))
    assert oembed_link(other).startswith("http://quiz.example.org/oembed?")
    for path in (f"/raetsel/{riddle.slug}", "/"):
        client.get(path, headers={"Host": "quiz.example.org"})
        page = text_of(client.get(path))
        assert "quiz.example.org" not in page, path
    assert oembed_link(text_of(client.get(f"/raetsel/{riddle.slug}"))).startswith(
        "http://localhost/"
    )


# --- Malformed input: a clear 4xx, and nothing stored ------------------------------------

BAD_NEXT = ("/raetsel\r\nSet-Cookie: x=1", "/\nx", "http://[::1", "/ok\x00")


@pytest.mark.parametrize("htmx", [False, True], ids=["form", "htmx"])
@pytest.mark.parametrize("target", BAD_NEXT)
def test_a_guess_with_a_malformed_next_is_refused_before_it_is_stored(app, client, target, htmx):
    riddle = make_riddle()
    reader = Reader(client)
    reader.open(f"/raetsel/{riddle.slug}")
    before = table_counts()
    response = reader.post(
        f"/raetsel/{riddle.slug}/raten", {"guess": "Kugelgrill", "next": target}, htmx=htmx
    )
    assert response.status_code == 400
    assert "Set-Cookie: x" not in str(response.headers)
    assert table_counts() == before
    assert row_counts()["Guess"] == 0


@pytest.mark.parametrize("target", BAD_NEXT)
def test_the_language_switch_with_a_malformed_next_is_refused(app, client, target):
    reader = Reader(client)
    reader.open("/")
    before = table_counts()
    response = reader.post("/sprache/en", {"next": target})
    assert response.status_code == 400
    assert table_counts() == before
    # The switch did not happen: the next page is still German.
    assert '<html lang="de"' in text_of(client.get("/"))


def test_a_malformed_next_in_the_query_is_refused(app, client):
    assert client.get("/anmelden?next=http://[::1").status_code == 400
    assert client.get("/anmelden", query_string={"next": "/\r\nx"}).status_code == 400
    # A well-formed but foreign `next` is still simply ignored (no open redirect).
    assert client.get("/anmelden?next=https://evil.example/").status_code == 200


@pytest.mark.parametrize("current", ["http://[", "http://[::1/raetsel", "http://localhost/\x00"])
def test_a_malformed_hx_current_url_is_refused(app, client, current):
    riddle = make_riddle()
    reader = Reader(client)
    reader.open(f"/raetsel/{riddle.slug}")
    headers = {**HTMX, "HX-Current-URL": current}
    assert client.get("/rangliste", headers=headers).status_code == 400
    before = table_counts()
    response = client.post(
        f"/raetsel/{riddle.slug}/raten",
        data={"csrf_token": reader.token, "guess": "Kugelgrill"},
        headers=headers,
    )
    assert response.status_code == 400
    assert table_counts() == before


@pytest.mark.parametrize("url", ["http://[::1", "http://[", "http://localhost/raetsel/\r\n"])
def test_oembed_refuses_a_malformed_url(app, client, url):
    response = client.get("/oembed", query_string={"url": url})
    assert response.status_code in (400, 404)
    assert client.get("/oembed?url=http://[::1").status_code == 400


OUT_OF_RANGE = ("0001-01-01T00:00", "9999-12-31T23:59", f"{EARLIEST_YEAR - 1}-12-31T23:59",
                f"{LATEST_YEAR + 1}-01-01T00:00")  # fmt: skip
YEARS_MESSAGE = f"zwischen den Jahren {EARLIEST_YEAR} und {LATEST_YEAR}"


@pytest.mark.parametrize("field", ["publish_at", "closes_at"])
@pytest.mark.parametrize("value", OUT_OF_RANGE)
def test_the_riddle_form_refuses_a_time_out_of_range(app, client, field, value):
    desk = editor(client)
    before = table_counts()
    response = desk.post("/redaktion/raetsel/neu", riddle_data(**{field: value}))
    assert response.status_code == 422
    assert YEARS_MESSAGE in text_of(response)
    assert table_counts() == before


@pytest.mark.parametrize("field", ["publish_at", "closes_at"])
@pytest.mark.parametrize("value", OUT_OF_RANGE[:2])
def test_the_quiz_form_refuses_a_time_out_of_range(app, client, field, value):
    article = make_article()
    desk = editor(client)
    before = table_counts()
    response = desk.post(
        "/redaktion/quizze/neu", {**QUIZ_FORM, "article_id": article.id, field: value}
    )
    assert response.status_code == 422
    assert YEARS_MESSAGE in text_of(response)
    assert table_counts() == before


@pytest.mark.parametrize("value", OUT_OF_RANGE[:2])
def test_the_article_form_refuses_a_time_out_of_range(app, client, value):
    desk = editor(client)
    before = table_counts()
    response = desk.post("/redaktion/artikel/neu", article_data(published_at=value))
    assert response.status_code == 422
    assert YEARS_MESSAGE in text_of(response)
    assert table_counts() == before


def test_the_first_and_last_allowed_years_are_saved(app, client):
    desk = editor(client)
    first = f"{EARLIEST_YEAR}-01-01T00:00"
    last = f"{LATEST_YEAR}-12-31T23:59"
    data = article_data(published_at=first)
    assert desk.post("/redaktion/artikel/neu", data).status_code == 303
    data = article_data(slug="spaet", published_at=last)
    assert desk.post("/redaktion/artikel/neu", data).status_code == 303


def test_the_content_import_refuses_times_out_of_range(app, runner, tmp_path):
    from harzquiz.desk.exchange import FORMAT

    riddle = {"slug": "uralt", "title": "Uralt", "question": "Was?", "solution": "Das",
              "explanation": "", "points": 100, "publish_at": "0001-01-01T00:00:00+05:00",
              "closes_at": "9999-12-31T23:30:00+00:00", "hints": []}  # fmt: skip
    source = tmp_path / "times.json"
    source.write_text(json.dumps({"format": FORMAT, "riddles": [riddle]}), encoding="utf-8")
    before = table_counts()
    result = runner.invoke(args=["import-content", str(source)])
    assert result.exit_code == 1, result.output
    assert "publish_at: the year must be" in result.output
    assert "closes_at: the year must be" in result.output
    assert table_counts() == before


def test_the_content_import_refuses_deeply_nested_json(app, runner, tmp_path):
    source = tmp_path / "nested.json"
    depth = 200_000
    source.write_text('{"format": "harzquiz-content", "riddles": ' + "[" * depth + "]" * depth
                      + "}", encoding="utf-8")  # fmt: skip
    before = table_counts()
    result = runner.invoke(args=["import-content", str(source)])
    assert result.exit_code == 1
    assert "nested too deeply" in result.output
    assert not isinstance(result.exception, RecursionError)
    assert table_counts() == before


# --- The partner theme -------------------------------------------------------------------

BREAKOUTS = ("*/ body{display:none} /*", "**// body{display:none} /**/", "</style><script>")


@pytest.mark.parametrize("name", BREAKOUTS)
def test_the_partner_name_cannot_inject_css_into_the_theme(app, client, name):
    partner = make_partner(name=name)
    css = text_of(client.get(f"/embed/{partner.embed_key}/theme.css"))
    assert "display:none" not in css and "<script>" not in css
    # Nothing is left outside the one comment and the two rules (light, dark), all colours.
    outside = re.sub(r"/\*.*?\*/", "", css, flags=re.S).strip()
    colour = "#[0-9a-f]{6}"
    variables = "; ".join(
        f"--{name}: {colour}" for name in ("accent", "on-accent", "link", "focus")
    )
    light = rf"\.embed \{{ {variables}; \}}"
    dark = rf"\.embed\.theme-dark \{{ --link: {colour}; --focus: {colour}; \}}"
    assert re.fullmatch(rf"{light}\n{dark}", outside), outside


def test_the_theme_stylesheet_sets_no_cookie_and_may_be_cached_publicly(app, client):
    riddle = make_riddle()
    partner = make_partner()
    # A reader with an embed session already, and one without.
    client.get(f"/embed/{partner.embed_key}/raetsel/{riddle.slug}")
    for fresh in (client, app.test_client()):
        response = fresh.get(f"/embed/{partner.embed_key}/theme.css")
        assert response.status_code == 200
        assert "Set-Cookie" not in response.headers
        assert "Cookie" not in response.vary
        assert response.headers["Cache-Control"] == "public, max-age=300"
    # The embed pages themselves still keep their session cookie.
    page = app.test_client().get(f"/embed/{partner.embed_key}/")
    assert EMBED_COOKIE in page.headers.get("Set-Cookie", "")
