"""Processes the benchmark starts (gunicorn, nginx) and always stops, and small HTTP helpers."""

from __future__ import annotations

import contextlib
import http.client
import os
import shutil
import signal
import socket
import subprocess
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

HOST = "127.0.0.1"


def apt_install(*packages: str) -> bool:
    """Install Debian packages the bench compares with (wrk, nginx, hugo) when running as root
    with apt-get, so `make bench` needs nothing installed by hand; whether it was attempted."""
    if os.geteuid() != 0 or not shutil.which("apt-get"):
        return False
    env = {**os.environ, "DEBIAN_FRONTEND": "noninteractive"}
    install = ["apt-get", "install", "-y", "-q", *packages]
    if subprocess.run(install, env=env, capture_output=True).returncode != 0:
        subprocess.run(["apt-get", "update", "-q"], env=env, capture_output=True)
        subprocess.run(install, env=env, capture_output=True)
    return True


def group_cpu_seconds(pgid: int) -> float:
    """CPU time (user + system) used so far by the processes of a process group (Linux)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0
    for entry in os.scandir("/proc"):
        if not entry.name.isdigit():
            continue
        try:
            with open(f"/proc/{entry.name}/stat", "rb") as stat:
                fields = stat.read().rsplit(b")", 1)[1].split()
        except OSError:
            continue
        if int(fields[2]) == pgid:  # fields after the name: state, ppid, pgrp, …
            total += int(fields[11]) + int(fields[12])  # utime, stime
    return total / ticks


def free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


@dataclass
class Response:
    status: int
    headers: dict[str, str]
    body: bytes


def get(port: int, path: str, timeout: float = 60.0, headers: dict | None = None) -> Response:
    """One GET to 127.0.0.1:port (the only host the benchmark talks to)."""
    conn = http.client.HTTPConnection(HOST, port, timeout=timeout)
    try:
        conn.request("GET", path, headers={"Host": HOST, **(headers or {})})
        response = conn.getresponse()
        body = response.read()
        headers = {key.lower(): value for key, value in response.getheaders()}
        return Response(response.status, headers, body)
    finally:
        conn.close()


def wait_http(port: int, path: str, process: subprocess.Popen, timeout: float = 60.0) -> Response:
    """Poll until the server answers (any status); fail early if the process died."""
    deadline = time.monotonic() + timeout
    last_error: Exception | None = None
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"the server exited with code {process.returncode}")
        try:
            return get(port, path, timeout=max(1.0, deadline - time.monotonic()))
        except OSError as exc:
            last_error = exc
            time.sleep(0.2)
    raise RuntimeError(f"no answer on 127.0.0.1:{port}{path} after {timeout:.0f} s: {last_error}")


@contextlib.contextmanager
def running(
    command: list[str], *, env: dict[str, str], log: Path, cwd: Path | None = None
) -> Iterator[subprocess.Popen]:
    """Start `command` in its own process group; on exit stop it (TERM, then KILL) by its id."""
    log.parent.mkdir(parents=True, exist_ok=True)
    with open(log, "ab") as out:
        process = subprocess.Popen(
            command,
            env=env,
            cwd=cwd,
            stdout=out,
            stderr=subprocess.STDOUT,
            stdin=subprocess.DEVNULL,
            start_new_session=True,
        )
    try:
        yield process
    finally:
        stop(process)


def stop(process: subprocess.Popen, grace: float = 10.0) -> None:
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):
            process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=grace)
        except subprocess.TimeoutExpired:
            pass
    # Whatever is left of the group we created (workers of a master that died): KILL by group id.
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    with contextlib.suppress(subprocess.TimeoutExpired):
        process.wait(timeout=5)
