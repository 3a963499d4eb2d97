"""Issue 16's browser test: share, preview, mail opt-in and the prize draw, on a server of
their own (the editor turns the demo's riddle of the week into a prize riddle)."""
