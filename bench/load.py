"""Running wrk and reading its numbers (requests/s, latency percentiles, errors)."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
from dataclasses import asdict, dataclass

UNITS = {"us": 0.001, "ms": 1.0, "s": 1000.0, "m": 60_000.0}
RATE = re.compile(r"Requests/sec:\s+([\d.]+)")
PERCENTILE = re.compile(r"^\s+(50|75|90|99)%\s+([\d.]+)(us|ms|s|m)\s*$", re.M)
NON_2XX = re.compile(r"Non-2xx or 3xx responses:\s+(\d+)")
SOCKET_ERRORS = re.compile(r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")
TOTAL = re.compile(r"(\d+) requests in")
THREADS = 2  # wrk threads (fewer when there are fewer connections)


@dataclass
class Load:
    """What one wrk run measured."""

    name: str
    url: str
    connections: int
    seconds: int
    requests: int
    rps: float
    p50_ms: float
    p99_ms: float
    errors: int

    def as_dict(self) -> dict:
        return asdict(self)


def ensure_wrk() -> str:
    """The wrk binary; installed from Debian's package when missing and running as root."""
    found = shutil.which("wrk")
    if found:
        return found
    if os.geteuid() == 0:
        env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
        subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=False, env=env)
        if subprocess.run(["which", "wrk"], capture_output=True).returncode != 0:
            subprocess.run(["apt-get", "update", "-q"], check=True, env=env)
            subprocess.run(["apt-get", "install", "-y", "-q", "wrk"], check=True, env=env)
        found = shutil.which("wrk")
    if not found:
        raise SystemExit("wrk is missing: install the Debian package `wrk` (apt-get install wrk)")
    return found


def parse(name: str, url: str, connections: int, seconds: int, output: str) -> Load:
    """Pull the numbers out of `wrk --latency` output."""
    rate = RATE.search(output)
    if rate is None:
        raise RuntimeError(f"wrk printed no rate for {name}:\n{output}")
    percentiles = {p: float(v) * UNITS[u] for p, v, u in PERCENTILE.findall(output)}
    errors = sum(int(n) for n in NON_2XX.findall(output))
    socket = SOCKET_ERRORS.search(output)
    if socket:
        errors += sum(int(n) for n in socket.groups())
    total = TOTAL.search(output)
    return Load(
        name=name,
        url=url,
        connections=connections,
        seconds=seconds,
        requests=int(total.group(1)) if total else 0,
        rps=float(rate.group(1)),
        p50_ms=percentiles.get("50", 0.0),
        p99_ms=percentiles.get("99", 0.0),
        errors=errors,
    )


def _script_args(script: list[str] | None) -> tuple[list[str], list[str]]:
    """wrk's options and trailing arguments for a Lua script and its arguments."""
    return (["-s", script[0]], ["--", *script[1:]]) if script else ([], [])


def run_wrk(
    name: str,
    url: str,
    *,
    connections: int = 16,
    seconds: int = 8,
    threads: int = THREADS,
    headers: dict | None = None,
    script: list[str] | None = None,
    warmup_script: list[str] | None = None,
    warmup: int = 2,
) -> Load:
    """Warm up briefly, then load `url` for `seconds` and return the measurement.

    `warmup_script` replaces `script` for the warm-up (for scripts whose players move on
    with every request, so the measured run starts from prepared players of its own).
    """
    wrk = ensure_wrk()
    args = [f"-t{min(threads, connections)}", f"-c{connections}", "--latency", "--timeout", "10s"]
    for key, value in (headers or {}).items():
        args += ["-H", f"{key}: {value}"]
    if warmup:
        option, tail = _script_args(warmup_script or script)
        subprocess.run(
            [wrk, *args, *option, f"-d{warmup}s", url, *tail], capture_output=True, check=True
        )
    option, tail = _script_args(script)
    done = subprocess.run(
        [wrk, *args, *option, f"-d{seconds}s", url, *tail],
        capture_output=True,
        text=True,
        check=True,
    )
    load = parse(name, url, connections, seconds, done.stdout)
    print(
        f"  {name:<28} {load.rps:9.1f} req/s  p50 {load.p50_ms:7.2f} ms  "
        f"p99 {load.p99_ms:7.2f} ms  errors {load.errors}",
        flush=True,
    )
    return load
