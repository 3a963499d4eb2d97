"""Desk routes for pictures ("Bilderrätsel"): one page per riddle with a form for the riddle
and one for each hint (multipart, CSRF, checked with Pillow in services/pictures.py)."""

from __future__ import annotations

from flask import Blueprint, abort, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user
from flask_wtf import FlaskForm
from flask_wtf.file import FileField
from wtforms import StringField
from wtforms.validators import Length

from harzquiz.extensions import db
from harzquiz.models import Riddle, Role
from harzquiz.rules.pictures import MAX_ALT, MAX_BYTES, MAX_CREDIT, PictureProblem
from harzquiz.services import pictures
from harzquiz.web.pictures import picture_view
from harzquiz.web.roles import requires

bp = Blueprint("pictures", __name__)

PAGE = "desk/pictures.html"
# Room for the form's other fields beside a picture at the size limit.
UPLOAD_BODY_LIMIT = MAX_BYTES + 256 * 1024

MESSAGES = {
    PictureProblem.MISSING: _l("Bitte wähle ein Bild aus."),
    PictureProblem.TOO_LARGE: _l("Das Bild ist zu groß: höchstens 10 MB."),
    PictureProblem.WRONG_EXTENSION: _l(
        "Nur Bilder im Format JPEG, PNG oder WebP (.jpg, .png, .webp)."
    ),
    PictureProblem.NOT_AN_IMAGE: _l("Diese Datei ist kein lesbares Bild."),
    PictureProblem.WRONG_FORMAT: _l("Nur Bilder im Format JPEG, PNG oder WebP."),
    PictureProblem.EXTENSION_MISMATCH: _l("Die Dateiendung passt nicht zum Bildformat."),
    PictureProblem.TOO_MANY_PIXELS: _l("Das Bild hat zu viele Pixel: höchstens 40 Megapixel."),
    PictureProblem.NO_ALT: _l("Bitte beschreibe das Bild (Alternativtext)."),
    PictureProblem.NO_CREDIT: _l("Bitte gib den Bildnachweis an."),
}
FIELD_OF = {PictureProblem.NO_ALT: "alt", PictureProblem.NO_CREDIT: "credit"}


class PictureForm(FlaskForm):
    """One carrier's upload (the page checks CSRF once for all, through CSRFProtect)."""

    picture = FileField(_l("Bild (JPEG, PNG oder WebP, höchstens 10 MB)"))
    alt = StringField(_l("Alternativtext (was zu sehen ist)"), validators=[Length(max=MAX_ALT)])
    credit = StringField(_l("Bildnachweis"), validators=[Length(max=MAX_CREDIT)])


@bp.url_value_preprocessor
def allow_uploads(endpoint: str | None, values: dict | None) -> None:
    """Uploads need more than the site's small request limit; only editors get it, and it
    is set before the CSRF check reads the form."""
    editor = current_user.is_authenticated and current_user.has_role(Role.EDITOR)
    if endpoint == "desk.pictures.upload" and editor:
        request.max_content_length = UPLOAD_BODY_LIMIT


def _targets(riddle: Riddle) -> list[tuple[str, str, dict | None]]:
    """(form prefix, heading, picture) for the riddle and each of its hints."""
    targets = [("raetsel", _("Bild zum Rätsel"), riddle.picture)]
    targets += [
        (f"tipp-{hint.position}", _("Bild zu Tipp %(n)s", n=hint.position), hint.picture)
        for hint in riddle.hints
    ]
    return targets


def _page(riddle: Riddle, failed: tuple[str, PictureForm] | None = None, status: int = 200):
    forms = []
    for prefix, heading, picture in _targets(riddle):
        if failed and failed[0] == prefix:
            form = failed[1]
        else:
            form = PictureForm(prefix=prefix, meta={"csrf": False}, formdata=None)
        forms.append((prefix, heading, picture_view(picture), form))
    return render_template(PAGE, riddle=riddle, forms=forms), status


@bp.get("/raetsel/<int:riddle_id>/bilder")
@requires(Role.EDITOR)
def riddle_pictures(riddle_id: int):
    """The riddle's and its hints' pictures, each with its upload form."""
    return _page(db.get_or_404(Riddle, riddle_id))


@bp.post("/raetsel/<int:riddle_id>/bilder")
@requires(Role.EDITOR)
def upload(riddle_id: int):
    """Check and attach one picture; a refusal names its reason beside the field."""
    riddle = db.get_or_404(Riddle, riddle_id)
    target = request.form.get("ziel", "")
    if target not in {prefix for prefix, _heading, _picture in _targets(riddle)}:
        abort(400)
    form = PictureForm(prefix=target, meta={"csrf": False})
    if not form.validate():
        return _page(riddle, (target, form), 422)
    upload = form.picture.data
    data = upload.read(MAX_BYTES + 1) if upload else b""
    problem = pictures.attach(
        riddle,
        target,
        (upload.filename or "") if upload else "",
        data,
        form.alt.data or "",
        form.credit.data or "",
        current_user,
    )
    if problem:
        getattr(form, FIELD_OF.get(problem, "picture")).errors = [MESSAGES[problem]]
        return _page(riddle, (target, form), 422)
    flash(_("Das Bild ist gespeichert."), "success")
    return redirect(url_for(".riddle_pictures", riddle_id=riddle.id) + f"#{target}", 303)


@bp.post("/raetsel/<int:riddle_id>/bilder/entfernen")
@requires(Role.EDITOR)
def remove(riddle_id: int):
    """Remove the riddle's or a hint's picture (its files are deleted)."""
    riddle = db.get_or_404(Riddle, riddle_id)
    if pictures.detach(riddle, request.form.get("ziel", ""), current_user):
        flash(_("Das Bild ist entfernt."), "success")
    else:
        flash(_("Hier war kein Bild."), "error")
    return redirect(url_for(".riddle_pictures", riddle_id=riddle.id), 303)
