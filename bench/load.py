"""Load generators: wrk (Debian's package) when present, else a Python thread pool.

Both are bounded in time, talk to 127.0.0.1 only, and report requests per second and the 50th and
99th latency percentiles. Any answer other than 2xx/3xx, or any socket error, is counted.
"""

from __future__ import annotations

import http.client
import re
import shutil
import statistics
import subprocess
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass

from .procs import HOST

UNITS = {"us": 1e-3, "ms": 1.0, "s": 1e3, "m": 60e3, "h": 3600e3}


@dataclass
class LoadResult:
    path: str
    tool: str
    rps: float
    p50_ms: float | None
    p99_ms: float | None
    requests: int
    errors: int  # non-2xx/3xx answers and socket errors
    seconds: float
    alone_p50_ms: float | None = None  # one request at a time: serving time without queueing
    cpu_ms: float | None = None  # server CPU time per request (robust to a busy machine)
    note: str = ""

    def summary(self) -> str:
        errors = f", {self.errors} erreurs" if self.errors else ""
        cpu = f", CPU serveur {self.cpu_ms:.2f} ms/requête" if self.cpu_ms is not None else ""
        return (
            f"{self.rps:,.0f} req/s, p50 {self.p50_ms:.1f} ms, p99 {self.p99_ms:.1f} ms "
            f"({self.requests} requêtes en {self.seconds:.1f} s, {self.tool}{errors}{cpu})"
        )


def wrk_available() -> bool:
    return shutil.which("wrk") is not None


def measure(
    port: int, path: str, *, seconds: float, connections: int, headers: dict | None = None
) -> LoadResult:
    """`headers`: sent with each request besides Host (pretalx answers a request without
    `Accept: text/html` with a text table)."""
    if wrk_available():
        return run_wrk(port, path, seconds=seconds, connections=connections, headers=headers)
    return run_python(port, path, seconds=seconds, connections=connections, headers=headers)


def _milliseconds(text: str) -> float:
    match = re.fullmatch(r"([\d.]+)(us|ms|s|m|h)", text.strip())
    if not match:
        raise ValueError(f"wrk: durée illisible {text!r}")
    return float(match[1]) * UNITS[match[2]]


def parse_wrk(output: str, path: str) -> LoadResult:
    def number(pattern: str, default: str | None = None) -> str:
        match = re.search(pattern, output, re.M)
        if match:
            return match[1]
        if default is None:
            raise ValueError(f"wrk: {pattern!r} absent de la sortie :\n{output}")
        return default

    socket_errors = re.search(
        r"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)", output
    )
    errors = int(number(r"Non-2xx or 3xx responses: (\d+)", "0"))
    if socket_errors:
        errors += sum(int(group) for group in socket_errors.groups())
    requests, seconds = re.search(r"(\d+) requests in ([\d.]+\w+)", output).groups()
    return LoadResult(
        path=path,
        tool="wrk",
        rps=float(number(r"^Requests/sec:\s+([\d.]+)")),
        p50_ms=_milliseconds(number(r"^\s+50%\s+(\S+)")),
        p99_ms=_milliseconds(number(r"^\s+99%\s+(\S+)")),
        requests=int(requests),
        errors=errors,
        seconds=_milliseconds(seconds) / 1000,
    )


def run_wrk(
    port: int, path: str, *, seconds: float, connections: int, headers: dict | None = None
) -> LoadResult:
    threads = max(1, min(2, connections))
    command = [
        "wrk", f"-t{threads}", f"-c{connections}", f"-d{seconds:.0f}s", "--timeout", "30s",
        "--latency", f"http://{HOST}:{port}{path}",
    ]  # fmt: skip
    for name, value in (headers or {}).items():
        command[1:1] = ["-H", f"{name}: {value}"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=seconds + 60)
    if done.returncode != 0:
        raise RuntimeError(f"wrk a échoué ({done.returncode}) : {done.stderr or done.stdout}")
    return parse_wrk(done.stdout, path)


def sequential_p50(port: int, path: str, *, count: int = 20, seconds: float = 5.0) -> float:
    """Median latency of requests sent one at a time (the time to serve one page, no queueing):
    at most `count` requests, and no more once `seconds` have passed."""
    deadline = time.monotonic() + seconds
    latencies = []
    while len(latencies) < count and (not latencies or time.monotonic() < deadline):
        conn = http.client.HTTPConnection(HOST, port, timeout=60)
        began = time.perf_counter()
        try:
            conn.request("GET", path, headers={"Host": HOST})
            conn.getresponse().read()
        finally:
            conn.close()
        latencies.append((time.perf_counter() - began) * 1000)
    return statistics.median(latencies)


def run_python(
    port: int, path: str, *, seconds: float, connections: int, headers: dict | None = None
) -> LoadResult:
    """`connections` threads, each sending GETs one after another until the time is up."""
    deadline = time.monotonic() + seconds
    sent = {"Host": HOST, **(headers or {})}
    latencies: list[float] = []
    errors = 0
    lock = threading.Lock()

    def worker() -> None:
        nonlocal errors
        conn: http.client.HTTPConnection | None = None
        mine: list[float] = []
        failed = 0
        while time.monotonic() < deadline:
            began = time.perf_counter()
            try:
                conn = conn or http.client.HTTPConnection(HOST, port, timeout=30)
                conn.request("GET", path, headers=sent)
                response = conn.getresponse()
                response.read()
                if response.status >= 400:
                    failed += 1
                if response.getheader("connection", "").lower() == "close":
                    conn.close()
                    conn = None
            except (OSError, http.client.HTTPException):
                failed += 1
                if conn:
                    conn.close()
                conn = None
                continue
            mine.append((time.perf_counter() - began) * 1000)
        if conn:
            conn.close()
        with lock:
            latencies.extend(mine)
            errors += failed

    started = time.monotonic()
    with ThreadPoolExecutor(max_workers=connections) as pool:
        for _ in range(connections):
            pool.submit(worker)
    elapsed = time.monotonic() - started
    if len(latencies) >= 2:
        cuts = statistics.quantiles(latencies, n=100, method="inclusive")
        p50, p99 = cuts[49], cuts[98]
    else:
        p50 = p99 = latencies[0] if latencies else float("nan")
    return LoadResult(
        path=path,
        tool=f"python ({connections} threads)",
        rps=len(latencies) / elapsed,
        p50_ms=p50,
        p99_ms=p99,
        requests=len(latencies),
        errors=errors,
        seconds=elapsed,
    )
