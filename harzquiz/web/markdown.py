"""Markdown to sanitised HTML: nh3 keeps formatting and drops scripts, frames and handlers.

The HTML depends on the text alone, so it is memoised by text: an article's body is
rendered once per process and version of its text (a changed text is a new key, so an
editor's save shows on the very next request with no invalidation).
"""

from __future__ import annotations

from functools import lru_cache

import markdown as markdown_lib
import nh3
from markupsafe import Markup

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "hr",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "ul",
}
ALLOWED_ATTRIBUTES = {"a": {"href", "title"}, "abbr": {"title"}}


def render_markdown(text: str | None) -> Markup:
    """Render Markdown and sanitise the result (safe to insert into a page)."""
    return _rendered(str(text or ""))


@lru_cache(maxsize=256)  # the article bodies and prize conditions a process shows
def _rendered(text: str) -> Markup:
    html = markdown_lib.markdown(text, extensions=["sane_lists"], output_format="html")
    clean = nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        url_schemes={"http", "https", "mailto"},
        link_rel="noopener noreferrer",
    )
    return Markup(clean)
