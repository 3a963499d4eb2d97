"""Readers' side of the riddle announcements: the mail opt-in and one-click unsubscribe."""
