"""Readers' riddle pages: the widget, guessing, hints, reveal, archive."""
