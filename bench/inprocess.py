"""`python -m bench.inprocess`: CPU per request of one page, in process, for profiling.

The wrk benchmark (`python -m bench`) is the judge, but on a shared or noisy machine it
cannot resolve a 5 % change. This calls the app's WSGI callable directly with a
gunicorn-like environ, as returning players (a cookie each, one wrong guess on the current
riddle, like the benchmark's player rows), and reports CPU milliseconds per request
(`time.process_time`, so other processes on the machine matter much less), three rounds,
next to a bare Flask hello measured the same way. `--profile` samples it with py-spy when
installed (`pip install py-spy`): an unbiased picture, unlike a tracing profiler's.

It runs on a throw-away copy of the generated 100k-player SQLite data (made by
`python -m bench` first), so nothing it writes reaches the benchmark's data.

    python -m bench.inprocess /artikel/gen-artikel-1
    python -m bench.inprocess /rangliste --htmx --requests 2000
    python -m bench.inprocess /raetsel/gen-raetsel-12 --guess   # wrong guesses, htmx POST
"""

from __future__ import annotations

import argparse
import io
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.parse
from pathlib import Path

from .__main__ import BIG, RESULTS
from .servers import app_environment

RIDDLE = f"/raetsel/gen-raetsel-{BIG['riddles']}"
CSRF = re.compile(r'name="csrf_token" (?:type="hidden" )?value="([^"]+)"')


def _arguments() -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m bench.inprocess", description=__doc__)
    parser.add_argument("path", help="the page or partial to request, e.g. /rangliste")
    parser.add_argument("--htmx", action="store_true", help="send HX-Request: true")
    parser.add_argument("--players", type=int, default=100)
    parser.add_argument("--requests", type=int, default=1000, help="per round")
    parser.add_argument("--profile", action="store_true", help="sample with py-spy")
    parser.add_argument(
        "--guess",
        action="store_true",
        help="POST a new wrong guess to PATH/raten per request, as htmx does (PATH: a riddle)",
    )
    return parser.parse_args()


def _environ(path: str, cookie: str, htmx: bool) -> dict:
    environ = {
        "REQUEST_METHOD": "GET",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "QUERY_STRING": "",
        "SERVER_NAME": "127.0.0.1",
        "SERVER_PORT": "8000",
        "SERVER_PROTOCOL": "HTTP/1.1",
        "HTTP_HOST": "127.0.0.1:8000",
        "REMOTE_ADDR": "127.0.0.1",
        "wsgi.url_scheme": "http",
        "wsgi.input": io.BytesIO(b""),
        "wsgi.errors": sys.stderr,
        "wsgi.version": (1, 0),
        "wsgi.multithread": False,
        "wsgi.multiprocess": True,
        "wsgi.run_once": False,
    }
    if cookie:
        environ["HTTP_COOKIE"] = cookie
    if htmx:
        environ["HTTP_HX_REQUEST"] = "true"
    return environ


def _guess_environ(path: str, player: tuple[str, str]) -> dict:
    """A wrong guess as htmx posts it (the body is filled in per request: `_body`)."""
    cookie, token = player
    environ = _environ(path + "/raten", cookie, htmx=True)
    environ.update(
        REQUEST_METHOD="POST",
        CONTENT_TYPE="application/x-www-form-urlencoded",
        HTTP_HX_CURRENT_URL="http://127.0.0.1:8000" + path,
        guess_token=token,
    )
    return environ


def _body(environ: dict, i: int) -> dict:
    """The request's environ with its body: a new guess text each time for a POST."""
    if environ["REQUEST_METHOD"] != "POST":
        return dict(environ, **{"wsgi.input": io.BytesIO(b"")})
    body = urllib.parse.urlencode({"csrf_token": environ["guess_token"], "guess": f"Versuch {i}"})
    data = body.encode()
    return dict(environ, **{"wsgi.input": io.BytesIO(data), "CONTENT_LENGTH": str(len(data))})


def _cpu_ms(app, environs: list[dict], requests: int) -> list[float]:
    """CPU ms per request over three rounds (after a warm-up round)."""
    counter = iter(range(10**9))

    def start_response(status, headers, exc_info=None):
        if not status.startswith("200"):
            raise RuntimeError(f"{status} for {environs[0]['PATH_INFO']}")

    def one(i: int) -> None:
        environ = _body(environs[i % len(environs)], next(counter))
        body = app(environ, start_response)
        b"".join(body)
        getattr(body, "close", lambda: None)()

    for i in range(min(requests, 200)):
        one(i)
    rounds = []
    for _ in range(3):
        started = time.process_time()
        for i in range(requests):
            one(i)
        rounds.append((time.process_time() - started) / requests * 1000)
    return rounds


def _players(app, count: int) -> list[tuple[str, str]]:
    """`count` returning players: each opened the riddle and made one wrong guess.
    (cookie, CSRF token) each."""
    players = []
    for _ in range(count):
        client = app.test_client()
        token = CSRF.search(client.get(RIDDLE).get_data(as_text=True)).group(1)
        answer = client.post(
            RIDDLE + "/raten",
            data={"csrf_token": token, "guess": "Erster Versuch"},
            headers={"HX-Request": "true"},
        )
        if answer.status_code != 200:
            raise RuntimeError(f"first guess answered {answer.status_code}")
        players.append((f"session={client.get_cookie('session').value}", token))
    return players


def main() -> None:
    args = _arguments()
    label = "-".join(f"{value}{key[0]}" for key, value in BIG.items())
    data = RESULTS / "data" / f"harzquiz-{label}.sqlite"
    if not data.exists():
        sys.exit(f"{data} is missing: run `python -m bench` once to generate it")
    if args.profile and shutil.which("py-spy") is None:
        sys.exit("--profile needs py-spy (pip install py-spy)")
    if os.environ.get("BENCH_INPROCESS_DATA"):  # the profiled child: its parent made the copy
        _measure(args, Path(os.environ["BENCH_INPROCESS_DATA"]))
        return
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "data.sqlite"
        shutil.copy(data, copy)
        if args.profile:
            out = RESULTS / "inprocess-profile.txt"
            command = [sys.executable, "-m", "bench.inprocess", args.path]
            command += ["--players", str(args.players), "--requests", str(args.requests)]
            command += ["--htmx"] if args.htmx else []
            command += ["--guess"] if args.guess else []
            env = {**os.environ, "BENCH_INPROCESS_DATA": str(copy)}
            subprocess.run(
                ["py-spy", "record", "-r", "1000", "--format", "raw", "-o", str(out), "--"]
                + command,
                env=env,
                check=True,
            )
            print(f"py-spy samples (collapsed stacks): {out}")
            return
        _measure(args, copy)


def _measure(args: argparse.Namespace, copy: Path) -> None:
    # The benchmark's settings for the app (its key, no rate limits, no Redis).
    environment = app_environment(f"sqlite:///{copy}")
    for key in [k for k in os.environ if k.startswith("HARZQUIZ_") or k == "REDIS_URL"]:
        del os.environ[key]
    os.environ.update(environment)
    from harzquiz import create_app

    from .hello import app as hello

    app = create_app()
    players = _players(app, args.players)
    if args.guess:
        environs = [_guess_environ(args.path, player) for player in players]
    else:
        environs = [_environ(args.path, cookie, args.htmx) for cookie, _ in players]
    page = _cpu_ms(app, environs, args.requests)
    bare = _cpu_ms(hello, [_environ("/", "", False)], args.requests)
    what = f"{args.path} (wrong guesses)" if args.guess else args.path
    print(
        f"{what} as a returning player: CPU ms per request "
        f"{' / '.join(f'{r:.3f}' for r in page)} (median {statistics.median(page):.3f}); "
        f"bare Flask hello {statistics.median(bare):.3f}"
    )


if __name__ == "__main__":
    main()
