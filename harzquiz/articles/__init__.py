"""Regional news articles, each with the riddle widget beside it."""
