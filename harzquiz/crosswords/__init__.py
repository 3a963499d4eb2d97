"""The weekly crossword for readers: the play page and its actions (issue 17)."""
