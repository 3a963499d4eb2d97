"""Fingerprinted static URLs (`site.css?v=<hash>`) that browsers may keep for a year.

A changed file gets a new hash, hence a new URL, so the long lifetime never serves an old
stylesheet or script. Returning readers then load a page with no asset requests at all.
"""

from __future__ import annotations

import hashlib
from pathlib import Path

from flask import Flask, Response, request

ONE_YEAR = 365 * 24 * 3600


def register(app: Flask) -> None:
    """Add `v=<content hash>` to every static URL; answer such requests as immutable."""
    hashes: dict[str, str | None] = {}

    def fingerprint(filename: str) -> str | None:
        if filename not in hashes or app.debug:  # debug: edits show without a restart
            path = Path(app.static_folder or "") / filename
            digest = hashlib.sha256(path.read_bytes()).hexdigest()[:12] if path.is_file() else None
            hashes[filename] = digest
        return hashes[filename]

    @app.url_defaults
    def add_fingerprint(endpoint: str, values: dict) -> None:
        if endpoint == "static" and "filename" in values and "v" not in values:
            digest = fingerprint(values["filename"])
            if digest:
                values["v"] = digest

    @app.after_request
    def cache_fingerprinted(response: Response) -> Response:
        if (
            request.endpoint == "static"
            and response.status_code == 200
            and request.args.get("v") == fingerprint((request.view_args or {}).get("filename", ""))
        ):
            response.cache_control.public = True
            response.cache_control.max_age = ONE_YEAR
            response.cache_control.immutable = True
        return response
