"""What the page layout's own parts (templates/base.html) depend on, for keeping them per
state rather than rendering them per reader (caching.shells.share_part_by_state).

The header's desk item and account links, and the notices above the page, are the same
for every reader in the same state: a guest on the same page, an account with the same
nickname. Each function names every input of its template except the CSRF token, or says
None (render it) for the rare readers whose part is their own: a flash or a rename notice.
"""

from __future__ import annotations

from collections.abc import Hashable, Mapping
from typing import Any

from flask import get_flashed_messages
from flask_login import current_user

from harzquiz.players.notices import rename_notice


def desk_nav_item_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable:
    """_desk_nav_item.html: an editor's desk link, or nothing."""
    editor = bool(current_user.is_authenticated and current_user.has_role("editor"))
    return (editor, context.get("current_locale"))


def account_links_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable:
    """_account_links.html: an account's profile and logout (its nickname in the button), or
    a guest's login and register links back to this page (`next`)."""
    if current_user.is_authenticated:
        return ("account", current_user.nickname, context.get("current_locale"))
    return ("guest", context.get("current_path"), context.get("current_locale"))


def notices_state(context: Mapping[str, Any], values: Mapping[str, Any]) -> Hashable | None:
    """_notices.html: nothing to say for most readers; a flash or a rename notice is rendered.

    Both are the ones the template would show: Flask keeps the flashes it took from the
    session for the rest of the request, and rename_notice() answers the same twice."""
    if get_flashed_messages() or rename_notice() is not None:
        return None
    return "no notices"
