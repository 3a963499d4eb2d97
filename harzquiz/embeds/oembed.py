"""oEmbed (https://oembed.com): CMSs turn a link to one of our riddles into the widget."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, abort, current_app, jsonify, render_template, request, url_for
from werkzeug.exceptions import HTTPException

from .. import clock
from ..game import catalog

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


def _riddle_for(url: str):
    """The public riddle a URL of ours shows (a riddle page, or the home page), or None."""
    parts = urlsplit(url)
    ours = urlsplit(request.host_url)
    if (parts.scheme, parts.netloc) != (ours.scheme, ours.netloc):
        return None
    try:
        endpoint, values = current_app.url_map.bind(ours.netloc).match(parts.path, "GET")
    except HTTPException:
        return None
    now = clock.now()
    if endpoint == "riddles.riddle_page":
        return catalog.public_riddle(values["slug"], now)
    if endpoint == "pages.home":
        return catalog.current_riddle(now)
    return None


@bp.get("/oembed")
def oembed():
    """The oEmbed answer for a riddle URL: type "rich", html = the read-only widget iframe."""
    if request.args.get("format", "json") != "json":
        abort(501)  # the spec: a format we do not serve is "Not Implemented"
    riddle = _riddle_for(request.args.get("url", ""))
    if riddle is None:
        abort(404)
    width = _bounded("maxwidth", DEFAULT_WIDTH)
    height = _bounded("maxheight", DEFAULT_HEIGHT)
    src = url_for("embed.public_riddle", slug=riddle.slug, _external=True)
    html = render_template(
        "embed/_iframe.html", src=src, title=riddle.title, width=width, height=height
    ).strip()
    return jsonify(
        version="1.0",
        type="rich",
        provider_name=current_app.config["SITE_NAME"],
        provider_url=url_for("pages.home", _external=True),
        title=riddle.title,
        html=html,
        width=width,
        height=height,
        cache_age=300,
    )
