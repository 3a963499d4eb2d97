"""A returning reader's browser asks the server for no stylesheet or script: fingerprinted
assets are immutable for a year, without `no-cache` (which made Chromium revalidate each)."""

from __future__ import annotations

from playwright.sync_api import Page

from tests.browser.conftest import DEMO_SLUG


def _watch_network(page: Page) -> dict[str, list]:
    """Static responses as Chromium's network layer reports them (DevTools protocol)."""
    seen: dict[str, list] = {"fetched": [], "cached": [], "from_cache_ids": []}
    cdp = page.context.new_cdp_session(page)
    cdp.send("Network.enable")
    cdp.on(
        "Network.requestServedFromCache",
        lambda event: seen["from_cache_ids"].append(event["requestId"]),
    )

    def on_response(event: dict) -> None:
        response = event["response"]
        if "/static/" not in response["url"]:
            return
        from_cache = response.get("fromDiskCache") or response.get("fromPrefetchCache")
        key = "cached" if from_cache else "fetched"
        seen[key].append((event["requestId"], response["url"], response["status"]))

    cdp.on("Network.responseReceived", on_response)
    return seen


def test_a_second_page_view_requests_no_asset(page: Page):
    seen = _watch_network(page)
    page.goto("/")
    page.wait_for_load_state("load")
    first = [url for _, url, _ in seen["fetched"]]
    assert any("site.css?v=" in url for url in first), first  # the first view fetched them
    seen["fetched"].clear()
    page.goto(f"/raetsel/{DEMO_SLUG}")  # an ordinary navigation, not a reload
    page.wait_for_load_state("load")
    over_network = [
        (url, status)
        for request_id, url, status in seen["fetched"]
        if request_id not in seen["from_cache_ids"]
    ]
    # Chromium's own favicon loader revalidates whatever the headers say (a body-less 304,
    # which the DevTools protocol reports as the cached 200);
    # every stylesheet and script comes from the cache.
    assert all("/favicon" in url for url, _ in over_network), over_network
    assert page.locator("link[rel=stylesheet]").count() >= 1  # the page does use assets
