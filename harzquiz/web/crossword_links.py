"""Links to a crossword's reader page (`crosswords.show`, /kreuzwortraetsel/<slug>).

The play page is its own area (harzquiz/crosswords/); every other page links to it through
here, so the desk, the home page, the archive and oEmbed agree on one address, and still
build it while that area is not registered (the path is then written out by hand).
"""

from __future__ import annotations

from flask import request, url_for
from werkzeug.routing import BuildError

ENDPOINT = "crosswords.show"
PREFIX = "/kreuzwortraetsel/"


def crossword_url(slug: str, _external: bool = False) -> str:
    """The reader page of the crossword with this slug."""
    try:
        return url_for(ENDPOINT, slug=slug, _external=_external)
    except BuildError:
        root = request.host_url.rstrip("/") if _external else ""
        return f"{root}{request.script_root}{PREFIX}{slug}"
