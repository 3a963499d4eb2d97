"""Desk routes for articles (list, create/edit) and the admins' audit log."""

from __future__ import annotations

import sqlalchemy as sa
from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask_babel import gettext as _
from flask_login import current_user

from harzquiz.desk.forms import ArticleForm
from harzquiz.extensions import db
from harzquiz.models import Article, Riddle, Role
from harzquiz.rules.berlin import berlin_to_utc, utc_to_berlin
from harzquiz.services import editing
from harzquiz.web.htmx import render, wants_partial
from harzquiz.web.pagination import DESK_PAGE_SIZE, paginate
from harzquiz.web.roles import requires

ARTICLE_TEXT_FIELDS = (
    "title",
    "slug",
    "kicker",
    "teaser",
    "body_markdown",
    "author_name",
    "author_bio",
)

bp = Blueprint("articles", __name__)
ARTICLE_COUNTS = ("sources_count", "social_comments_count", "forum_posts_count")


def _article_form(article: Article | None) -> ArticleForm:
    """The form, from the request on POST, else from the stored article."""
    if request.method == "POST":
        form = ArticleForm()
    elif article is None:
        form = ArticleForm(formdata=None)
    else:
        data = {name: getattr(article, name) for name in ARTICLE_TEXT_FIELDS + ARTICLE_COUNTS}
        data["riddle_id"] = article.riddle_id or 0
        data["published_at"] = utc_to_berlin(article.published_at)
        data["version"] = str(article.version)
        form = ArticleForm(formdata=None, data=data)
    riddles = db.session.scalars(sa.select(Riddle).order_by(Riddle.title)).all()
    form.riddle_id.choices = [(0, _("– keines –"))] + [(r.id, r.title) for r in riddles]
    return form


def article_values(form: ArticleForm) -> dict:
    """The validated form as column values (text stripped, time in UTC)."""
    values = {name: (getattr(form, name).data or "").strip() for name in ARTICLE_TEXT_FIELDS}
    values.update({name: getattr(form, name).data for name in ARTICLE_COUNTS})
    values["riddle_id"] = form.riddle_id.data or None
    values["published_at"] = berlin_to_utc(form.published_at.data)
    return values


def _handle_form(article: Article | None):
    """GET shows the form; POST validates and saves (errors inline, 422)."""
    form = _article_form(article)
    status, conflict = 200, False
    if (
        request.method == "POST"
        and article is not None
        and form.version.data != str(article.version)
    ):
        status, conflict = 409, True  # someone else saved meanwhile: keep their version
    elif request.method == "POST":
        valid = form.validate()
        own_id = article.id if article else None
        if editing.slug_taken(Article, (form.slug.data or "").strip(), own_id):
            form.slug.errors.append(_("Diesen Kurznamen hat schon ein anderer Artikel."))
            valid = False
        saved = editing.save_article(article, article_values(form), current_user) if valid else None
        if saved is not None:
            flash(_("Artikel gespeichert."), "success")
            target = url_for(".edit_article", article_id=saved.id)
            if wants_partial():
                return "", 200, {"HX-Redirect": target}
            return redirect(target, 303)
        status, conflict = (422, False) if not valid else (409, True)
    return render(
        "desk/article_form.html",
        "desk/_article_form.html",
        status,
        form=form,
        article=article,
        conflict=conflict,
    )


@bp.get("/artikel")
@requires(Role.EDITOR)
def articles():
    """Every article, newest first."""
    page = paginate(
        sa.select(Article).order_by(
            Article.published_at.is_(None).desc(), Article.published_at.desc(), Article.id.desc()
        ),
        DESK_PAGE_SIZE,
    )
    return render_template("desk/articles.html", articles=page.items, pagination=page)


@bp.route("/artikel/neu", methods=["GET", "POST"])
@requires(Role.EDITOR)
def new_article():
    """Write a new article."""
    return _handle_form(None)


@bp.route("/artikel/<int:article_id>", methods=["GET", "POST"])
@requires(Role.EDITOR)
def edit_article(article_id: int):
    """Change an article."""
    return _handle_form(db.get_or_404(Article, article_id))


@bp.get("/artikel/<int:article_id>/vorschau")
@requires(Role.EDITOR)
def preview_article(article_id: int):
    """The stored article through the readers' own template (also before publishing)."""
    article = db.get_or_404(Article, article_id)
    return render_template("desk/article_preview.html", article=article, widget=None)
