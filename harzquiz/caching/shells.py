"""Page shells: a player's page is the shared page with only their own parts rendered in.

A returning player's page differs from every other reader's in a few places only: the
account links in the header, notices and flashes, the riddle's feedback and play area,
their quiz card, their own row on the board, their prize box. Templates mark those places
with `own_part("template.html", name=value, ...)` (a Jinja global). Everything else is the
same for every reader of the page, so it is rendered once and kept as a *shell*: the page
cut at its own parts, with the CSRF token cut out like a shared page's
(caching.pages.TOKEN_HOLE). The next reader of the page gets the shell with their own parts
rendered into it: the same partial templates with the view's context, so there is one copy
of every piece of markup, and a page assembled from a shell is byte for byte the page the
view would render in full (tests/web/test_page_shells.py compares the two for every kind
of reader).

Shells are kept per process under the same key and the same stamps as shared pages
(caching.pages: host, path, htmx-ness, language; the points and content stamps, the next
publish or close moment and PAGE_CACHE_SECONDS), and only for the views wrapped in
`shared_page`, on the main site (never in partner embeds).

The rule for templates: whatever depends on the reader (the session, the player, the
account, feedback, flashes) is inside an own part, and an own part's values are the same
for every reader of the page (a slug, a board row's player id), never the reader's own.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Hashable, Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from flask import current_app, g, render_template
from flask_wtf.csrf import generate_csrf
from jinja2 import pass_context
from jinja2.runtime import Context
from markupsafe import Markup

from harzquiz import clock
from harzquiz.caching.store import VersionedCache, named_cache

TOKEN_HOLE = "\x00csrf-token\x00"  # cannot occur in rendered HTML (caching.pages serves it)
_OPEN = "\x00own-part:"  # + the part's number + "\x00"; cannot occur in rendered HTML
_CLOSE = "\x00/own-part\x00"
_MARKED = re.compile("\x00own-part:(\\d+)\x00(.*?)\x00/own-part\x00", re.DOTALL)


@dataclass(frozen=True)
class Part:
    """One own part of a page: its template and the page-level values it is rendered with."""

    template: str
    values: tuple[tuple[str, Any], ...]


@dataclass(frozen=True)
class Shell:
    """A page cut at its own parts: len(parts) + 1 pieces of shared HTML around them."""

    template: str  # the page's template: a shell serves only the render it was cut from
    valid_until: datetime | None
    pieces: tuple[str, ...]
    parts: tuple[Part, ...]

    def fill(self, context: Mapping[str, Any], version: str) -> str:
        """The page for the current reader: their own parts rendered into the shell."""
        token = generate_csrf()
        out = [self.pieces[0]]
        for part, piece in zip(self.parts, self.pieces[1:], strict=True):
            out.append(_own_html(part, context, version, token))
            out.append(piece)
        return "".join(out).replace(TOKEN_HOLE, token)


# Own parts that many readers share: template -> a function of (context, values) giving
# everything the part's HTML depends on, or None when it cannot say (then it is rendered).
SharedStates = Callable[[Mapping[str, Any], Mapping[str, Any]], Hashable | None]
_SHARED_STATES: dict[str, SharedStates] = {}


def share_part_by_state(template: str, state_of: SharedStates) -> None:
    """Keep the HTML of own part `template` per state `state_of` names, not per reader: most
    players of the live riddle are in one of a few states (no hint, one hint, ...). The HTML
    is kept with the CSRF token cut out, under the shell's stamps; `state_of` must name
    every input of the template except the token (the self-check compares with a full
    render, so a missing input fails a test that has two readers differing only in it)."""
    _SHARED_STATES[template] = state_of


def _own_html(part: Part, context: Mapping[str, Any], version: str, token: str) -> str:
    values = dict(part.values)
    state_of = _SHARED_STATES.get(part.template)
    state = state_of(context, values) if state_of else None
    if state is None:
        return _render_part(part.template, context, values)
    key = (part.template, part.values, state)
    kept = _shared_parts().peek(version, key)
    if isinstance(kept, str):
        return kept
    html = _render_part(part.template, context, values).replace(token, TOKEN_HOLE)
    _shared_parts().put(version, key, html)
    return html


def _shared_parts() -> VersionedCache:
    return named_cache(current_app.extensions, "harzquiz.shared_parts", 2000)


@dataclass
class _Recorder:
    """While a page renders in full: the view's context and the own parts met so far."""

    context: dict[str, Any]
    parts: list[Part] = field(default_factory=list)
    inside: bool = False  # an own part inside an own part is simply part of the outer one


def _render_part(template: str, context: Mapping[str, Any], values: dict[str, Any]) -> str:
    return current_app.jinja_env.get_template(template).render({**context, **values})


@pass_context
def own_part(context: Context, template: str, **values: Any) -> Markup:
    """Render `template` here as a part of the page that belongs to the current reader.

    Outside a page being recorded (htmx partials, embeds, mail) it is a plain include with
    the template's context and `values`. While a shell is recorded it renders from the
    view's context and `values` only, exactly as `Shell.fill` will, and marks the spot.
    """
    recorder: _Recorder | None = g.get("shell_recorder")
    if recorder is None or recorder.inside:
        return Markup(_render_part(template, context.get_all(), values))
    recorder.inside = True
    try:
        html = _render_part(template, recorder.context, values)
    finally:
        recorder.inside = False
    recorder.parts.append(Part(template, tuple(sorted(values.items()))))
    return Markup(f"{_OPEN}{len(recorder.parts) - 1}\x00{html}{_CLOSE}")


def _shells() -> VersionedCache:
    """This app's shells (per app: pages depend on its config)."""
    return named_cache(current_app.extensions, "harzquiz.shells", 500)


@dataclass(frozen=True)
class Slot:
    """Where the page of this request is kept: set by caching.pages.shared_page."""

    version: str
    key: tuple
    seconds: float  # PAGE_CACHE_SECONDS
    valid_until: Callable[[], datetime | None]  # the next publish or close moment


def offer_slot(slot: Slot) -> None:
    """Let this request's page be served from (or kept as) a shell (the view's first
    render_page takes it; withdraw_slot after the view, so an error page never does)."""
    g.shell_slot = slot


def withdraw_slot() -> None:
    """The view is over: an error handler's page (a 404 the view raised) is no shell."""
    g.pop("shell_slot", None)


def render_page(template: str, **context: Any) -> str:
    """render_template, from a kept shell when this request may use one (see the module)."""
    slot: Slot | None = g.pop("shell_slot", None)
    if slot is None:
        return render_template(template, **context)
    current_app.update_template_context(context)
    shell = _shells().recall(slot.version, slot.key)
    if (
        isinstance(shell, Shell)  # MISSING: none kept
        and shell.template == template
        and (shell.valid_until is None or clock.now() < shell.valid_until)
    ):
        page = shell.fill(context, slot.version)
        if current_app.config["SHELL_SELF_CHECK"]:
            _check_against_full_render(page, template, context)
        return page
    recorder = _Recorder(context=dict(context))
    g.shell_recorder = recorder
    try:
        marked = render_template(template, **context)
    finally:
        g.pop("shell_recorder", None)
    shell = _cut(marked, template, recorder, slot)
    _shells().keep(slot.version, slot.key, shell, slot.seconds)
    return _MARKED.sub(lambda match: match.group(2), marked)


class ShellMismatch(AssertionError):
    """A page from a shell differs from the same page rendered in full (SHELL_SELF_CHECK)."""


def _check_against_full_render(page: str, template: str, context: dict[str, Any]) -> None:
    g.pop("autofocus_claimed", None)  # the first form field of the page claims it again
    same_as_full_render(page, render_template(template, **context), f"{template}: shell")


def same_as_full_render(kept: str, full: str, what: str) -> None:
    """Raise ShellMismatch, showing where, if kept HTML differs from its full render."""
    if kept != full:
        pairs = enumerate(zip(kept, full, strict=False))
        at = next((i for i, (a, b) in pairs if a != b), min(len(kept), len(full)))
        raise ShellMismatch(
            f"{what} differs at {at}:\n{kept[max(at - 200, 0) : at + 200]!r}\n"
            f"full render:\n{full[max(at - 200, 0) : at + 200]!r}"
        )


def _cut(marked: str, template: str, recorder: _Recorder, slot: Slot) -> Shell:
    """The shell of a page rendered with marks: its shared pieces, token cut out."""
    split = _MARKED.split(marked)  # piece, number, part, piece, number, part, ..., piece
    token = generate_csrf()
    return Shell(
        template=template,
        valid_until=slot.valid_until(),
        pieces=tuple(piece.replace(token, TOKEN_HOLE) for piece in split[::3]),
        # by the numbers in the marks: a part rendered but not output has no mark
        parts=tuple(recorder.parts[int(number)] for number in split[1::3]),
    )
