"""Page weight: the bytes of a page's HTML and the CSS and JavaScript it links, raw, gzip
(level 6, computed here) and as the server sends them to a browser that accepts gzip and
brotli (what actually goes over the wire)."""

from __future__ import annotations

import gzip
import html as markup
import re
import urllib.request

import brotli

LINK = re.compile(r"<link\b[^>]*>")
STYLESHEET = re.compile(r'\brel="stylesheet"')
HREF = re.compile(r'\bhref="([^"]+)"')
SCRIPT = re.compile(r'<script\b[^>]*\bsrc="([^"]+)"')
ACCEPT = "gzip, br"  # as every current browser sends it (they add deflate and zstd)
DECODE = {"gzip": gzip.decompress, "br": brotli.decompress, "": lambda body: body}


def _fetch(url: str, accept_encoding: str | None = None) -> tuple[bytes, str]:
    """The body as sent and its Content-Encoding ('' for none)."""
    headers = {"Accept-Encoding": accept_encoding} if accept_encoding else {}
    with urllib.request.urlopen(urllib.request.Request(url, headers=headers)) as response:
        return response.read(), response.headers.get("Content-Encoding", "")


def assets(page: str) -> list[str]:
    """The URLs of every stylesheet and script the page loads, in order, once each."""
    found = [
        HREF.search(tag).group(1)
        for tag in LINK.findall(page)
        if STYLESHEET.search(tag) and HREF.search(tag)
    ]
    found += SCRIPT.findall(page)
    return list(dict.fromkeys(markup.unescape(url) for url in found))


def _item(url: str) -> tuple[bytes, dict]:
    raw, _ = _fetch(url)
    sent, encoding = _fetch(url, ACCEPT)
    # Same length, not same bytes: each request of a page carries its own CSRF token.
    if len(DECODE[encoding](sent)) != len(raw):
        raise RuntimeError(f"{url}: the {encoding} body does not decode to the plain one")
    return raw, {
        "bytes": len(raw),
        "gzip_bytes": len(gzip.compress(raw, compresslevel=6)),
        "sent_bytes": len(sent),
        "sent_encoding": encoding or "identity",
    }


def page_weight(base: str, path: str) -> dict:
    """Raw, gzip and as-sent bytes of the page and each asset it loads."""
    html, page = _item(base + path)
    items = {"html": page}
    for asset in assets(html.decode()):
        items[asset.split("?")[0]] = _item(asset if "://" in asset else base + asset)[1]
    return {
        "path": path,
        "items": items,
        "total_bytes": sum(i["bytes"] for i in items.values()),
        "total_gzip_bytes": sum(i["gzip_bytes"] for i in items.values()),
        "total_sent_bytes": sum(i["sent_bytes"] for i in items.values()),
    }
