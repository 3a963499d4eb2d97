"""The riddle widget's view model: only what the view decided this player may see."""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from flask import g

from harzquiz.models import Player, Riddle
from harzquiz.services.state import PlayerState, load_state
from harzquiz.web.pictures import PictureView, picture_view


@dataclass(frozen=True)
class HintView:
    """A hint as the player sees it: its text only once unlocked (or when play is over)."""

    position: int
    cost: int
    text: str | None
    picture: PictureView | None = None  # like the text: only once unlocked


@dataclass(frozen=True)
class RiddleWidget:
    """Everything the widget templates render; the solution is None until it may be shown."""

    slug: str
    title: str
    question: str
    points: int
    publish_at: datetime | None
    closes_at: datetime | None
    state: PlayerState
    hints: list[HintView]
    solution: str | None
    explanation: str | None
    picture: PictureView | None = None  # part of the question: always shown

    @property
    def next_hint(self) -> HintView | None:
        """The next hint this player could unlock, if they are still playing."""
        if not self.state.playing:
            return None
        return next((h for h in self.hints if h.text is None), None)


def build_widget(
    riddle: Riddle, player: Player | None, now: datetime, state: PlayerState | None = None
) -> RiddleWidget:
    """Decide what this player may see of the riddle right now (`state`: already read)."""
    if state is None:
        state = load_state(riddle, player, now)
    show_all_hints = state.solution_visible
    shown = [show_all_hints or hint.position in state.unlocked_positions for hint in riddle.hints]
    hints = [
        HintView(
            position=hint.position,
            cost=hint.cost,
            text=hint.text if visible_hint else None,
            picture=picture_view(hint.picture) if visible_hint else None,
        )
        for hint, visible_hint in zip(riddle.hints, shown, strict=True)
    ]
    visible = state.solution_visible
    return RiddleWidget(
        slug=riddle.slug,
        title=riddle.title,
        question=riddle.question,
        points=riddle.points,
        publish_at=riddle.publish_at,
        closes_at=riddle.closes_at,
        state=state,
        hints=hints,
        solution=riddle.solution if visible else None,
        explanation=riddle.explanation if visible else None,
        picture=picture_view(riddle.picture),
    )


# What the play area's HTML depends on while a player is still playing with nothing of
# their own on top (no feedback, no focus, no confirmation step): every such player of the
# riddle at the same value and hints sees the same play area (caching.shells).
_PLAY_EXTRAS = ("feedback", "focus", "confirming", "oob", "next_url", "embedded")


def play_area_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """The state a playing reader's play area is rendered from, or None (render it)."""
    widget = context.get("widget")
    if not isinstance(widget, RiddleWidget) or any(context.get(k) for k in _PLAY_EXTRAS):
        return None
    state = widget.state
    if not state.playing or widget.solution is not None or g.get("url_surface"):
        return None
    return (*_playing(widget), context.get("current_path"), context.get("current_locale"))


def _playing(widget: RiddleWidget) -> tuple:
    """What a playing reader's play area shows of their play: value, hints, status."""
    state = widget.state
    return (widget.slug, widget.points, state.status, state.value, state.unlocked_positions)


def play_response_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """The state the play area of an htmx answer (templates/riddles/_play_response.html) is
    rendered from, or None (render it): like `play_area_state`, and the focus, out-of-band
    swap and what the feedback changes in the form (a refused guess marks the field
    invalid; a near miss stays in it, so it is rendered). Every player of the live riddle
    whose guess was wrong at the same value and hints gets the same HTML (web/kept_parts.py).
    """
    widget = context.get("widget")
    if not isinstance(widget, RiddleWidget) or context.get("confirming") or context.get("next_url"):
        return None
    state = widget.state
    here = context.get("current_path")
    if not state.playing or widget.solution is not None or len(here or "") > MAX_KEPT_PATH:
        return None  # a long posted `next` is no key to keep HTML under
    feedback = context.get("feedback")
    refused = False
    if feedback and feedback.get("slug") == widget.slug:
        if feedback.get("verdict") == "close":
            return None  # the guess itself is in the form
        refused = feedback.get("verdict") == "error"
    return (
        *_playing(widget),
        refused,
        context.get("focus"),
        bool(context.get("oob")),
        here,
        context.get("current_locale"),
    )


MAX_KEPT_PATH = 300


def feedback_slot_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """The widget's feedback slot is empty for every reader without feedback waiting (most
    returning players); feedback is one reader's own (rendered)."""
    return None if context.get("feedback") else "no feedback"
