"""Page weight: gzip bytes of a page's HTML and the CSS and JavaScript it links."""

from __future__ import annotations

import gzip
import html as markup
import re
import urllib.request

LINK = re.compile(r"<link\b[^>]*>")
STYLESHEET = re.compile(r'\brel="stylesheet"')
HREF = re.compile(r'\bhref="([^"]+)"')
SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:
        return response.read()


def assets(page: str) -> list[str]:
    """The URLs of every stylesheet and script the page loads, in order, once each."""
    found = [
        HREF.search(tag).group(1)
        for tag in LINK.findall(page)
        if STYLESHEET.search(tag) and HREF.search(tag)
    ]
    found += SCRIPT.findall(page)
    return list(dict.fromkeys(markup.unescape(url) for url in found))


def page_weight(base: str, path: str) -> dict:
    """Raw and gzip (level 6, as web servers send) bytes of the page and each asset."""
    html = _fetch(base + path)
    parts = {"html": html}
    for asset in assets(html.decode()):
        parts[asset.split("?")[0]] = _fetch(asset if "://" in asset else base + asset)
    items = {
        name: {"bytes": len(body), "gzip_bytes": len(gzip.compress(body, compresslevel=6))}
        for name, body in parts.items()
    }
    return {
        "path": path,
        "items": items,
        "total_bytes": sum(i["bytes"] for i in items.values()),
        "total_gzip_bytes": sum(i["gzip_bytes"] for i in items.values()),
    }
