"""`python -m bench`: seed, serve, load, compare with the bare-Flask baseline, report.

Every ratio is against the baseline measured in the same run, right before that endpoint
under the same connections, because the machine is shared and absolute numbers drift.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import time
from pathlib import Path

from .coldboard import cold_board_ms
from .load import THREADS, ensure_wrk, run_wrk
from .quiz_sessions import write_quiz_sessions
from .report import write_reports
from .rush import Solver
from .seed import seeded
from .servers import ROOT, WORKERS, app_environment, gunicorn
from .sessions import write_sessions
from .weight import page_weight

RESULTS = ROOT / "bench" / "results"
# quizzes and partners are part of the file names: data from before they existed is made anew
BIG = {
    "players": 100_000,
    "guesses": 1_000_000,
    "riddles": 200,
    "articles": 50,
    "quizzes": 3,
    "partners": 1,
}
SMALL = {"players": 100, "guesses": 1_000, "riddles": 200, "articles": 50}
HTMX = {"HX-Request": "true"}
# What browsers send (every current one takes brotli): the compressed rows and page weight.
COMPRESSED = {"Accept-Encoding": "gzip, br"}
QUIZ = "/quiz/gen-quiz-1"  # on gen-artikel-1
EMBED = "/embed/gen-partner-key-1/"  # the generated partner's current-riddle embed
EMBED_QUIZ = f"/embed/gen-partner-key-1{QUIZ}"  # the same partner's embed of the quiz
# What --only may name: the runs on the big data, the one on the small data, cold boards.
BIG_RUNS = (
    "riddle",
    "riddle_compressed",
    "article",
    "leaderboard",
    "player_riddle",
    "player_article",
    "player_leaderboard",
    "embed",
    "guess",
    "quiz_answer",
    "riddle_burst",
    "rush",
)
RUSH_RATES = (0, 5, 20)  # fresh guests solving the live riddle per second
SMALL_RUNS = ("leaderboard_small",)
RUN_NAMES = (*BIG_RUNS, *SMALL_RUNS, "cold_boards")


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
    parser.add_argument(
        "--sessions",
        type=int,
        default=200,
        help="players posting guesses (and, as many again, quiz answers)",
    )
    parser.add_argument(
        "--pairs",
        type=int,
        default=1,
        help="hello/endpoint pairs per row; the median pair is reported (noisy machines)",
    )
    parser.add_argument("--only", help="comma-separated runs, of: " + ", ".join(RUN_NAMES))
    args = parser.parse_args()
    args.only = _selected(parser, args.only)
    if "quiz_answer" in args.only and args.sessions <= args.connections:
        # Each wrk thread must have more players than connections, or a player's next answer
        # could be sent before the previous one is stored (and be refused).
        parser.error("quiz_answer needs --sessions above --connections")
    return args


def _selected(parser: argparse.ArgumentParser, only: str | None) -> tuple[str, ...]:
    """The runs to do: all, or those --only names (checked)."""
    if not only:
        return RUN_NAMES
    names = tuple(name.strip() for name in only.split(",") if name.strip())
    unknown = [name for name in names if name not in RUN_NAMES]
    if unknown or not names:
        parser.error(
            f"--only: unknown run {', '.join(unknown) or '(none)'}; "
            f"choose from {', '.join(RUN_NAMES)}"
        )
    return names


PAIRS = [1]  # --pairs: how many hello/endpoint pairs each paired row runs (main sets it)


def _paired(name: str, url: str, hello: str, fresh_load=None, **load) -> dict:
    """Load `url`, right after the baseline under the same load: the ratio of the pair.

    With --pairs N, N such pairs in a row; the row reports the pair with the median ratio
    (and every pair's ratio): a burst of load from outside the machine in one pair, which
    this virtual machine's steal time shows, then moves the row by one place, not 2x.
    `fresh_load()`, when given, makes the endpoint's load arguments anew for each pair
    (scripts whose players move on with every request need fresh players)."""
    pairs = []
    for _ in range(PAIRS[0]):
        extra = fresh_load() if fresh_load else {}  # before the baseline: it stays right before
        baseline = run_wrk(
            f"  hello, {load.get('connections', 16)} conn",
            hello + "/",
            **{k: v for k, v in load.items() if k in ("seconds", "connections")},
        )
        run = run_wrk(name, url, **load, **extra)
        pairs.append(
            {
                **run.as_dict(),
                "baseline_rps": baseline.rps,
                "baseline_p99_ms": baseline.p99_ms,
                "ratio": round(run.rps / baseline.rps, 3),
            }
        )
    ranked = sorted(pairs, key=lambda pair: pair["ratio"])
    chosen = ranked[(len(ranked) - 1) // 2]
    if len(pairs) > 1:
        chosen = {**chosen, "pair_ratios": [pair["ratio"] for pair in pairs]}
    return chosen


def _quiz_answers(base: str, hello: str, args, load: dict) -> dict:
    """Wrong quiz answers (htmx POST) by prepared players; the warm-up has players of its own
    (fresh ones for every pair: a player's place in the quiz lives in the script)."""

    def fresh_players() -> dict:
        scripts = []
        for name in ("quiz-warmup", "quiz"):
            questions, sessions = write_quiz_sessions(base, QUIZ, args.sessions, RESULTS, name)
            threads = min(THREADS, load["connections"])
            scripts.append(
                [
                    str(ROOT / "bench" / "quiz.lua"),
                    QUIZ,
                    str(questions),
                    str(sessions),
                    str(threads),
                ]
            )
        return {"script": scripts[1], "warmup_script": scripts[0]}

    return _paired("quiz answer (POST)", base + QUIZ, hello, fresh_load=fresh_players, **load)


def _player_sessions(base: str, riddle: str, args) -> Path:
    """Returning players (one wrong guess each): their cookies for the player rows."""
    target = RESULTS / "player-sessions.tsv"
    if not getattr(args, "_players_written", False):
        write_sessions(base, riddle, min(args.sessions, 100), target)
        args._players_written = True
    return target


def _player_runs(base: str, hello: str, riddle: str, article: str, args, load: dict) -> dict:
    """The pages as a returning player sees them: a session cookie, never the shared cache."""
    runs = {}
    pages = {
        "player_riddle": ("riddle page, player", riddle, "0"),
        "player_article": ("article page, player", article, "0"),
        "player_leaderboard": ("leaderboard partial, player", "/rangliste", "1"),
    }
    for key, (name, path, htmx) in pages.items():
        if key in args.only:
            sessions = _player_sessions(base, riddle, args)
            script = [str(ROOT / "bench" / "player.lua"), str(sessions), htmx]
            runs[key] = _paired(name, base + path, hello, script=script, **load)
    return runs


def _rush(base: str, hello: str, riddle: str, answer: str, args, load: dict) -> dict:
    """Page loads while fresh guests solve the live riddle at each rate in RUSH_RATES."""
    sessions = _player_sessions(base, riddle, args)
    pages = {
        "leaderboard": ("leaderboard partial", "/rangliste", None, {"headers": HTMX}),
        "player_riddle": (
            "riddle page, player",
            riddle,
            [str(ROOT / "bench" / "player.lua"), str(sessions), "0"],
            {},
        ),
    }
    rows = {}
    for key, (name, path, script, extra) in pages.items():
        for rate in RUSH_RATES:
            baseline = run_wrk(f"  hello, {load['connections']} conn", hello + "/", **load)
            with Solver(base, riddle, answer, rate) as solver:
                started = time.monotonic()
                run = run_wrk(
                    f"{name}, {rate} solves/s", base + path, script=script, **extra, **load
                )
                elapsed = time.monotonic() - started
            rows[f"rush_{key}_{rate}"] = {
                **run.as_dict(),
                "baseline_rps": baseline.rps,
                "baseline_p99_ms": baseline.p99_ms,
                "ratio": round(run.rps / baseline.rps, 3),
                "solves_per_second": round(solver.solved / elapsed, 1),
                "solve_failures": solver.failed,
            }
    return rows


def _app_runs(base: str, hello: str, size: dict, args) -> dict:
    """Load the selected endpoints of the app at `base` (the generated data's current riddle)."""
    riddle = f"/raetsel/gen-raetsel-{size['riddles']}"
    article = "/artikel/gen-artikel-1"  # carries the current riddle
    load = {"seconds": args.seconds, "connections": args.connections}
    pages = {
        "riddle": ("riddle page", riddle, {}),
        # the same page as a browser asks for it: brotli (web.compression), so the pair of
        # rows is the CPU cost of compressing it
        "riddle_compressed": ("riddle page, compressed", riddle, {"headers": COMPRESSED}),
        "article": ("article page", article, {}),
        "leaderboard": ("leaderboard partial", "/rangliste", {"headers": HTMX}),
        # a first-time reader: embeds are never served from the shared page cache
        "embed": ("embed page", EMBED, {}),
    }
    runs = {}
    for key, (name, path, extra) in pages.items():
        if key in args.only:
            runs[key] = _paired(name, base + path, hello, **extra, **load)
    runs.update(_player_runs(base, hello, riddle, article, args, load))
    if "guess" in args.only:
        sessions = write_sessions(base, riddle, args.sessions, RESULTS / "guess-sessions.tsv")
        script = [str(ROOT / "bench" / "guess.lua"), riddle + "/raten", str(sessions)]
        runs["guess"] = _paired("wrong guess (POST)", base + riddle, hello, script=script, **load)
    if "quiz_answer" in args.only:
        runs["quiz_answer"] = _quiz_answers(base, hello, args, load)
    if "riddle_burst" in args.only:
        runs["riddle_burst"] = _paired(
            f"riddle page, {args.burst_connections} conn",
            base + riddle,
            hello,
            seconds=args.seconds,
            connections=args.burst_connections,
        )
    if "rush" in args.only:  # last: its solves change the data the other runs read
        answer = f"Loesungswort{size['riddles']}"
        runs.update(_rush(base, hello, riddle, answer, args, load))
    return runs


def main() -> None:
    args = _arguments()
    PAIRS[0] = max(1, args.pairs)
    ensure_wrk()
    RESULTS.mkdir(parents=True, exist_ok=True)
    log = RESULTS / "servers.log"
    big = {**BIG, "players": args.players, "guesses": args.guesses}
    small_needed = bool({*SMALL_RUNS, "cold_boards"} & set(args.only))
    print("Seeding databases", flush=True)
    big_url = seeded(big, RESULTS / "data", args.database_url, args.reseed)
    small_url = (
        seeded(SMALL, RESULTS / "data", args.small_database_url, args.reseed)
        if small_needed
        else None
    )
    load = {"seconds": args.seconds, "connections": args.connections}
    baseline_env = {k: v for k, v in os.environ.items() if not k.startswith("HARZQUIZ_")}

    # The baseline runs right before each endpoint, so both see the same load from others.
    runs, weight, cold = {}, {}, {}
    with gunicorn("bench.hello:app", baseline_env, log) as hello:
        if set(BIG_RUNS) & set(args.only):
            print(f"HarzQuiz on {big['players']} players, {big['guesses']} guesses", flush=True)
            with gunicorn("harzquiz:create_app()", app_environment(big_url), log) as base:
                runs = _app_runs(base, hello, big, args)
                weight = {
                    "riddle": page_weight(base, f"/raetsel/gen-raetsel-{big['riddles']}"),
                    "embed": page_weight(base, EMBED),
                    "embed_quiz": page_weight(base, EMBED_QUIZ),
                }  # each also as sent to a browser (bench.weight.ACCEPT)
        if "leaderboard_small" in args.only:
            print(f"HarzQuiz on {SMALL['players']} players", flush=True)
            with gunicorn("harzquiz:create_app()", app_environment(small_url), log) as base:
                runs["leaderboard_small"] = _paired(
                    "leaderboard partial (100 pl.)",
                    base + "/rangliste",
                    hello,
                    headers=HTMX,
                    **load,
                )
    if "cold_boards" in args.only:
        print("Cold leaderboards (computed without the cache)", flush=True)
        cold = {"big": cold_board_ms(big_url), "small": cold_board_ms(small_url)}

    results = {
        "date": dt.datetime.now(dt.UTC).isoformat(timespec="seconds"),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
        },
        "settings": {
            "gunicorn_workers": WORKERS,
            "worker_class": "sync",
            "wrk_threads": THREADS,
            **load,
            "burst_connections": args.burst_connections,
            "pairs": PAIRS[0],
            "database": "postgresql" if args.database_url else "sqlite",
            "only": list(args.only) if args.only != RUN_NAMES else None,
        },
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
