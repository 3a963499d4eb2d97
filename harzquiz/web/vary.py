"""Adding a name to a response's Vary header, cheaply."""

from __future__ import annotations

from werkzeug.wrappers import Response


def add_vary(response: Response, name: str) -> None:
    """`response.vary.add(name)` without building a HeaderSet: the same names as werkzeug
    keeps for plain ones like "Cookie" or "HX-Request" (appended once, case-insensitively),
    for about half the cost (`response.vary` parses the header into a HeaderSet on every
    access and writes it back through a callback; every page adds two names)."""
    headers = response.headers
    current = headers.get("Vary")
    if not current:
        headers["Vary"] = name
    elif name.lower() not in {part.strip().lower() for part in current.split(",")}:
        headers["Vary"] = f"{current}, {name}"
