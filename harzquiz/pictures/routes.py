"""Serve stored pictures: only names of the stored form, with headers that keep them inert."""

from __future__ import annotations

from flask import Blueprint, abort, make_response

from harzquiz.rules.pictures import FILE_NAME
from harzquiz.services.picture_store import picture_store
from harzquiz.web.sessions import leave_session_unsaved

bp = Blueprint("pictures", __name__)

MIMETYPES = {"jpg": "image/jpeg", "png": "image/png"}


@bp.get("/bilder/<name>")
def picture(name: str):
    """A picture file by its random name; anything else is 404."""
    match = FILE_NAME.fullmatch(name)
    data = picture_store().load(name) if match else None
    if match is None or data is None:
        abort(404)
    response = make_response(data)
    response.mimetype = MIMETYPES[match["ext"]]
    # A key's files never change (a new picture gets a new key): cache them for a year.
    response.headers["Cache-Control"] = "public, max-age=31536000, immutable"
    response.headers["Content-Security-Policy"] = "default-src 'none'; sandbox"
    response.headers["Content-Disposition"] = f'inline; filename="bild.{match["ext"]}"'
    leave_session_unsaved()  # publicly cacheable: never a session cookie on it
    return response
