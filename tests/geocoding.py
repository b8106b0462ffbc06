"""A real addok (the BAN's own geocoder) for the tests: loaded with tests/geocoding/addresses.ndjson
(real public places of Paris, Lyon, Marseille, Corsica and overseas, in the BAN's format) into
its own Redis database (ADDOK_REDIS_DB, 7 by default, plus the xdist worker's number; only
that one is ever flushed), and served over HTTP on a free port by `addok serve`.

Skipped when addok or Redis is missing, except in CI (CI=true), where that is a failure.
"""

import os
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from bench.procs import free_port

HERE = Path(__file__).resolve().parent / "geocoding"
ADDRESSES = HERE / "addresses.ndjson"
CONFIG = HERE / "addok.conf"
# One Redis database per pytest-xdist worker (gw0: 7, gw1: 8…): each worker loads, then
# flushes its own, never the addresses another worker is reading.
WORKER = int(os.environ.get("PYTEST_XDIST_WORKER", "gw0").removeprefix("gw") or 0)
REDIS_DB = int(os.environ.get("ADDOK_REDIS_DB", "7")) + WORKER
ADDOK = Path(sys.executable).with_name("addok")


def unavailable(message: str) -> None:
    if os.environ.get("CI", "").lower() == "true":
        pytest.fail(message)
    pytest.skip(message)


def flush_own_db() -> None:
    import redis

    redis.Redis(host="127.0.0.1", port=6379, db=REDIS_DB).flushdb()


def addok_env(tmp: Path) -> dict[str, str]:
    return {
        **os.environ,
        "ADDOK_CONFIG_MODULE": str(CONFIG),
        "ADDOK_REDIS_DB": str(REDIS_DB),
        "ADDOK_LOG_DIR": str(tmp),
    }


def wait_until_serving(url: str, process: subprocess.Popen, seconds: float = 20) -> bool:
    import requests

    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if process.poll() is not None:
            return False
        try:
            if requests.get(f"{url}/search/", params={"q": "Paris"}, timeout=1).ok:
                return True
        except requests.RequestException:
            time.sleep(0.2)
    return False


@pytest.fixture(scope="session")
def addok_url(tmp_path_factory) -> Iterator[str]:
    """The base URL of a running addok loaded with the tests' addresses."""
    if not ADDOK.exists():
        unavailable("addok absent: pip install -e '.[dev]'")
    try:
        flush_own_db()
    except Exception as error:  # noqa: BLE001 (any reason Redis is unusable)
        unavailable(f"Redis unavailable at 127.0.0.1:6379 ({error})")
    tmp = tmp_path_factory.mktemp("addok")
    env = addok_env(tmp)
    for command in (["batch", str(ADDRESSES)], ["ngrams"]):
        done = subprocess.run(
            [str(ADDOK), *command], env=env, capture_output=True, text=True, timeout=120
        )
        if done.returncode:
            pytest.fail(f"addok {command[0]} failed:\n{done.stdout}\n{done.stderr}")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    process = subprocess.Popen(
        [str(ADDOK), "serve", "--host", "127.0.0.1", "--port", str(port)],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    try:
        if not wait_until_serving(url, process):
            pytest.fail("addok serve did not answer")
        yield url
    finally:
        process.terminate()
        process.wait(10)
        flush_own_db()


@pytest.fixture
def geocoder(settings, addok_url):
    """The real addok as the site's geocoder, called by `agenda geocode`, not after commit."""
    settings.GEOCODER_URL = addok_url
    settings.GEOCODER_TIMEOUT = 5
    settings.GEOCODE_AFTER_COMMIT = "off"
    return addok_url
