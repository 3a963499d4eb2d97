"""Partials of htmx answers kept per state: a wrong guess or a wrong quiz answer renders
only what is its own.

A wrong guess answers with its feedback and the play area (out of band); a wrong quiz answer
with the answer's feedback. Most such answers repeat HTML another player got a moment ago:
the play area of a playing reader at the same value and hints, the feedback on the same
wrong answer to the same question. Rendering them was the largest part of those requests.

A template registered with `keep_part_by_state` names, per render, the state its HTML
depends on (or None: render it); templates include it with `kept_part("name.html", ...)`,
a Jinja global that otherwise works like an include with `values` added to the context,
and a view's whole htmx answer is kept when web.htmx.render answers with a registered
template (`render_answer`: a kept answer runs no context processor either).
The HTML is kept per process under the content stamp (caching.stamps: riddles, hints,
quizzes) and PAGE_CACHE_SECONDS like kept content (caching.content), with the CSRF token
cut out like a shell's (caching.shells.TOKEN_HOLE). So there is still one copy of every
piece of markup, and with SHELL_SELF_CHECK (the test suite) every kept HTML served is
compared with a full render: a state function that misses an input fails a test.

Nothing is kept inside partner embeds (their URLs carry the reader's session token).
"""

from __future__ import annotations

from collections.abc import Callable, Hashable, Mapping
from typing import Any

from flask import current_app, g
from flask_babel import get_locale
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from harzquiz.caching import stamps
from harzquiz.caching.shells import TOKEN_HOLE, render_page, same_as_full_render
from harzquiz.caching.store import VersionedCache, named_cache

# template -> a function of (the include's context, its values) giving everything the
# template's HTML depends on except the CSRF token, or None when it cannot say.
PartState = Callable[[Mapping[str, Any], Mapping[str, Any]], Hashable | None]
_STATES: dict[str, PartState] = {}


def keep_part_by_state(template: str, state_of: PartState) -> None:
    """Keep the HTML of `template`, included with `kept_part`, per state `state_of` names."""
    _STATES[template] = state_of


def _render(template: str, context: Mapping[str, Any]) -> str:
    return current_app.jinja_env.get_template(template).render(context)


def kept_html(
    template: str,
    context: Mapping[str, Any],
    values: Mapping[str, Any],
    render: Callable[[], str] | None = None,
) -> str:
    """`template` rendered with `context` (by `render`, when given), or the HTML kept for
    its state."""
    rendered = render or (lambda: _render(template, context))
    state_of = _STATES.get(template)
    state = state_of(context, values) if state_of is not None else None
    seconds = current_app.config["PAGE_CACHE_SECONDS"]
    if state is None or seconds <= 0 or g.get("url_surface"):
        return rendered()
    version = stamps.current_version(stamps.CONTENT)
    key = (template, state)
    kept = _kept_parts().recall(version, key)
    if isinstance(kept, str):  # MISSING: none kept
        html = kept.replace(TOKEN_HOLE, generate_csrf()) if TOKEN_HOLE in kept else kept
        if current_app.config["SHELL_SELF_CHECK"]:
            same_as_full_render(html, rendered(), f"{template}: kept part")
        return html
    html = rendered()
    _kept_parts().keep(version, key, html.replace(generate_csrf(), TOKEN_HOLE), seconds)
    return html


def render_answer(template: str, context: dict[str, Any]) -> str:
    """A whole htmx answer: kept per state when `template` is registered, so a kept one
    runs no context processor and no template at all; else as render_page renders it.
    The state function gets the view's context and the reader's language (current_locale)."""
    if template not in _STATES:
        return render_page(template, **context)
    state_context = {"current_locale": get_locale().language, **context}
    return kept_html(template, state_context, {}, lambda: render_page(template, **context))


@pass_context
def kept_part(context: Context, template: str, **values: Any) -> Markup:
    """Include `template` with the current context and `values` (kept per state)."""
    return Markup(kept_html(template, {**context.get_all(), **values}, values))


def _kept_parts() -> VersionedCache:
    """This app's kept parts (per app: the HTML depends on its config)."""
    return named_cache(current_app.extensions, "harzquiz.kept_parts", 2000)
