"""`python -m bench`: seed, serve, load, compare with the bare-Flask baseline, report.

Every ratio is against the baseline measured in the same run, right before that endpoint
under the same connections, because the machine is shared and absolute numbers drift.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform

from .coldboard import cold_board_ms
from .load import ensure_wrk, run_wrk
from .report import write_reports
from .seed import seeded
from .servers import ROOT, WORKERS, app_environment, gunicorn
from .sessions import write_sessions
from .weight import page_weight

RESULTS = ROOT / "bench" / "results"
BIG = {"players": 100_000, "guesses": 1_000_000, "riddles": 200, "articles": 50}
SMALL = {"players": 100, "guesses": 1_000, "riddles": 200, "articles": 50}
HTMX = {"HX-Request": "true"}


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench", description=__doc__)
    parser.add_argument("--seconds", type=int, default=8, help="length of each wrk run")
    parser.add_argument("--connections", type=int, default=16)
    parser.add_argument("--burst-connections", type=int, default=100)
    parser.add_argument("--players", type=int, default=BIG["players"])
    parser.add_argument("--guesses", type=int, default=BIG["guesses"])
    parser.add_argument("--database-url", help="PostgreSQL URL for the big data (emptied!)")
    parser.add_argument("--small-database-url", help="PostgreSQL URL for the 100-player data")
    parser.add_argument("--reseed", action="store_true", help="regenerate the SQLite files")
    parser.add_argument("--sessions", type=int, default=200, help="players posting guesses")
    return parser.parse_args()


def _paired(name: str, url: str, hello: str, **load) -> dict:
    """Load `url`, right after the baseline under the same load: the ratio of the pair."""
    baseline = run_wrk(f"  hello, {load.get('connections', 16)} conn", hello + "/", **{
        k: v for k, v in load.items() if k in ("seconds", "connections")
    })
    run = run_wrk(name, url, **load)
    return {**run.as_dict(), "baseline_rps": baseline.rps, "baseline_p99_ms": baseline.p99_ms,
            "ratio": round(run.rps / baseline.rps, 3)}


def _app_runs(base: str, hello: str, size: dict, args) -> dict:
    """Load every endpoint of the app at `base` (the generated data's current riddle)."""
    riddle = f"/raetsel/gen-raetsel-{size['riddles']}"
    article = "/artikel/gen-artikel-1"  # carries the current riddle
    load = {"seconds": args.seconds, "connections": args.connections}
    runs = {
        "riddle": _paired("riddle page", base + riddle, hello, **load),
        "article": _paired("article page", base + article, hello, **load),
        "leaderboard": _paired(
            "leaderboard partial", base + "/rangliste", hello, headers=HTMX, **load
        ),
    }
    sessions = write_sessions(base, riddle, args.sessions, RESULTS / "guess-sessions.tsv")
    script = [str(ROOT / "bench" / "guess.lua"), riddle + "/raten", str(sessions)]
    runs["guess"] = _paired("wrong guess (POST)", base + riddle, hello, script=script, **load)
    runs["riddle_burst"] = _paired(
        f"riddle page, {args.burst_connections} conn", base + riddle, hello,
        seconds=args.seconds, connections=args.burst_connections,
    )
    return runs


def main() -> None:
    args = _arguments()
    ensure_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = RESULTS / "servers.log"
    big = {**BIG, "players": args.players, "guesses": args.guesses}
    print("Seeding databases", flush=True)
    big_url = seeded(big, RESULTS / "data", args.database_url, args.reseed)
    small_url = seeded(SMALL, RESULTS / "data", args.small_database_url, args.reseed)
    load = {"seconds": args.seconds, "connections": args.connections}
    baseline_env = {k: v for k, v in os.environ.items() if not k.startswith("HARZQUIZ_")}

    # The baseline runs right before each endpoint, so both see the same load from others.
    with gunicorn("bench.hello:app", baseline_env, log) as hello:
        print(f"HarzQuiz on {big['players']} players, {big['guesses']} guesses", flush=True)
        with gunicorn("harzquiz:create_app()", app_environment(big_url), log) as base:
            runs = _app_runs(base, hello, big, args)
            weight = page_weight(base, f"/raetsel/gen-raetsel-{big['riddles']}")
        print(f"HarzQuiz on {SMALL['players']} players", flush=True)
        with gunicorn("harzquiz:create_app()", app_environment(small_url), log) as base:
            runs["leaderboard_small"] = _paired(
                "leaderboard partial (100 pl.)", base + "/rangliste", hello, headers=HTMX, **load
            )
    print("Cold leaderboards (computed without the cache)", flush=True)
    cold = {"big": cold_board_ms(big_url), "small": cold_board_ms(small_url)}

    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {"cpus": os.cpu_count(), "platform": platform.platform(),
                    "python": platform.python_version()},
        "settings": {"gunicorn_workers": WORKERS, "worker_class": "sync", "wrk_threads": 2,
                     **load, "burst_connections": args.burst_connections,
                     "database": "postgresql" if args.database_url else "sqlite"},
        "data": {"big": big, "small": SMALL},
        "runs": runs,
        "cold_board_ms": cold,
        "page_weight": weight,
    }
    json_path, md_path = write_reports(results, RESULTS)
    print(md_path.read_text(encoding="utf-8"))
    print(f"Reports: {json_path.relative_to(ROOT)}, {md_path.relative_to(ROOT)}")


if __name__ == "__main__":
    main()
