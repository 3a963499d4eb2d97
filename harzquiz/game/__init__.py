"""Game logic with no request objects: pure rules (answers, scoring, lifecycle) and the
queries and transactions behind them (state, play, leaderboard, catalog, players)."""
