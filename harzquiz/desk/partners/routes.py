"""Partner management under /redaktion/partner (editors only; never framed)."""

from __future__ import annotations

from flask import Blueprint, current_app, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from harzquiz import clock
from harzquiz.desk.confirm import confirm_page
from harzquiz.desk.partners.forms import PartnerForm
from harzquiz.extensions import db
from harzquiz.models import Partner, Role
from harzquiz.services import embed_stats, quiz_play
from harzquiz.services.partners import name_taken, partner_list, regenerate_key, save_partner
from harzquiz.web.pagination import DESK_PAGE_SIZE, paginate
from harzquiz.web.roles import requires

bp = Blueprint("partners", __name__, url_prefix="/partner")


SNIPPET_HEIGHT = 560


@bp.get("/")
@requires(Role.EDITOR)
def index():
    """All partners, and what readers did in their embeds over the last 30 days."""
    page = paginate(partner_list(), DESK_PAGE_SIZE)
    return render_template(
        "partners/index.html",
        partners=page.items,
        pagination=page,
        rows=embed_stats.report(clock.now()),
    )


def _save(form: PartnerForm, partner: Partner | None):
    """Validate and store the form; None when it was refused (errors are on the form)."""
    if not form.validate_on_submit():
        return None
    if name_taken(form.name.data, partner.id if partner else None):
        form.name.errors.append(_("Diesen Namen trägt schon ein anderer Partner."))
        return None
    return save_partner(
        partner,
        current_user,
        name=form.name.data,
        enabled=form.enabled.data,
        origins=form.cleaned_origins,
        accent=form.accent.data.lower(),
        scheme="dark" if form.dark.data else "light",
    )


@bp.route("/neu", methods=["GET", "POST"])
@requires(Role.EDITOR)
def create():
    """A new partner; its embed key is generated."""
    form = PartnerForm()
    saved = _save(form, None)
    if saved is not None:
        flash(_("Partner „%(name)s“ angelegt.", name=saved.name), "success")
        return redirect(url_for(".edit", partner_id=saved.id), 303)
    status = 422 if form.errors else 200
    return render_template("partners/form.html", form=form, partner=None), status


@bp.route("/<int:partner_id>", methods=["GET", "POST"])
@requires(Role.EDITOR)
def edit(partner_id: int):
    """Edit a partner; shows the snippet to copy and the partner's daily analytics."""
    partner = db.get_or_404(Partner, partner_id)
    form = PartnerForm(obj=partner)
    if not form.is_submitted():
        form.origins.data = "\n".join(partner.origins or [])
        form.dark.data = partner.scheme == "dark"
    saved = _save(form, partner)
    if saved is not None:
        flash(_("Partner „%(name)s“ gespeichert.", name=saved.name), "success")
        return redirect(url_for(".edit", partner_id=partner.id), 303)
    status = 422 if form.errors else 200
    quizzes = quiz_play.public_quizzes(clock.now())
    picked = next((q for q in quizzes if q.slug == request.args.get("quiz")), None)
    return render_template(
        "partners/form.html",
        form=form,
        partner=partner,
        snippet=snippet_for(partner),
        quizzes=quizzes,
        picked=picked,
        quiz_snippet=quiz_snippet_for(partner, picked) if picked else None,
        rows=embed_stats.report(clock.now(), partner_id=partner.id),
    ), status


@bp.route("/<int:partner_id>/schluessel", methods=["GET", "POST"])
@requires(Role.EDITOR)
def regenerate(partner_id: int):
    """A new embed key, after a confirmation: the old snippet stops working at once."""
    partner = db.get_or_404(Partner, partner_id)
    if request.method == "GET":
        return confirm_page(
            _("Neuen Schlüssel erzeugen?"),
            _(
                "Der Einbettungscode von „%(name)s“ hört sofort auf zu funktionieren. "
                "Der Partner muss danach den neuen Code einsetzen.",
                name=partner.name,
            ),
            _("Neuen Schlüssel erzeugen"),
            url_for(".edit", partner_id=partner.id),
        )
    regenerate_key(partner, current_user)
    flash(_("Neuer Schlüssel erzeugt. Der Partner braucht den neuen Einbettungscode."), "success")
    return redirect(url_for(".edit", partner_id=partner.id), 303)


def public_url(endpoint: str, **values) -> str:
    """An absolute URL at the configured public address (HARZQUIZ_PUBLIC_URL, else
    SITE_URL), never at whatever host the editor happens to browse the desk on."""
    base = (
        current_app.config.get("PUBLIC_URL") or current_app.config.get("SITE_URL") or ""
    ).rstrip("/")
    if not base:
        return url_for(endpoint, **values, _external=True)
    return base + url_for(endpoint, **values)


def snippet_for(partner: Partner) -> str:
    """The HTML a partner pastes: the iframe (works alone) and the optional sizing loader."""
    src = public_url("embed.current", key=partner.embed_key)
    return _snippet(src, _("Rätsel der Woche – HarzQuiz"))


def quiz_snippet_for(partner: Partner, quiz) -> str:
    """The same snippet for one quiz, played inside the partner's frame."""
    src = public_url("embed.quiz_page", key=partner.embed_key, slug=quiz.slug)
    return _snippet(src, _("Quiz „%(title)s“ – HarzQuiz", title=quiz.title))


def _snippet(src: str, title: str) -> str:
    iframe = render_template(
        "embed/_iframe.html",
        css_class="harzquiz-embed",
        src=src,
        title=title,
        width="100%",
        height=SNIPPET_HEIGHT,
    ).strip()
    loader = public_url("static", filename="js/embed.js")
    return f'{iframe}\n<script src="{loader}" async></script>'
