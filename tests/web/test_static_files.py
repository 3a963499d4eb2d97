"""Static files: fingerprinted URLs, kept by browsers for a year; a wrong fingerprint is not."""

from __future__ import annotations

import re


def test_static_urls_carry_a_content_hash_and_are_immutable(client):
    page = client.get("/").get_data(as_text=True)
    urls = re.findall(r'(?:href|src)="(/static/[^"]+)"', page)
    assert any("site.css?v=" in url for url in urls)
    assert any("htmx-2.0.11.min.js?v=" in url for url in urls)
    for url in urls:
        assert re.search(r"\?v=[0-9a-f]{12}$", url), url
        response = client.get(url)
        assert response.status_code == 200
        assert response.cache_control.max_age == 365 * 24 * 3600
        assert response.cache_control.immutable
        # Without `no-cache`: a browser keeps using its copy without asking again.
        assert not response.cache_control.no_cache
        directives = {d.strip() for d in response.headers["Cache-Control"].split(",")}
        assert directives == {"public", "max-age=31536000", "immutable"}, directives
        response.close()


def test_a_stale_or_missing_fingerprint_gets_no_long_lifetime(client):
    for url in ("/static/css/site.css", "/static/css/site.css?v=000000000000"):
        response = client.get(url)
        assert response.status_code == 200
        assert response.cache_control.max_age != 365 * 24 * 3600
        assert not response.cache_control.immutable
        response.close()
