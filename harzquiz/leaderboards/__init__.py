"""Leaderboard page and partial."""
