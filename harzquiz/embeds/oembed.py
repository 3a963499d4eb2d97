"""oEmbed (https://oembed.com): CMSs turn a link to one of our riddles into the widget.

A crossword's link becomes a card linking to its page (title, intro, number of clues): a
crossword plays in a partner embed (/embed/<key>/…), which needs the partner's key, and
its page may not be framed by any site.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from harzquiz import clock
from harzquiz.models import Crossword, Quiz, Riddle
from harzquiz.services import catalog, crossword_play, quiz_play
from harzquiz.web.crossword_links import PREFIX, crossword_url
from harzquiz.web.htmx import malformed_url

bp = Blueprint("oembed", __name__)

DEFAULT_WIDTH = 600
DEFAULT_HEIGHT = 420
MIN_SIZE = 200


def _bounded(name: str, default: int) -> int:
    """`default`, made smaller if the consumer asked for at most maxwidth/maxheight."""
    try:
        limit = int(request.args.get(name, ""))
    except ValueError:
        return default
    return max(MIN_SIZE, min(default, limit))


def _item_for(url: str):
    """(riddle or quiz, widget URL) for a URL of ours: a riddle page, a quiz page, or the
    home page (whichever riddle is live, then and later); None for anything else."""
    parts = urlsplit(url)
    ours = urlsplit(request.host_url)
    if (parts.scheme, parts.netloc) != (ours.scheme, ours.netloc):
        return None
    slug = parts.path.removeprefix(PREFIX)
    if parts.path.startswith(PREFIX) and slug and "/" not in slug:
        crossword = crossword_play.public_crossword(slug, clock.now())
        return (crossword, crossword_url(slug, _external=True)) if crossword else None
    try:
        endpoint, values = current_app.url_map.bind(ours.netloc).match(parts.path, "GET")
    except HTTPException:
        return None
    now = clock.now()
    riddle: Riddle | Quiz | Crossword | None
    if endpoint == "riddles.riddle_page":
        riddle = catalog.public_riddle(values["slug"], now)
        src = url_for("embed.public_riddle", slug=values["slug"], _external=True)
    elif endpoint == "quizzes.quiz_page":
        riddle = quiz_play.public_quiz(values["slug"], now)
        src = url_for("embed.public_quiz", slug=values["slug"], _external=True)
    elif endpoint == "pages.home":
        riddle = catalog.current_riddle(now)
        src = url_for("embed.public_current", _external=True)
    else:
        return None
    return (riddle, src) if riddle is not None else None


@bp.get("/oembed")
def oembed():
    """The oEmbed answer for a riddle or quiz URL: type "rich", html = the read-only widget."""
    if request.args.get("format", "json") != "json":
        abort(501)  # the spec: a format we do not serve is "Not Implemented"
    url = request.args.get("url", "")
    if malformed_url(url):
        abort(400)  # no URL at all (e.g. http://[::1): urlsplit would raise
    found = _item_for(url)
    if found is None:
        abort(404)
    item, src = found
    width = _bounded("maxwidth", DEFAULT_WIDTH)
    height = _bounded("maxheight", DEFAULT_HEIGHT)
    template = "embed/_crossword_card.html" if isinstance(item, Crossword) else "embed/_iframe.html"
    html = render_template(
        template, src=src, title=item.title, width=width, height=height, item=item
    ).strip()
    return jsonify(
        version="1.0",
        type="rich",
        provider_name=current_app.config["SITE_NAME"],
        provider_url=url_for("pages.home", _external=True),
        title=item.title,
        html=html,
        width=width,
        height=height,
        cache_age=300,
    )
