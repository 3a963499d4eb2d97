"""How long a board takes to compute from the database (the cache's miss path)."""

from __future__ import annotations

import os
import statistics
import time


def cold_board_ms(database_url: str, repeats: int = 5) -> dict:
    """Median milliseconds to compute each period's top list, bypassing the cache."""
    os.environ.update(
        DATABASE_URL=database_url, SECRET_KEY="benchmark-only-secret-not-for-production-use"
    )
    from harzquiz import clock, create_app
    from harzquiz.services.leaderboard import Period, period_key, top_rows

    app = create_app()
    result = {}
    with app.app_context():
        now = clock.now()
        for period in Period:
            key = period_key(period, now)
            top_rows(key, 10)  # connection and statement warm-up
            times = []
            for _ in range(repeats):
                started = time.perf_counter()
                top_rows(key, 10)
                times.append((time.perf_counter() - started) * 1000)
            result[period.value] = round(statistics.median(times), 2)
    return result
