"""Security headers everywhere, private HTML, HSTS behind HTTPS only, no inline script, local
assets only, no dev key in production."""

from __future__ import annotations

import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from harzquiz import ROOT, create_app
from harzquiz.config import DEV_SECRET_KEY
from tests.clients import Reader
from tests.database import base_config
from tests.factories import (
    make_account,
    make_article,
    make_closed_riddle,
    make_partner,
    make_riddle,
)
from tests.helpers import HTMX, assert_security_headers, log_in, log_in_as, reader_paths
from tests.routes import SOLUTION, World, kind_of, make_world, paths_for

HTMX_SCRIPT = "/static/vendor/htmx-2.0.11.min.js"
EMBED_KEY = "partner-key"
# Pages without htmx: the read-only oEmbed widget (it must work sandboxed, without
# storage) and the refusal page for an unknown partner key.
WITHOUT_HTMX = ("/embed/offen/", "/embed/unbekannt/")
URL_ATTRIBUTES = ("href", "src", "action", "formaction", "data-hx-get", "data-hx-post")


@pytest.fixture
def content(app):
    """A live riddle carried by an article, a closed riddle, a second article, a partner."""
    riddle = make_riddle(slug="kugel")
    make_partner(embed_key=EMBED_KEY)
    make_closed_riddle(slug="brocken")
    make_article(slug="artikel", riddle_id=riddle.id)
    make_article(slug="zweiter-artikel")
    return riddle


# --- headers -------------------------------------------------------------------------------


# Password forms are never framed, not even by the site itself (clickjacking).
NEVER_FRAMED = ("/anmelden", "/registrieren", "/passwort")


def test_pages_carry_the_headers(app, client, content):
    for path in reader_paths("kugel", "artikel"):
        for headers in ({}, HTMX):
            response = client.get(path, headers=headers)
            assert response.status_code == 200, path
            framing = "'none'" if path.startswith(NEVER_FRAMED) else "'self'"
            assert_security_headers(response, f"GET {path} {headers}", framing)


def test_error_responses_carry_the_headers(app, client, content):
    not_found = client.get("/gibt-es-nicht")
    assert not_found.status_code == 404
    assert_security_headers(not_found, "404")
    assert_security_headers(client.get("/gibt-es-nicht", headers=HTMX), "404 htmx")
    wrong_method = client.get("/raetsel/kugel/raten")
    assert wrong_method.status_code == 405
    assert_security_headers(wrong_method, "405")
    too_large = client.post("/raetsel/kugel/raten", data={"guess": "x" * 70_000})
    assert too_large.status_code == 413
    assert_security_headers(too_large, "413")


def test_csrf_failures_carry_the_headers(app, client, content):
    for path in ("/raetsel/kugel/raten", "/sprache/en", "/spitzname", "/raetsel/kugel/loesung"):
        for headers in ({}, HTMX):
            response = client.post(path, data={"guess": "Boje"}, headers=headers)
            assert response.status_code == 400, path
            assert_security_headers(response, f"CSRF failure {path} {headers}")


def test_post_responses_carry_the_headers(app, client, content):
    reader = Reader(client)
    reader.open("/")
    responses = {
        "wrong guess htmx": reader.guess("kugel", "Boje"),
        "wrong guess form": reader.guess("kugel", "Boje", htmx=False),
        "empty guess": reader.guess("kugel", ""),
        "hint": reader.post("/raetsel/kugel/tipps/1", htmx=True),
        "hint form": reader.post("/raetsel/kugel/tipps/2"),
        "closed guess": reader.guess("brocken", "Brocken"),
        "nickname": reader.post("/spitzname", {"nickname": "Sicherer Name"}),
        "bad nickname": reader.post("/spitzname", {"nickname": "<b>"}),
        "language": reader.post("/sprache/en", {"next": "/"}),
        "correct guess": reader.guess("kugel", "Kugelgrill"),
        "reveal after solve": reader.post("/raetsel/kugel/loesung", htmx=True),
    }
    assert responses["wrong guess form"].status_code == 303
    assert responses["empty guess"].status_code == 422
    assert responses["correct guess"].status_code == 200
    for what, response in responses.items():
        assert_security_headers(response, what)


def test_static_files_carry_the_headers(app, client):
    for path in ("/static/css/site.css", "/static/js/site.js", HTMX_SCRIPT):
        response = client.get(path)
        assert response.status_code == 200, path
        assert_security_headers(response, path)
        response.close()
    missing = client.get("/static/gibt-es-nicht.js")
    assert missing.status_code == 404
    assert_security_headers(missing, "missing static file")


def test_unexpected_errors_carry_the_headers(app, client):
    def broken():
        raise RuntimeError("boom")

    app.add_url_rule("/kaputt", "kaputt", broken)
    response = client.get("/kaputt")
    assert response.status_code == 500
    assert "boom" not in response.get_data(as_text=True)
    assert_security_headers(response, "500")


# --- markup: no inline script, no handlers, local assets ------------------------------------


class MarkupAudit(HTMLParser):
    """Collects what CSP would block or what would load from elsewhere."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.problems: list[str] = []
        self.scripts: list[str] = []
        self.stylesheets: list[str] = []
        self._in_script = False
        self._script_text = ""

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        for name, value in attrs:
            if name.startswith("on"):
                self.problems.append(f"<{tag} {name}=…> event handler attribute")
            if name.startswith(("hx-on", "data-hx-on")):
                self.problems.append(f"<{tag} {name}=…> htmx inline handler")
            if name == "style":
                self.problems.append(f"<{tag} style=…> inline style (CSP style-src 'self')")
            url = (value or "").strip().lower()
            if name in URL_ATTRIBUTES and url.startswith(("javascript:", "vbscript:", "data:text")):
                self.problems.append(f"<{tag} {name}={value!r}> script URL")
        if tag == "script":
            src = attributes.get("src")
            if src is None:
                if attributes.get("type") not in ("application/json", "application/ld+json"):
                    self.problems.append("inline <script> block")
            else:
                self.scripts.append(src)
            self._in_script = True
            self._script_text = ""
        if tag == "style":
            self.problems.append("inline <style> block")
        if tag == "link" and "stylesheet" in (attributes.get("rel") or "").lower().split():
            self.stylesheets.append(attributes.get("href") or "")
        if tag in ("iframe", "object", "embed"):
            self.problems.append(f"<{tag}> in a page")

    def handle_data(self, data):
        if self._in_script:
            self._script_text += data

    def handle_endtag(self, tag):
        if tag == "script":
            if self._script_text.strip():
                self.problems.append("<script src> with inline content")
            self._in_script = False


def audit(html: str) -> MarkupAudit:
    parser = MarkupAudit()
    parser.feed(html)
    parser.close()
    return parser


def external(url: str) -> bool:
    return bool(re.match(r"^\s*(?:[a-z][a-z0-9+.-]*:)?//", url, re.IGNORECASE))


# GET rules that may redirect instead of rendering, depending on who asks.
MAY_REDIRECT = {
    "riddles.confirm_reveal",  # nothing to confirm once solved: back to the riddle
    "embed.confirm_reveal",  # the same view inside a partner embed
    "auth.change_password",  # guests are sent to log in
    "auth.register",  # accounts are sent to their profile
    "recovery.change_email",  # guests are sent to log in
    "notifications.settings",  # guests are sent to log in
    "quizzes.feedback_page",  # no answer yet: back to the quiz
    "embed.feedback_page",  # the same view inside a partner embed
    "privacy.export_data",  # nobody who has played: nothing stored, back to the profile
    "privacy.delete_account",  # the same
}


def every_page(app, client, world: World) -> dict[str, str]:
    """Rendered HTML of every GET rule (full and htmx; URL values from the shared registry)."""
    desk = app.test_client()  # role-protected pages are audited as an admin sees them
    log_in_as(desk, "admin")
    pages: dict[str, str] = {}
    for rule in app.url_map.iter_rules():
        if "GET" not in (rule.methods or set()) or kind_of(app, rule) in ("static", "ops"):
            continue
        protected = kind_of(app, rule).startswith("role:")
        for path in paths_for(app, rule, world):
            for label, headers in (("page", {}), ("htmx", HTMX)):
                response = (desk if protected else client).get(path, headers=headers)
                if response.status_code in (302, 303) and rule.endpoint in MAY_REDIRECT:
                    continue
                assert response.status_code in (200, 404), path  # 404: hidden riddles
                if response.mimetype != "text/html":
                    continue  # oEmbed\'s JSON, the theme\'s CSS: no markup to audit
                pages[f"{label} {path}"] = response.get_data(as_text=True)
    for path in ("/gibt-es-nicht",):
        pages[f"page {path}"] = client.get(path).get_data(as_text=True)
        pages[f"htmx {path}"] = client.get(path, headers=HTMX).get_data(as_text=True)
    return pages


@pytest.fixture
def world(app) -> World:
    return make_world()


def test_no_inline_script_or_handlers_on_any_page(app, client, world):
    reader = Reader(client)
    live = world.live
    pages = every_page(app, client, world)  # as a guest
    reader.open("/")
    pages["htmx wrong guess"] = reader.guess(live, "Boje").get_data(as_text=True)
    pages["htmx close guess"] = reader.guess(live, "Fisch").get_data(as_text=True)
    pages["htmx hint"] = reader.post(f"/raetsel/{live}/tipps/1", htmx=True).get_data(as_text=True)
    pages["htmx error"] = reader.guess(live, "").get_data(as_text=True)
    pages["nickname error"] = reader.post("/spitzname", {"nickname": "x"}).get_data(as_text=True)
    for name, html in every_page(app, client, world).items():  # as a player mid-game
        pages[f"player {name}"] = html
    pages["htmx correct guess"] = reader.guess(live, SOLUTION).get_data(as_text=True)
    for name, html in every_page(app, client, world).items():  # after solving
        pages[f"solved {name}"] = html
    pages["registration error"] = reader.post("/registrieren", {"nickname": "<b>"}).get_data(
        as_text=True
    )
    log_in(client, make_account().email)  # the guest's progress merges into the account
    for name, html in every_page(app, client, world).items():  # as an account
        pages[f"account {name}"] = html
    assert "account page /passwort" in pages and "account page /profil" in pages
    assert len(pages) > 40
    problems = {name: audit(html).problems for name, html in pages.items()}
    assert {name: found for name, found in problems.items() if found} == {}
    # The raw text agrees with the parser (catches markup the parser might normalise).
    for name, html in pages.items():
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html, re.IGNORECASE), name
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", html, re.IGNORECASE), name


def test_pages_load_htmx_from_the_vendored_file_and_nothing_external(app, client, world):
    pages = every_page(app, client, world)
    full_pages = {name: html for name, html in pages.items() if "<html" in html}
    assert len(full_pages) >= 10
    for name, html in full_pages.items():
        found = audit(html)
        scripts = [src.split("?v=")[0] for src in found.scripts]  # without the fingerprint
        expected_htmx = [] if any(path in name for path in WITHOUT_HTMX) else [HTMX_SCRIPT]
        assert [src for src in scripts if "htmx" in src] == expected_htmx, name
        assert not [src for src in found.scripts if external(src)], name
        assert found.stylesheets, name
        assert not [href for href in found.stylesheets if external(href)], name
        assert all(src.startswith("/static/") for src in found.scripts), name
        assert all(
            href.startswith("/static/") or re.fullmatch(r"/embed/[\w-]+/theme\.css", href)
            for href in found.stylesheets
        ), name
    for name, html in pages.items():
        # oEmbed discovery names our own endpoint absolutely (consumers need that); it
        # loads nothing into the page.
        html = re.sub(r'<link rel="alternate" type="application/json\+oembed"[^>]*>', "", html)
        assert not re.search(
            r"<(?:script|link)\b[^>]*\b(?:src|href)\s*=\s*[\"']?\s*(?:https?:)?//",
            html,
            re.IGNORECASE,
        ), name


def test_vendored_htmx_is_served_and_is_2_0_11(app, client):
    response = client.get(HTMX_SCRIPT)
    assert response.status_code == 200
    assert "javascript" in response.mimetype
    assert 'version:"2.0.11"' in response.get_data(as_text=True)
    response.close()
    assert (ROOT / "static" / "vendor" / "htmx-2.0.11.min.js").is_file()
    vendor = ROOT / "static" / "vendor"
    other_versions = [p.name for p in vendor.glob("htmx*") if p.name != Path(HTMX_SCRIPT).name]
    assert other_versions == []


def test_templates_contain_no_inline_script(app):
    """A template-level check, so that pages the walk cannot reach are covered too."""
    templates = sorted((ROOT / "templates").rglob("*.html"))
    assert templates
    for template in templates:
        text = template.read_text(encoding="utf-8")
        assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", text, re.IGNORECASE), template
        assert not re.search(r"<[a-z][^>]*\son[a-z]+\s*=", text, re.IGNORECASE), template
        assert "javascript:" not in text.lower(), template


# --- secret key ----------------------------------------------------------------------------


def test_refuses_the_development_secret_key_outside_tests():
    config = {**base_config(), "SECRET_KEY": DEV_SECRET_KEY, "TESTING": False}
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app(config)


def test_refuses_the_development_secret_key_in_production_debug_off():
    config = {
        **base_config(),
        "SECRET_KEY": DEV_SECRET_KEY,
        "TESTING": False,
        "DEBUG": False,
    }
    with pytest.raises(RuntimeError):
        create_app(config)


def test_development_and_short_keys_are_allowed_in_tests_only(tmp_path):
    assert create_app({**base_config(tmp_path), "SECRET_KEY": DEV_SECRET_KEY}).testing
    assert create_app({**base_config(tmp_path), "SECRET_KEY": "a"}).testing
    # Debug mode is no exception any more (audit finding 5: HARZQUIZ_DEBUG=true let it in).
    for key in (DEV_SECRET_KEY, "a", "", "x" * 31):
        config = {**base_config(tmp_path), "SECRET_KEY": key, "TESTING": False, "DEBUG": True}
        with pytest.raises(RuntimeError, match="SECRET_KEY"):
            create_app(config)


def test_refuses_short_keys_from_the_environment_even_in_debug(tmp_path, monkeypatch):
    monkeypatch.setenv("HARZQUIZ_DEBUG", "true")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    monkeypatch.setattr("harzquiz.app.ROOT", tmp_path)  # no instance/config.py of this tree
    for key in ("a", "k" * 31):
        monkeypatch.setenv("SECRET_KEY", key)
        with pytest.raises(RuntimeError, match="shorter than 32 bytes"):
            create_app()
    monkeypatch.setenv("SECRET_KEY", "k" * 32)
    assert create_app().debug


def test_a_real_key_starts_outside_tests():
    app = create_app({**base_config(), "SECRET_KEY": "x" * 64, "TESTING": False})
    assert not app.testing


def test_refuses_the_development_key_from_the_environment(tmp_path, monkeypatch):
    """Without test config the app reads instance/config.py and the environment."""
    monkeypatch.setenv("SECRET_KEY", DEV_SECRET_KEY)
    monkeypatch.setenv("HARZQUIZ_DEBUG", "false")
    monkeypatch.setenv("DATABASE_URL", f"sqlite:///{tmp_path / 'env.sqlite'}")
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app()


# --- caching and HSTS ------------------------------------------------------------------------


def test_html_responses_are_private(app, reader):
    riddle = make_riddle(slug="kugel")
    make_article(slug="artikel", riddle_id=riddle.id)
    responses = {path: reader.client.get(path) for path in reader_paths("kugel", "artikel")}
    responses["htmx board"] = reader.client.get("/rangliste", headers=HTMX)
    responses["404"] = reader.client.get("/nope")
    reader.open("/")
    responses["htmx guess"] = reader.guess("kugel", "Boje")
    responses["guess error page"] = reader.guess("kugel", "", htmx=False)
    for what, response in responses.items():
        assert response.mimetype == "text/html", what
        cache = response.headers.get("Cache-Control", "")
        assert "private" in cache and "no-cache" in cache, what
        assert "public" not in cache, what


def test_static_files_are_not_marked_private(app, client):
    for path in ("/static/css/site.css", "/static/js/site.js"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert "private" not in response.headers.get("Cache-Control", ""), path
        response.close()


def test_no_hsts_without_secure_cookies(app, client):
    make_riddle()
    for path in ("/", "/nope", "/static/css/site.css"):
        response = client.get(path)
        assert "Strict-Transport-Security" not in response.headers, path
        response.close()


class TestSecureCookies:
    """SESSION_COOKIE_SECURE (the site runs behind HTTPS) turns on HSTS everywhere."""

    @pytest.fixture
    def app_config(self) -> dict:
        return {**base_config(), "SESSION_COOKIE_SECURE": True}

    def test_hsts_on_pages_errors_and_static_files(self, app, client):
        make_riddle()
        for path in ("/", "/archiv", "/nope", "/static/css/site.css"):
            response = client.get(path)
            assert response.headers.get("Strict-Transport-Security") == "max-age=31536000", path
            response.close()
