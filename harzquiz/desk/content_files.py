"""Desk routes for the content file: download everything, upload a file, see what it would
change, then write all of it or nothing (the same file and checks as the CLI commands,
harzquiz/desk/exchange.py).

The upload's preview carries the file's text in a hidden field and a digest of the changes
it showed; writing re-checks everything and refuses (showing the new preview) if the
changes are no longer the ones the editor saw (someone edited meanwhile).
"""

from __future__ import annotations

import hashlib
import json

from flask import Blueprint, Response, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from harzquiz import clock
from harzquiz.desk.audit_view import ACTION_LABELS, TARGET_LABELS, detail_text, label
from harzquiz.desk.exchange import (
    Change,
    Imported,
    dump_content,
    export_content,
    import_content,
    read_content,
)
from harzquiz.models import Role
from harzquiz.web.bodies import larger_body
from harzquiz.web.roles import requires

bp = Blueprint("exchange", __name__, url_prefix="/inhalte")

PAGE = "desk/exchange.html"


def _digest(changes: list[Change]) -> str:
    """A fingerprint of the changes a preview showed."""
    rows = [[c.action, c.target_type, c.label, c.detail] for c in changes]
    return hashlib.sha256(json.dumps(rows, ensure_ascii=False).encode()).hexdigest()


def _page(status: int = 200, **context):
    return render_template(
        PAGE,
        action_label=lambda key: label(ACTION_LABELS, key),
        target_label=lambda key: label(TARGET_LABELS, key),
        detail_text=detail_text,
        **context,
    ), status


def _text_of_upload() -> tuple[str | None, str | None]:
    """The uploaded file's text, or why there is none."""
    upload = request.files.get("datei")
    if upload is None or not upload.filename:
        return None, _("Bitte wähle eine Datei aus.")
    try:
        return upload.read().decode("utf-8"), None
    except UnicodeDecodeError:
        return None, _("Die Datei ist nicht in UTF-8 geschrieben.")


@bp.get("")
@requires(Role.EDITOR)
def index():
    """Download everything, or upload a file to import."""
    return _page()


@bp.get("/export.json")
@requires(Role.EDITOR)
def download():
    """Every riddle, hint, article, quiz and partner (without keys), as the CLI writes it."""
    day = clock.now().date().isoformat()
    return Response(
        dump_content(export_content()),
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="harzquiz-inhalte-{day}.json"'},
    )


def _imported(text: str, write) -> tuple[Imported | None, list[str]]:
    data, unreadable = read_content(text)
    if unreadable:
        return None, [unreadable]
    result = import_content(data, current_user, write=write)
    return result, result.problems


@bp.post("/vorschau")
@requires(Role.EDITOR)
@larger_body("CONTENT_FILE_MAX_BYTES")
def preview():
    """What an uploaded file would change (nothing is written), or every problem in it."""
    text, missing = _text_of_upload()
    if text is None:
        return _page(422, upload_error=missing)
    result, problems = _imported(text, write=False)
    if problems or result is None:
        return _page(422, problems=problems)
    return _page(result=result, content=text, digest=_digest(result.changes))


@bp.post("/schreiben")
@requires(Role.EDITOR)
@larger_body("CONTENT_FILE_MAX_BYTES")
def apply():
    """Write the previewed file: all of it, or nothing (then its problems, or the new
    preview when the changes are no longer the ones shown)."""
    text, seen = request.form.get("content", ""), request.form.get("digest", "")
    result, problems = _imported(text, write=lambda changes: _digest(changes) == seen)
    if problems or result is None:
        return _page(422, problems=problems)
    if not result.written:
        digest = _digest(result.changes)
        return _page(409, result=result, content=text, digest=digest, moved=True)
    flash(_("Import geschrieben: %(count)d Änderungen.", count=len(result.changes)), "success")
    return redirect(url_for(".index"), 303)
