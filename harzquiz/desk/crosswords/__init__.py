"""The crossword desk (desk.crosswords.*): build, check, schedule and preview crosswords."""
