"""Fingerprinted static URLs (`site.css?v=<hash>`) that browsers may keep for a year.

A changed file gets a new hash, hence a new URL, so the long lifetime never serves an old
stylesheet or script. Returning readers then load a page with no asset requests at all.
The files themselves are served, precompressed and with those cache headers, by
web.compression (WhiteNoise in front of the app).
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import current_app

ONE_YEAR = 365 * 24 * 3600


def content_hash(data: bytes) -> str:
    """The fingerprint of a file's content: the first 12 hex digits of its SHA-256."""
    return hashlib.sha256(data).hexdigest()[:12]


def fingerprint(filename: str) -> str | None:
    """The content hash of a static file (None: no such file); kept per app."""
    app = current_app
    hashes: dict[str, str | None] = app.extensions.setdefault("harzquiz.fingerprints", {})
    if filename not in hashes or app.debug:  # debug: edits show without a restart
        path = Path(app.static_folder or "") / filename
        hashes[filename] = content_hash(path.read_bytes()) if path.is_file() else None
    return hashes[filename]


def add_fingerprint(endpoint: str, values: dict) -> None:
    """url_defaults hook: every static URL carries `v=<content hash>`."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        digest = fingerprint(values["filename"])
        if digest:
            values["v"] = digest
