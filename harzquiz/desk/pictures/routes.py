"""Desk routes for pictures ("Bilderrätsel"): one page per riddle, article or quiz, with a
form for each thing that can carry a picture (the riddle and each hint, the article, each
quiz question); multipart, CSRF, checked with Pillow in services/pictures.py."""

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
from harzquiz.models import Article, Quiz, Riddle, Role
from harzquiz.rules.pictures import MAX_ALT, MAX_BYTES, MAX_CREDIT, PictureProblem
from harzquiz.services import pictures
from harzquiz.web.pictures import picture_view
from harzquiz.web.roles import requires

bp = Blueprint("pictures", __name__)

PAGE = "desk/pictures.html"
OWNERS = {"raetsel": Riddle, "artikel": Article, "quizze": Quiz}
EDIT_PAGES = {
    "raetsel": ("desk.riddles.edit_riddle", "riddle_id"),
    "artikel": ("desk.articles.edit_article", "article_id"),
    "quizze": ("desk.quizzes.edit", "quiz_id"),
}
BASE = "/<any(raetsel, artikel, quizze):kind>/<int:owner_id>/bilder"
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


def _heading(prefix: str) -> str:
    kind, _sep, number = prefix.partition("-")
    if kind == "tipp":
        return _("Bild zu Tipp %(n)s", n=number)
    if kind == "frage":
        return _("Bild zu Frage %(n)s", n=number)
    return _("Bild zum Artikel") if kind == "artikel" else _("Bild zum Rätsel")


def _owner(kind: str, owner_id: int):
    return db.get_or_404(OWNERS[kind], owner_id)


def _page(kind: str, owner, failed: tuple[str, PictureForm] | None = None, status: int = 200):
    forms = []
    for prefix, carrier in pictures.carriers(owner):
        if failed and failed[0] == prefix:
            form = failed[1]
        else:
            form = PictureForm(prefix=prefix, meta={"csrf": False}, formdata=None)
        forms.append((prefix, _heading(prefix), picture_view(carrier.picture), form))
    endpoint, argument = EDIT_PAGES[kind]
    back = url_for(endpoint, **{argument: owner.id})
    return render_template(PAGE, kind=kind, owner=owner, forms=forms, back=back), status


@bp.get(BASE)
@requires(Role.EDITOR)
def pictures_page(kind: str, owner_id: int):
    """The pictures of a riddle (and its hints), an article or a quiz's questions."""
    return _page(kind, _owner(kind, owner_id))


@bp.post(BASE)
@requires(Role.EDITOR)
def upload(kind: str, owner_id: int):
    """Check and attach one picture; a refusal names its reason beside the field."""
    owner = _owner(kind, owner_id)
    target = request.form.get("ziel", "")
    if target not in dict(pictures.carriers(owner)):
        abort(400)
    form = PictureForm(prefix=target, meta={"csrf": False})
    if not form.validate():
        return _page(kind, owner, (target, form), 422)
    upload = form.picture.data
    data = upload.read(MAX_BYTES + 1) if upload else b""
    problem = pictures.attach(
        owner,
        target,
        (upload.filename or "") if upload else "",
        data,
        form.alt.data or "",
        form.credit.data or "",
        current_user,
    )
    if problem:
        getattr(form, FIELD_OF.get(problem, "picture")).errors = [MESSAGES[problem]]
        return _page(kind, owner, (target, form), 422)
    flash(_("Das Bild ist gespeichert."), "success")
    target_url = url_for(".pictures_page", kind=kind, owner_id=owner.id)
    return redirect(f"{target_url}#{target}", 303)


@bp.post(f"{BASE}/entfernen")
@requires(Role.EDITOR)
def remove(kind: str, owner_id: int):
    """Remove one picture (its files are deleted)."""
    owner = _owner(kind, owner_id)
    if pictures.detach(owner, request.form.get("ziel", ""), current_user):
        flash(_("Das Bild ist entfernt."), "success")
    else:
        flash(_("Hier war kein Bild."), "error")
    return redirect(url_for(".pictures_page", kind=kind, owner_id=owner.id), 303)
