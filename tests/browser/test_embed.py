"""Partner embeds in Chromium: a partner page on one site frames the widget from another.

The partner page is served by a tiny static server on http://127.0.0.1:<P1>; the widget
comes from the app on http://localhost:<P2> (another site: host names differ). Chromium
counts http://localhost as potentially trustworthy, so our Secure cookies work there.
"""

from __future__ import annotations

import gzip
import re
import threading
from collections.abc import Iterator
from dataclasses import dataclass
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from types import SimpleNamespace
from urllib.parse import urlsplit

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from harzquiz.extensions import db
from harzquiz.services.embed_stats import report
from tests.browser.conftest import DEMO_SLUG
from tests.browser.test_quiz_flow import PLAN, QUIZ, answer
from tests.factories import NOW, make_partner

pytestmark = pytest.mark.browser

SLUG = DEMO_SLUG
FRAME = "iframe.harzquiz-embed"
BUDGET_GZIP_BYTES = 30_000
axe = Axe()


@dataclass
class PartnerSite:
    """The partner's static pages and where they are served."""

    pages: dict[str, str]
    port: int

    def url(self, path: str, host: str = "127.0.0.1") -> str:
        return f"http://{host}:{self.port}{path}"


@pytest.fixture(scope="module")
def partner_site() -> Iterator[PartnerSite]:
    """A static server for partner pages (another site than the app's)."""
    pages: dict[str, str] = {}

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 (http.server's naming)
            body = pages.get(urlsplit(self.path).path)
            if body is None:
                self.send_error(404)
                return
            data = body.encode()
            self.send_response(200)
            self.send_header("Content-Type", "text/html; charset=utf-8")
            self.send_header("Content-Length", str(len(data)))
            self.end_headers()
            self.wfile.write(data)

        def log_message(self, *args):
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    thread = threading.Thread(target=server.serve_forever, name="partner-site", daemon=True)
    thread.start()
    try:
        yield PartnerSite(pages=pages, port=server.server_address[1])
    finally:
        server.shutdown()
        thread.join(timeout=5)
        server.server_close()


def app_origin(live_server) -> str:
    """The app as a different site than the partner: localhost instead of 127.0.0.1."""
    return live_server.url.replace("127.0.0.1", "localhost")


def new_partner(live_server, partner_site, **overrides):
    """A partner allowed to frame from the partner site's 127.0.0.1 origin."""
    overrides.setdefault("origins", [partner_site.url("")])
    with live_server.app.app_context():
        partner = make_partner(**overrides)
        made = SimpleNamespace(id=partner.id, embed_key=partner.embed_key)
        db.session.remove()
    return made


def partner_html(body: str) -> str:
    """A minimal partner page around `body` (a data: icon keeps the console quiet)."""
    return (
        '<!doctype html><html lang="de"><head><meta charset="utf-8">'
        '<title>Goslarsche Zeitung</title><link rel="icon" href="data:,"></head>'
        f"<body>{body}</body></html>"
    )


def partner_page(
    partner_site, live_server, partner, path="/artikel.html", loader=True, embed_path=""
) -> str:
    """Publish a partner article with our snippet (for `embed_path`); returns its URL."""
    ours = app_origin(live_server)
    script = f'<script src="{ours}/static/js/embed.js" async></script>' if loader else ""
    partner_site.pages[path] = partner_html(
        "<h1>Nachrichten aus dem Harz</h1><p>Ein Artikel der Partnerzeitung.</p>"
        f'<iframe class="harzquiz-embed" src="{ours}/embed/{partner.embed_key}/{embed_path}" '
        'title="Rätsel der Woche – HarzQuiz" loading="lazy" width="100%" height="560"></iframe>'
        f"{script}<p>Nach dem Rätsel geht der Artikel weiter.</p>"
    )
    return partner_site.url(path)


def frame_height(page: Page) -> float:
    box = page.locator(FRAME).bounding_box()
    assert box is not None
    return box["height"]


def wait_for_height(page: Page, predicate, what: str) -> float:
    """Wait until the loader has sized the frame so that predicate(height) holds."""
    page.wait_for_function(
        f"() => {{ const h = document.querySelector('{FRAME}').getBoundingClientRect().height;"
        f" return ({predicate}); }}"
    )
    return frame_height(page)


def counts(live_server, partner) -> dict[str, int]:
    with live_server.app.app_context():
        rows = report(NOW, partner_id=partner.id)
        db.session.remove()
    row = rows[0]
    return {"views": row.views, "guesses": row.guesses, "solves": row.solves}


def test_a_reader_plays_inside_the_partner_page(page: Page, live_server, partner_site):
    partner = new_partner(live_server, partner_site)
    page.goto(partner_page(partner_site, live_server, partner))
    history_before = page.evaluate("history.length")
    frame = page.frame_locator(FRAME)
    expect(frame.locator(f"#riddle-{SLUG}-heading")).to_be_visible()
    # The loader sized the frame to its content (the snippet says 560px).
    loaded = wait_for_height(page, "h !== 560", "sized on load")

    frame.locator(f"#guess-{SLUG}").fill("Sonnenschirm")
    frame.locator(f"#guess-{SLUG}").press("Enter")
    expect(frame.locator(f"#feedback-{SLUG} [data-verdict=wrong]")).to_be_visible()
    after_wrong = wait_for_height(page, f"h > {loaded}", "grows with the feedback")

    frame.get_by_role("link", name="Lösung anzeigen", exact=True).click()
    expect(frame.locator(f"#reveal-{SLUG}-warning")).to_be_visible()
    confirming = wait_for_height(page, f"h > {after_wrong}", "grows with the question")
    frame.get_by_role("link", name="Abbrechen, weiter raten").click()
    expect(frame.locator(f"#reveal-{SLUG}-warning")).to_have_count(0)
    wait_for_height(page, f"h < {confirming}", "shrinks back")

    frame.locator(f"#guess-{SLUG}").fill("Kugelgrill")
    frame.locator(f"#guess-{SLUG}").press("Enter")
    expect(frame.locator(f"#feedback-{SLUG} [data-verdict=correct]")).to_contain_text("Richtig!")
    expect(frame.locator(f"#solution-{SLUG}")).to_have_text("Die Lösung: Kugelgrill")

    # Nothing went into the partner page's history, and the partner page stayed put.
    assert page.evaluate("history.length") == history_before
    assert page.url == partner_site.url("/artikel.html")
    assert counts(live_server, partner) == {"views": 1, "guesses": 2, "solves": 1}
    # Chromium kept the Partitioned cookie (http://localhost counts as trustworthy) and
    # sent it back: embed URLs no longer need the token fallback in their URLs.
    (cookie,) = [c for c in page.context.cookies() if c["name"] == "harzquiz_embed"]
    print(f"\nembed cookie: partitioned under {cookie.get('partitionKey')}")
    assert cookie["secure"] and cookie["sameSite"] == "None" and cookie["path"] == "/embed/"
    assert cookie.get("partitionKey") == "http://127.0.0.1"  # CHIPS: the partner's site
    page.reload()
    link = page.frame_locator(FRAME).get_by_role("link", name="Rangliste")
    href = link.get_attribute("href")
    assert href is not None and "t=" not in href


def test_a_site_the_partner_did_not_allow_cannot_frame_it(
    page: Page, live_server, partner_site, problems
):
    partner = new_partner(live_server, partner_site)
    # The same partner page, served as http://localhost:<P1>: an origin not on the list.
    partner_page(partner_site, live_server, partner, path="/fremd.html")
    refusals: list[str] = []
    page.on("console", lambda m: refusals.append(m.text) if "frame-ancestors" in m.text else None)
    problems.expect(lambda message: "frame-ancestors" in message)
    page.goto(partner_site.url("/fremd.html", host="localhost"))
    expect(page.locator("h1")).to_have_text("Nachrichten aus dem Harz")
    page.wait_for_function("() => document.querySelector('iframe.harzquiz-embed') !== null")
    for _ in range(50):
        if refusals:
            break
        page.wait_for_timeout(100)
    print(f"\nChromium: {refusals[:1]}")
    assert refusals and "frame-ancestors" in refusals[0]
    (frame,) = [f for f in page.frames if f is not page.main_frame]
    assert frame.locator(f"#guess-{SLUG}").count() == 0  # nothing of the widget rendered
    assert frame.locator("main").count() == 0


def test_the_loader_ignores_forged_messages(page: Page, live_server, partner_site):
    partner = new_partner(live_server, partner_site)
    url = partner_page(partner_site, live_server, partner, path="/gefaelscht.html")
    page.goto(url)
    expect(page.frame_locator(FRAME).locator(f"#guess-{SLUG}")).to_be_visible()
    sized = wait_for_height(page, "h !== 560", "sized on load")
    # Forged from the partner page itself (wrong source window, wrong origin)...
    page.evaluate("window.postMessage({type: 'harzquiz:height', height: 3333}, '*')")
    # ...and from another frame on the page, with its own origin.
    page.evaluate(
        """() => new Promise(resolve => {
            const other = document.createElement('iframe');
            other.srcdoc = '<p>fremd</p>';
            other.onload = () => {
                const forged = {type: 'harzquiz:height', height: 4444};
                other.contentWindow.parent.postMessage(forged, '*');
                resolve();
            };
            document.body.appendChild(other);
        })"""
    )
    # From our own frame, but not a height message: ignored as well.
    ours = next(f for f in page.frames if f.url.startswith(app_origin(live_server)))
    ours.evaluate("parent.postMessage({type: 'harzquiz:height', height: '5555'}, '*')")
    ours.evaluate("parent.postMessage({type: 'etwas-anderes', height: 5555}, '*')")
    page.wait_for_timeout(300)  # give a (wrong) resize the chance to happen
    assert frame_height(page) == sized


def test_the_plain_iframe_works_without_the_loader(page: Page, live_server, partner_site):
    partner = new_partner(live_server, partner_site)
    page.goto(partner_page(partner_site, live_server, partner, path="/ohne.html", loader=False))
    frame = page.frame_locator(FRAME)
    expect(frame.locator(f"#guess-{SLUG}")).to_be_visible()
    fixed = frame_height(page)  # the snippet's 560px (plus the default frame border)
    frame.locator(f"#guess-{SLUG}").fill("Boje")
    frame.locator(f"#guess-{SLUG}").press("Enter")
    expect(frame.locator(f"#feedback-{SLUG} [data-verdict=wrong]")).to_be_visible()
    assert frame_height(page) == fixed
    assert 560 <= fixed <= 566


def test_the_oembed_widget_works_sandboxed_without_cookies(page: Page, live_server, partner_site):
    """As WordPress embeds it: sandbox="allow-scripts", no allow-same-origin."""
    src = f"{app_origin(live_server)}/embed/offen/raetsel/{SLUG}"
    partner_site.pages["/wordpress.html"] = partner_html(
        f'<h1>Blog</h1><iframe sandbox="allow-scripts" src="{src}" title="Rätsel" '
        'width="600" height="420"></iframe>'
    )
    page.goto(partner_site.url("/wordpress.html"))
    frame = page.frame_locator("iframe")
    expect(frame.locator("h1")).to_have_text("Aus einer Boje entstanden")
    link = frame.get_by_role("link", name="Jetzt auf HarzQuiz mitraten")
    expect(link).to_have_attribute("href", f"{app_origin(live_server)}/raetsel/{SLUG}")
    # The problems fixture fails the test on any console error inside the sandbox.


def test_first_load_stays_under_30_kb_gzip(page: Page, live_server, partner_site):
    partner = new_partner(live_server, partner_site)
    responses = []
    page.on("response", lambda response: responses.append(response))
    page.goto(f"{app_origin(live_server)}/embed/{partner.embed_key}/")
    page.wait_for_load_state("load")
    expect(page.locator(f"#guess-{SLUG}")).to_be_visible()
    sizes = {
        response.url: len(gzip.compress(response.body(), compresslevel=6))
        for response in responses
        if response.request.resource_type in ("document", "stylesheet", "script")
    }
    total = sum(sizes.values())
    print("\nembed first load, gzip bytes:")
    for url, size in sorted(sizes.items(), key=lambda item: -item[1]):
        print(f"  {size:6d}  {urlsplit(url).path}")
    print(f"  {total:6d}  total (budget {BUDGET_GZIP_BYTES})")
    assert len(sizes) >= 5  # the page, both stylesheets, htmx, our scripts: all measured
    assert total < BUDGET_GZIP_BYTES


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_embed_has_no_serious_accessibility_violations(
    page: Page, live_server, partner_site, scheme
):
    partner = new_partner(live_server, partner_site, scheme=scheme, accent="#ffd500")
    page.goto(f"{app_origin(live_server)}/embed/{partner.embed_key}/")
    page.locator(f"#guess-{SLUG}").fill("Grill")
    page.locator(f"#guess-{SLUG}").press("Enter")
    expect(page.locator(f"#feedback-{SLUG} [data-verdict]")).to_be_visible()
    page.get_by_role("link", name="Lösung anzeigen", exact=True).click()
    expect(page.locator(f"#reveal-{SLUG}-warning")).to_be_visible()
    for path in ("", "rangliste"):
        if path:
            page.goto(f"{app_origin(live_server)}/embed/{partner.embed_key}/{path}")
        results = axe.run(page)
        blocking = [
            v["id"]
            for v in results.response["violations"]
            if v["impact"] in ("serious", "critical")
        ]
        assert blocking == [], f"{page.url}: {blocking}"
    page.goto(f"{app_origin(live_server)}/embed/offen/raetsel/{SLUG}")
    results = axe.run(page)
    assert [
        v["id"] for v in results.response["violations"] if v["impact"] in ("serious", "critical")
    ] == []


def test_without_javascript_the_forms_post_and_stay_in_the_frame(
    open_page, live_server, partner_site
):
    page = open_page(javascript=False)
    partner = new_partner(live_server, partner_site)
    page.goto(partner_page(partner_site, live_server, partner, path="/ohne-js.html"))
    frame = page.frame_locator(FRAME)
    frame.locator(f"#guess-{SLUG}").fill("Sonnenschirm")
    frame.get_by_role("button", name="Raten").click()
    expect(frame.locator(f"#feedback-{SLUG} [data-verdict=wrong]")).to_be_visible()
    (embedded,) = [f for f in page.frames if f is not page.main_frame]
    assert urlsplit(embedded.url).path == f"/embed/{partner.embed_key}/"  # redirected inside
    assert page.url == partner_site.url("/ohne-js.html")
    assert counts(live_server, partner)["guesses"] == 1


# --- a quiz inside the partner's frame ----------------------------------------------------


def play_quiz_in(frame) -> None:
    """Answer the demo quiz's six questions as PLAN says, inside the embed (frame or page)."""
    stage = frame.locator(f"#quiz-{QUIZ}-stage")
    for number, (how, right) in enumerate(PLAN, start=1):
        expect(stage.locator(".quiz-progress__text")).to_have_text(f"Frage {number} von 6")
        answer(frame, how)  # the site test's helper: a FrameLocator locates like a Page
        feedback = stage.locator(f"[data-result={'right' if right else 'wrong'}]")
        expect(feedback.locator(".quiz-answer__explanation")).to_be_visible()
        step = "Zum Ergebnis" if number == len(PLAN) else "Nächste Frage"
        stage.get_by_role("link", name=step).click()
    expect(stage.locator(".quiz-result__score")).to_have_text("4 von 6 richtig")


def test_a_reader_plays_a_quiz_inside_the_partner_page(page: Page, live_server, partner_site):
    partner = new_partner(live_server, partner_site)
    url = partner_page(
        partner_site, live_server, partner, path="/quiz.html", embed_path=f"quiz/{QUIZ}"
    )
    page.goto(url)
    history_before = page.evaluate("history.length")
    frame = page.frame_locator(FRAME)
    expect(frame.locator(f"#quiz-{QUIZ}-heading")).to_be_visible()
    loaded = wait_for_height(page, "h !== 560", "sized on load")
    play_quiz_in(frame)
    wait_for_height(page, f"h > {loaded}", "grows with the result")
    share = frame.locator(f"#quiz-{QUIZ}-share")
    expect(share).to_have_value(re.compile(rf"\n{re.escape(app_origin(live_server))}/quiz/{QUIZ}$"))
    assert page.evaluate("history.length") == history_before
    assert page.url == partner_site.url("/quiz.html")
    (embedded,) = [f for f in page.frames if f is not page.main_frame]
    assert urlsplit(embedded.url).path == f"/embed/{partner.embed_key}/quiz/{QUIZ}"
    assert counts(live_server, partner) == {"views": 1, "guesses": 6, "solves": 0}


def test_without_javascript_the_quiz_posts_and_stays_in_the_frame(
    open_page, live_server, partner_site
):
    page = open_page(javascript=False)
    partner = new_partner(live_server, partner_site)
    url = partner_page(
        partner_site, live_server, partner, path="/quiz-ohne-js.html", embed_path=f"quiz/{QUIZ}"
    )
    page.goto(url)
    play_quiz_in(page.frame_locator(FRAME))
    (embedded,) = [f for f in page.frames if f is not page.main_frame]
    assert urlsplit(embedded.url).path.startswith(f"/embed/{partner.embed_key}/quiz/{QUIZ}")
    assert page.url == partner_site.url("/quiz-ohne-js.html")
    assert counts(live_server, partner)["guesses"] == 6


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_the_embedded_quiz_has_no_serious_accessibility_violations(
    page: Page, live_server, partner_site, scheme
):
    partner = new_partner(live_server, partner_site, scheme=scheme, accent="#ffd500")
    page.goto(f"{app_origin(live_server)}/embed/{partner.embed_key}/quiz/{QUIZ}")
    stage = page.locator(f"#quiz-{QUIZ}-stage")

    def blocking() -> list[str]:
        violations = axe.run(page).response["violations"]
        serious = [v for v in violations if v["impact"] in ("serious", "critical")]
        for v in serious:  # say where, should it fail
            print(v["id"], [(n["target"], n["failureSummary"][:200]) for n in v["nodes"]])
        return [v["id"] for v in serious]

    assert blocking() == [], "question"
    stage.locator(f"#quiz-{QUIZ}-answer").fill("17")
    stage.get_by_role("button", name="Antworten").click()
    expect(stage.locator("[data-result=right]")).to_be_visible()
    assert blocking() == [], "right feedback"
    stage.get_by_role("link", name="Nächste Frage").click()
    stage.locator(f"#quiz-{QUIZ}-answer").fill("120")
    stage.get_by_role("button", name="Antworten").click()
    expect(stage.locator("[data-result=wrong]")).to_be_visible()
    assert blocking() == [], "wrong feedback"
    page.goto(f"{app_origin(live_server)}/embed/offen/quiz/{QUIZ}")
    assert blocking() == [], "read-only oEmbed widget"
