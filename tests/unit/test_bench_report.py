"""The benchmark's report copes with a partial run (--only) and counts every embed asset."""

from __future__ import annotations

from bench.report import _markdown, targets
from bench.weight import assets

RUN = {
    "connections": 16,
    "rps": 100.0,
    "p50_ms": 5.0,
    "p99_ms": 9.0,
    "baseline_rps": 1000.0,
    "baseline_p99_ms": 2.0,
    "ratio": 0.1,
    "errors": 0,
}


def weight(path: str, gzip_bytes: int) -> dict:
    return {
        "path": path,
        "items": {"html": {"bytes": 9, "gzip_bytes": gzip_bytes}},
        "total_bytes": 9,
        "total_gzip_bytes": gzip_bytes,
    }


def results(runs: dict, **extra) -> dict:
    return {
        "date": "2026-11-25T18:00:00+00:00",
        "machine": {"cpus": 2, "platform": "Linux", "python": "3.12"},
        "settings": {
            "gunicorn_workers": 2,
            "worker_class": "sync",
            "wrk_threads": 2,
            "connections": 16,
            "seconds": 2,
            "database": "sqlite",
        },
        "data": {"big": {}, "small": {}},
        "runs": runs,
        **extra,
    }


def test_a_partial_run_reports_only_what_it_measured():
    partial = results(
        {"quiz_answer": RUN, "embed": RUN},
        page_weight={
            "embed": weight("/embed/k/", 31_000),
            "embed_quiz": weight("/embed/k/quiz/q", 29_000),
        },
    )
    rows = targets(partial)
    # Issue 14 gave the quiz answer a target (>= 0.15), so it is judged, not informational.
    assert [(row["target"].split(":")[0], row["met"]) for row in rows] == [
        ("wrong quiz answer (htmx POST)", False),
        ("riddle embed page weight, gzip HTML + CSS + JS (bytes)", False),
        ("quiz embed page weight, gzip HTML + CSS + JS (bytes)", True),
        ("embed page (GET, first-time reader)", None),
    ]
    partial["targets"] = rows
    text = _markdown(partial)
    assert "| quiz_answer (16 conn) |" in text and "n/a" in text
    assert "Leaderboard computed without the cache" not in text
    assert "Page weight of /embed/k/: 31000 bytes gzip" in text


def test_page_weight_counts_stylesheets_and_scripts_in_any_attribute_order():
    page = """<link rel="icon" href="/static/img/favicon.svg">
    <link rel="stylesheet" href="/static/css/embed.css?v=1">
    <link href="/embed/k/theme.css" rel="stylesheet">
    <script src="/static/vendor/htmx.min.js?v=2&amp;x=1" defer></script>
    <script defer src="/static/js/embed-frame.js"></script>"""
    assert assets(page) == [
        "/static/css/embed.css?v=1",
        "/embed/k/theme.css",
        "/static/vendor/htmx.min.js?v=2&x=1",
        "/static/js/embed-frame.js",
    ]


def test_a_row_of_several_pairs_shows_every_pairs_ratio():
    """--pairs N: the row is the median pair, and the report lists all N ratios."""
    paired = {**RUN, "ratio": 0.21, "pair_ratios": [0.25, 0.19, 0.21]}
    report = results({"player_riddle": paired, "guess": RUN})
    report["targets"] = targets(report)
    text = _markdown(report)
    assert "| 0.210 (pairs: 0.250, 0.190, 0.210) |" in text
    assert "| guess (16 conn) | 100 | 5.00 | 9.00 | 1000 (2.0) | 0.100 | 0 |" in text
