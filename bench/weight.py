"""Page weight: gzip bytes of a page's HTML and the CSS and JavaScript it links."""

from __future__ import annotations

import gzip
import re
import urllib.request

ASSETS = re.compile(r'<(?:link rel="stylesheet" href|script src)="([^"]+)"')


def _fetch(url: str) -> bytes:
    with urllib.request.urlopen(url) as response:
        return response.read()


def page_weight(base: str, path: str) -> dict:
    """Raw and gzip (level 6, as web servers send) bytes of the page and each asset."""
    html = _fetch(base + path)
    parts = {"html": html}
    for asset in ASSETS.findall(html.decode()):
        parts[asset.split("?")[0]] = _fetch(base + asset)
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
