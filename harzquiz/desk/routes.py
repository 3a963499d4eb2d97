"""The parent blueprint of the editor desk: role check and framing once, for every area.

The areas (riddles, articles, audit, quizzes, partners, crosswords, pictures, the content
file, insights, moderation) are blueprints nested in this one (at the end of this module), so their
endpoints read `desk.<area>.<view>` and their URLs start with /redaktion. A view states the
role it needs with `requires(...)`; this hook enforces it (editor when a view states none),
before the view runs.
"""

from __future__ import annotations

from flask import Blueprint, current_app, request

from harzquiz.models import Role
from harzquiz.web.roles import refuse_unless

bp = Blueprint("desk", __name__, url_prefix="/redaktion")


@bp.before_request
def check_role():
    """Guests go to log in, readers get 403, editors pass (admins also to admin views)."""
    view = current_app.view_functions.get(request.endpoint or "")
    return refuse_unless(getattr(view, "required_role", Role.EDITOR))


# The areas, nested once at import (a blueprint takes no new children after registering).
from harzquiz.desk import (  # noqa: E402
    articles,
    audit,
    content_files,
    insights,
    moderation,
    prizes,
    riddle_flow,
    riddles,
)
from harzquiz.desk.crosswords import routes as crosswords  # noqa: E402
from harzquiz.desk.partners import routes as partners  # noqa: E402
from harzquiz.desk.pictures import routes as pictures  # noqa: E402
from harzquiz.desk.quizzes import routes as quizzes  # noqa: E402

for _area in (
    riddles,
    riddle_flow,
    articles,
    audit,
    quizzes,
    partners,
    crosswords,
    pictures,
    content_files,
    insights,
    moderation,
    prizes,
):
    bp.register_blueprint(_area.bp)
