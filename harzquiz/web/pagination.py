"""Long lists in pages: the archive, the audit log and every desk list.

The page number rides in the query string (``?seite=2``; page 1 has none). Anything that
is not a page of the list answers 404, never 500: ``?seite=abc``, ``0``, ``-1``, a number
far beyond the last page. One partial renders the navigation: ``templates/_pagination.html``.
"""

from __future__ import annotations

from typing import Any

import sqlalchemy as sa
from flask import abort, request, url_for
from flask_sqlalchemy.pagination import Pagination
from sqlalchemy import Select

from harzquiz.extensions import db

PAGE_ARG = "seite"
MAX_PAGE = 100_000  # beyond any real list: refused before a query is made
DESK_PAGE_SIZE = 50  # the desk's lists (riddles, articles, quizzes, partners)


def page_number() -> int:
    """The requested page (1 without ``?seite``); 404 for anything but a page number."""
    raw = request.args.get(PAGE_ARG)
    if raw is None:
        return 1
    if not (raw.isascii() and raw.isdecimal() and len(raw) <= 6):
        abort(404)
    page = int(raw)
    if not 1 <= page <= MAX_PAGE:
        abort(404)
    return page


def paginate(select: Select, per_page: int) -> Pagination:
    """One page of `select`'s entities (``db.paginate``: the page, then a count); 404 past
    the last page (an empty list has its page 1)."""
    page = db.paginate(
        select, page=page_number(), per_page=per_page, max_per_page=per_page, error_out=False
    )
    return _within(page)


class _RowsPagination(Pagination):
    """A page of whole rows in one statement: each row carries the total as a window count.

    For lists whose rows join their counts (the desk's riddles), so the page stays one
    query. Subclassing is how Flask-SQLAlchemy's Pagination is meant to be extended."""

    def _query_items(self) -> list:
        select = self._query_args["select"].add_columns(sa.func.count().over())
        rows = db.session.execute(select.limit(self.per_page).offset(self._query_offset)).all()
        self._total = rows[0][-1] if rows else 0  # no rows: an empty list, or past its end
        return [tuple(row)[:-1] for row in rows]

    def _query_count(self) -> int:
        return self._total


def paginate_rows(select: Select, per_page: int) -> Pagination:
    """One page of `select`'s rows (tuples), with the total, in one statement; 404 past the
    last page."""
    page = _RowsPagination(
        page=page_number(),
        per_page=per_page,
        max_per_page=per_page,
        error_out=False,
        select=select,
    )
    return _within(page)


def _within(page: Pagination) -> Pagination:
    if page.page > max(page.pages, 1):
        abort(404)
    return page


def page_url(number: int) -> str:
    """This view's URL at page `number` (page 1 without the parameter: one URL per page)."""
    args: dict[str, Any] = {key: value for key, value in request.args.items() if key != PAGE_ARG}
    if number > 1:
        args[PAGE_ARG] = number
    return url_for(request.endpoint or "", **(request.view_args or {}), **args)
