"""The desk's confirmation step: a page whose one button POSTs to the URL it was opened on.

Every public or destructive desk action (close early, publish now, delete, a new partner
key) answers GET with this page and acts only on the POST, so it works without JavaScript.
"""

from __future__ import annotations

from flask import render_template


def confirm_page(title: str, message: str, button: str, back: str, status: int = 200):
    """The confirmation page (title, what will happen, the button's label, where Cancel goes)."""
    return render_template(
        "desk/confirm.html", title=title, message=message, button=button, back=back
    ), status
