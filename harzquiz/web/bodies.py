"""Larger request bodies for the few views that take files (MAX_CONTENT_LENGTH is small).

A view marked with `larger_body("CONFIG_KEY")` may receive up to that many bytes (body and
form fields). The hook runs before Flask-WTF's CSRF check, which is the first to read the
body (see the hook order in harzquiz/app.py); every other view keeps MAX_CONTENT_LENGTH.
"""

from __future__ import annotations

from flask import current_app, request


def larger_body(config_key: str):
    """Mark a view as taking bodies of up to `config_key` bytes."""

    def mark(view):
        view.max_body_config = config_key
        return view

    return mark


def body_limit(view) -> int:
    """The body limit a view gets (its marker's setting, else MAX_CONTENT_LENGTH)."""
    key = getattr(view, "max_body_config", None)
    return current_app.config[key or "MAX_CONTENT_LENGTH"]


def allow_larger_bodies() -> None:
    """before_request: raise this request's body limits if its view is marked."""
    view = current_app.view_functions.get(request.endpoint or "")
    if getattr(view, "max_body_config", None):
        limit = body_limit(view)
        request.max_content_length = limit
        request.max_form_memory_size = limit
