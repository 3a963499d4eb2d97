"""The editor desk under /redaktion: riddles, articles and (for admins) the audit log."""

from flask import Blueprint

bp = Blueprint("desk", __name__, url_prefix="/redaktion")

from . import articles, riddles  # noqa: E402,F401  (routes register on bp)
