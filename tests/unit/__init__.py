"""Fast unit tests for pure code (no app, no database)."""
