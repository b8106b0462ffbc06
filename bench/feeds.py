"""`python -m bench.feeds`: the feeds at scale, on the database DATABASE_URL names (bench/run.py
runs it for every size; docs/performance.md says what the goals are).

1. The agenda's calendar (/agenda.ics: upcoming sessions and the last 30 days) written whole,
   as a publication writes it: once after every stored fragment is deleted ("à froid": each
   VEVENT rendered and stored), then three times with the fragments in place (best of three);
   wall time and CPU time of the process (SQLite runs in it).
2. How many writes each output leaves in (the items of the WSGI response, each one a send()
   of gunicorn's sync worker) and how long it takes: ICS, Atom, the API list, open data.
3. The API list, one request at a time (median of 15): first page, the last counted page,
   the page after it (a cursor), and a filtered list.
4. With --memory: one gunicorn worker streams /agenda.ics to a client that reads it slowly;
   the growth of the worker's resident memory (peak during the response minus before it).

Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import http.client
import json
import os
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parents[1]


def timed(function) -> tuple[float, object]:
    began = time.perf_counter()
    result = function()
    return time.perf_counter() - began, result


def cpu_timed(function) -> tuple[float, float, object]:
    """Wall time, this process's CPU time (SQLite's work included: it runs in the process;
    on a busy machine the wall time grows, the CPU time much less), result."""
    began, cpu = time.perf_counter(), time.process_time()
    result = function()
    return time.perf_counter() - began, time.process_time() - cpu, result


def calendar_rewrite() -> dict:
    """The agenda ICS written whole, cold then warm."""
    from agenda.events.queries import public_sessions
    from agenda.feeds.models import SessionFragment
    from agenda.feeds.registry import REGISTRY

    SessionFragment.objects.filter(kind="vevent").delete()
    cold, cold_cpu, body = cpu_timed(lambda: REGISTRY.render("/agenda.ics").read())
    warm = [cpu_timed(lambda: REGISTRY.render("/agenda.ics").read())[:2] for _ in range(3)]
    return {
        "sessions": public_sessions().count(),
        "vevents": body.count(b"BEGIN:VEVENT"),
        "bytes": len(body),
        "cold_s": round(cold, 2),
        "cold_cpu_s": round(cold_cpu, 2),
        "warm_s": round(min(wall for wall, _ in warm), 3),
        "warm_cpu_s": round(min(cpu for _, cpu in warm), 3),
    }


def writes() -> dict:
    """Writes (response items) and time of each output, fragments warm (second request)."""
    from agenda.feeds.registry import anonymous_get

    found = {}
    for path in ("/agenda.ics", "/flux.atom", "/api/events", "/donnees/seances.json",
                 "/donnees/seances.csv", "/donnees/seances.xlsx"):  # fmt: skip
        _count_items(anonymous_get(path))
        seconds, (items, size) = timed(lambda p=path: _count_items(anonymous_get(p)))
        found[path] = {"writes": items, "bytes": size, "s": round(seconds, 3)}
    return found


def _count_items(response) -> tuple[int, int]:
    items = size = 0
    for item in response:
        items += 1
        size += len(item)
    response.close()
    return items, size


def api_list() -> dict:
    """Median time of the list's pages, one request at a time."""
    from agenda.events.models import Category
    from agenda.feeds.registry import anonymous_get

    def median_ms(path: str) -> float:
        anonymous_get(path)
        times = [timed(lambda: anonymous_get(path))[0] for _ in range(15)]
        return round(statistics.median(times) * 1000, 1)

    first = json.loads(anonymous_get("/api/events").content)
    last = f"/api/events?page={first['pages']}"
    beyond = json.loads(anonymous_get(last).content)["next"]
    category = Category.objects.order_by("pk").values_list("slug", flat=True).first()
    paths = {"page 1": "/api/events", f"page {first['pages']}": last}
    if beyond:
        parts = urlsplit(beyond)
        paths["curseur"] = f"{parts.path}?{parts.query}"
    if category:
        paths[f"catégorie {category}"] = f"/api/events?categorie={category}"
    return {
        "count": first["count"],
        "count_capped": first["count_capped"],
        "ms": {label: median_ms(path) for label, path in paths.items()},
    }


def streaming_memory(tmp: Path) -> dict:
    """Peak resident memory growth of one gunicorn worker while it streams /agenda.ics."""
    from bench.procs import free_port, running, wait_http

    port = free_port()
    command = [str(Path(sys.executable).parent / "gunicorn"), "agenda.wsgi", "-w", "1",
               "-b", f"127.0.0.1:{port}", "--timeout", "900", "--log-level", "warning"]  # fmt: skip
    env = {**os.environ, "DEBUG": "false", "ALLOWED_HOSTS": "127.0.0.1", "CACHE_SECONDS": "0"}
    env.setdefault("SECRET_KEY", "bench")
    with running(command, env=env, log=tmp / "gunicorn-feeds.log", cwd=ROOT) as server:
        wait_http(port, "/", server, timeout=60)
        worker = _worker_of(server.pid)
        wait_http(port, "/flux.atom", server)  # the worker has served a feed once
        before = _memory(worker)["VmRSS"]
        Path(f"/proc/{worker}/clear_refs").write_text("5")  # resets the peak (VmHWM)
        began = time.perf_counter()
        size = _slow_read(port, "/agenda.ics")
        seconds = time.perf_counter() - began
        after = _memory(worker)
    return {
        "bytes": size,
        "s": round(seconds, 1),
        "rss_before_mb": round(before / 1024, 1),
        "peak_growth_mb": round((after["VmHWM"] - before) / 1024, 1),
    }


def _worker_of(master: int) -> int:
    deadline = time.monotonic() + 30
    while time.monotonic() < deadline:
        children = Path(f"/proc/{master}/task/{master}/children").read_text().split()
        if children:
            return int(children[0])
        time.sleep(0.2)
    raise RuntimeError("gunicorn n’a pas démarré de worker")


def _memory(pid: int) -> dict[str, int]:
    """VmRSS and VmHWM of a process, in kB."""
    values = {}
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("VmRSS", "VmHWM"):
            values[key] = int(rest.split()[0])
    return values


def _slow_read(port: int, path: str) -> int:
    """GET, reading 64 kB at a time (a client slower than the server keeps it streaming)."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=900)
    try:
        connection.request("GET", path, headers={"Host": "127.0.0.1"})
        response = connection.getresponse()
        size = 0
        while piece := response.read(64 * 1024):
            size += len(piece)
        return size
    finally:
        connection.close()


def report_lines(results: list[tuple[int, dict]]) -> list[str]:
    """The feeds' table of docs/performance.md, from (events, results) of each size."""
    lines = [
        "| événements (séances ICS) | ICS à froid | ICS (fragments prêts) | ICS Mo | flux servi : "
        "mémoire en plus | écritures ICS / Atom / API / JSON | API p50 ms |",
        "|---|---|---|---|---|---|---|",
    ]
    for events, result in results:
        if "error" in result:
            lines.append(f"| {events} | erreur : {result['error'][:200]} | | | | | |")
            continue
        ics, w, api = result["ics"], result["writes"], result["api"]
        memory = result.get("memory")
        growth = f"{memory['peak_growth_mb']} Mo ({memory['s']} s)" if memory else "–"
        counts = " / ".join(
            str(w[p]["writes"])
            for p in (
                "/agenda.ics",
                "/flux.atom",
                "/api/events",
                "/donnees/seances.json",
            )  # fmt: skip
        )
        pages = ", ".join(f"{label} {ms}" for label, ms in api["ms"].items())
        lines.append(
            f"| {events} ({ics['vevents']}) | {ics['cold_s']} s (CPU {ics['cold_cpu_s']} s) "
            f"| {ics['warm_s']} s (CPU {ics['warm_cpu_s']} s) "
            f"| {ics['bytes'] / 1e6:.1f} | {growth} | {counts} | {pages} |"
        )
    return lines


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--memory", action="store_true", help="mémoire d’un worker gunicorn")
    parser.add_argument("--tmp", type=Path, default=Path("/tmp"))
    args = parser.parse_args(argv)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    os.environ["CACHE_SECONDS"] = "0"  # the work itself, not the page cache
    import django

    django.setup()
    results = {"ics": calendar_rewrite(), "writes": writes(), "api": api_list()}
    print(f"ICS : {results['ics']}", file=sys.stderr, flush=True)
    if args.memory:
        results["memory"] = streaming_memory(args.tmp)
    print(json.dumps(results))


if __name__ == "__main__":
    main()
