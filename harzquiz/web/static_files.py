"""Fingerprinted static URLs (`site.css?v=<hash>`) that browsers may keep for a year.

A changed file gets a new hash, hence a new URL, so the long lifetime never serves an old
stylesheet or script. Returning readers then load a page with no asset requests at all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Response, current_app, request

ONE_YEAR = 365 * 24 * 3600


def fingerprint(filename: str) -> str | None:
    """The first 12 hex digits of the file's SHA-256 (None: no such file); kept per app."""
    app = current_app
    hashes: dict[str, str | None] = app.extensions.setdefault("harzquiz.fingerprints", {})
    if filename not in hashes or app.debug:  # debug: edits show without a restart
        path = Path(app.static_folder or "") / filename
        digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else None
        hashes[filename] = digest
    return hashes[filename]


def add_fingerprint(endpoint: str, values: dict) -> None:
    """url_defaults hook: every static URL carries `v=<content hash>`."""
    if endpoint == "static" and "filename" in values and "v" not in values:
        digest = fingerprint(values["filename"])
        if digest:
            values["v"] = digest


def cache_fingerprinted(response: Response) -> Response:
    """after_request hook: a static file asked for by its current hash is immutable."""
    if (
        request.endpoint == "static"
        and response.status_code == 200
        and request.args.get("v") == fingerprint((request.view_args or {}).get("filename", ""))
    ):
        # Flask's file sender marks every file `no-cache` (revalidate on each use), which
        # would make the browser ask again for every asset on every page: drop it.
        response.cache_control.no_cache = None
        response.cache_control.public = True
        response.cache_control.max_age = ONE_YEAR
        response.cache_control.immutable = True
    return response
