"""`make bench-peers` (not in CI): our dynamic pages and ICS against pretalx serving the same
sessions as talks.

pretalx 2025.2.2 is installed from PyPI into its own virtualenv (bench/.peers/pretalx, ignored by
git), with SQLite; the 969 sessions of the 400 generated events (bench/generate.py, imported as
bench/publish.py does) become its talks: one talk per session, same title, start and end, its
room the session's place (the 11 busiest places, the others in one room), one released
schedule. Both sites run under gunicorn (2 sync workers each), our page cache off
(CACHE_SECONDS=0), pretalx without a cache server: dynamic paths, uncached. Pairs are measured
interleaved, each for the same seconds:
- pretalx's `/<event>/schedule/nojs` (every talk) against our week page (the busiest week's
  sessions) and our home page (30 sessions): requests per second, and sessions shown per second
  (requests × sessions the page lists), since no page of ours lists all 969;
- pretalx's `/<event>/schedule.ics` against our `/agenda.ics` (both: every session).
The servers' CPU time per request is given too (the steadier figure on a shared machine).

    .venv/bin/python -m bench.peers [--seconds 10] [--rounds 3]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .generate import default_start, write_pages
from .load import measure
from .procs import free_port, get, group_cpu_seconds, running, wait_http
from .publish import BIN, OUT, ROOT, environment, run

PEERS = ROOT / "bench" / ".peers"
PRETALX = "pretalx==2025.2.2"
ROOMS = 11  # the busiest places get a room each, the others share one
# Sent with every request, as a browser does: without it pretalx's schedule answers a text table.
BROWSER = {"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"}

PRETALX_CONFIG = """\
[filesystem]
data = {data}
[site]
debug = False
url = http://127.0.0.1:{port}
[database]
backend = sqlite3
name = {data}/db.sqlite3
[mail]
from = bench@localhost
"""

# Run by pretalx's Python: its event, rooms, one talk per session, the schedule released.
LOADER = r"""
import datetime as dt, json, sys
import django
django.setup()
from django.db import transaction
from django_scopes import scope, scopes_disabled
from pretalx.event.models import Event
from pretalx.event.utils import create_organiser_with_team
from pretalx.person.models import User
from pretalx.schedule.models import Room, TalkSlot
from pretalx.submission.models import Submission

talks = json.load(open(sys.argv[1]))
start = dt.datetime.fromisoformat
with transaction.atomic(), scopes_disabled():
    admin = User.objects.create_user(email="bench@localhost", password="bench-peers", name="Bench")
    organiser, team = create_organiser_with_team(name="Bench", slug="bench", users=[admin])
    event = Event.objects.create(
        name="Agenda", slug="agenda", organiser=organiser, is_public=True,
        date_from=min(start(t["start"]) for t in talks).date(),
        date_to=max(start(t["end"]) for t in talks).date(),
        timezone="Europe/Paris", email="bench@localhost", locale_array="fr", locale="fr",
    )
    with scope(event=event):
        event.build_initial_data()
        kind = event.submission_types.first()
        rooms = {}
        for position, name in enumerate(sorted({t["room"] for t in talks})):
            rooms[name] = Room.objects.create(event=event, name=name, position=position)
        schedule = event.wip_schedule
        for talk in talks:
            submission = Submission.objects.create(
                event=event, title=talk["title"][:200], submission_type=kind,
                state="confirmed", abstract=talk["abstract"], content_locale="fr",
            )
            TalkSlot.objects.create(
                submission=submission, schedule=schedule, room=rooms[talk["room"]],
                start=start(talk["start"]), end=start(talk["end"]), is_visible=True,
            )
        event.wip_schedule.freeze("v1", notify_speakers=False)
print(json.dumps({"talks": len(talks), "rooms": len(rooms)}))
"""


def log(message: str) -> None:
    print(f"[peers] {message}", file=sys.stderr, flush=True)


def pretalx_python() -> Path:
    """pretalx's virtualenv, made (pip from PyPI) when missing."""
    venv = PEERS / "pretalx"
    python = venv / "bin" / "python"
    if not (venv / ".installed").is_file():
        log(f"installation de {PRETALX} dans {venv}…")
        subprocess.run([sys.executable, "-m", "venv", "--clear", str(venv)], check=True)
        pip = [str(python), "-m", "pip", "install", "-q", PRETALX, "gunicorn"]
        subprocess.run(pip, check=True)
        (venv / ".installed").touch()
    return python


def our_database(folder: Path) -> Path:
    """The 400 generated events imported, as bench/publish.py does."""
    database = folder / "agenda.sqlite3"
    pages = folder / "pages"
    write_pages(pages, 400, seed=2026, start=default_start())
    env = environment(folder, database)
    run([str(BIN / "agenda"), "migrate", "--noinput", "-v0"], env=env)
    run([sys.executable, "-m", "bench.importer", str(pages)], env=env)
    return database


def talks_of(database: Path) -> list[dict]:
    """Each public session as a talk: its title (or its event's), start, end, room."""
    query = """
        SELECT COALESCE(NULLIF(s.title, ''), e.title), s.starts_at,
               COALESCE(s.ends_at, datetime(s.starts_at, '+1 hour')),
               COALESCE(sp.name, ep.name, 'En ligne'), COALESCE(e.chapeau, '')
        FROM events_session s JOIN events_event e ON e.id = s.event_id
        LEFT JOIN events_place sp ON sp.id = s.place_id
        LEFT JOIN events_place ep ON ep.id = e.place_id
        WHERE e.status IN ('published', 'cancelled') ORDER BY s.starts_at, s.id
    """
    with sqlite3.connect(database) as db:
        rows = db.execute(query).fetchall()
    counts: dict[str, int] = {}
    for row in rows:
        counts[row[3]] = counts.get(row[3], 0) + 1
    busiest = set(sorted(counts, key=lambda name: -counts[name])[:ROOMS])
    return [
        {
            "title": title,
            "start": iso(starts),
            "end": iso(ends),
            "room": room if room in busiest else "Autres lieux",
            "abstract": abstract[:500],
        }
        for title, starts, ends, room, abstract in rows
    ]


def iso(value: str) -> str:
    """SQLite's stored datetime (UTC) as an ISO moment with its offset."""
    text = value.replace(" ", "T")
    return text if text.endswith(("Z", "+00:00")) else text + "+00:00"


def pretalx_site(python: Path, folder: Path, talks: list[dict], port: int) -> dict:
    data = folder / "pretalx"
    data.mkdir(parents=True, exist_ok=True)
    config = data / "pretalx.cfg"
    config.write_text(PRETALX_CONFIG.format(data=data, port=port))
    env = {**os.environ, "PRETALX_CONFIG_FILE": str(config)}
    env.pop("DJANGO_SETTINGS_MODULE", None)
    env.pop("DATABASE_URL", None)
    run([str(python), "-m", "pretalx", "migrate", "-v0"], env=env, cwd=data)
    (data / "talks.json").write_text(json.dumps(talks))
    (data / "loader.py").write_text(LOADER)
    loader_env = env | {"DJANGO_SETTINGS_MODULE": "pretalx.settings"}
    _seconds, out = run(
        [str(python), str(data / "loader.py"), str(data / "talks.json")], env=loader_env, cwd=data
    )
    log(f"pretalx : {out.strip()}")
    return env


def gunicorn(binary: Path, application: str, port: int) -> list[str]:
    return [
        str(binary),
        application,
        "--bind",
        f"127.0.0.1:{port}",
        "--workers",
        "2",
        "--log-level",
        "warning",
    ]


def sessions_listed(body: bytes, pattern: str) -> int:
    return len(re.findall(pattern.encode(), body))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=10.0)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--connections", type=int, default=4)
    args = parser.parse_args(argv)
    try:
        python = pretalx_python()
    except subprocess.CalledProcessError as error:
        log(f"pretalx ne s’installe pas ici : {error}")
        return 1
    tmp = Path(tempfile.mkdtemp(prefix="agenda-bench-peers-"))
    try:
        results = compare(python, tmp, args)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    OUT.mkdir(parents=True, exist_ok=True)
    (OUT / "peers.json").write_text(json.dumps(results, indent=1) + "\n")
    text = table(results)
    (OUT / "peers.md").write_text(text + "\n")
    print(text)
    return 0


def compare(python: Path, tmp: Path, args) -> dict:
    database = our_database(tmp)
    talks = talks_of(database)
    ours_port, theirs_port = free_port(), free_port()
    pretalx_env = pretalx_site(python, tmp, talks, theirs_port)
    ours_env = environment(tmp, database, CACHE_SECONDS="0", ALLOWED_HOSTS="127.0.0.1")
    run([str(BIN / "agenda"), "collectstatic", "--noinput", "-v0"], env=ours_env)
    pairs = {
        "page": ("/agenda/schedule/nojs", [busiest_week(talks), "/"]),
        "ics": ("/agenda/schedule.ics", ["/agenda.ics"]),
    }
    theirs_cmd = gunicorn(python.parent / "gunicorn", "pretalx.wsgi", theirs_port)
    ours_cmd = gunicorn(BIN / "gunicorn", "agenda.wsgi", ours_port)
    results: dict = {"talks": len(talks), "load_before": os.getloadavg()[0], "runs": []}
    with (
        running(theirs_cmd, env=pretalx_env, log=tmp / "pretalx.log", cwd=tmp) as theirs,
        running(ours_cmd, env=ours_env, log=tmp / "agenda.log", cwd=ROOT) as ours,
    ):
        servers = {"pretalx": (theirs, theirs_port), "agenda": (ours, ours_port)}
        listed = warm(servers, pairs)
        results["listed"] = listed
        for _round in range(args.rounds):
            for their_path, our_paths in pairs.values():
                for name, path in [("pretalx", their_path)] + [("agenda", p) for p in our_paths]:
                    results["runs"].append(one_run(servers[name], name, path, args))
    results["load_after"] = os.getloadavg()[0]
    return results


def one_run(server: tuple, name: str, path: str, args) -> dict:
    """`path` loaded for args.seconds: its rate and the server's CPU time per request."""
    process, port = server
    cpu = group_cpu_seconds(process.pid)
    done = measure(port, path, seconds=args.seconds, connections=args.connections, headers=BROWSER)
    cpu_ms = 1000 * (group_cpu_seconds(process.pid) - cpu) / max(done.requests, 1)
    log(f"{name} {path} : {done.summary()}, CPU serveur {cpu_ms:.1f} ms/req")
    return {
        "server": name,
        "path": path,
        "rps": done.rps,
        "requests": done.requests,
        "errors": done.errors,
        "cpu_ms": cpu_ms,
        "tool": done.tool,
    }


def busiest_week(talks: list[dict]) -> str:
    """The path of our week page listing the most sessions (a page lists up to 100)."""
    weeks: dict[str, int] = {}
    for talk in talks:
        year, week, _ = dt.date.fromisoformat(talk["start"][:10]).isocalendar()
        key = f"/semaine/{year}/{week}/"
        weeks[key] = weeks.get(key, 0) + 1
    return max(weeks, key=lambda key: weeks[key])


def warm(servers: dict, pairs: dict) -> dict[str, int]:
    """Each path answered once (200), and how many sessions each lists."""
    listed = {}
    for their_path, our_paths in pairs.values():
        for name, path in [("pretalx", their_path)] + [("agenda", p) for p in our_paths]:
            process, port = servers[name]
            wait_http(port, path, process, timeout=120)
            response = get(port, path, headers=BROWSER)
            if response.status != 200:
                raise RuntimeError(f"{name} {path} : {response.status} {response.body[:300]!r}")
            pattern = "BEGIN:VEVENT" if path.endswith(".ics") else SESSION_MARKS[name]
            listed[f"{name} {path}"] = sessions_listed(response.body, pattern)
    return listed


# How a listed session starts in each page's HTML.
SESSION_MARKS = {"pretalx": r"class=pretalx-session-info", "agenda": r'class="fr-card__title"'}


def table(results: dict) -> str:
    runs = results["runs"]
    listed = results["listed"]
    lines = [
        f"{results['talks']} séances ; charge {results['load_before']:.1f} → "
        f"{results['load_after']:.1f}",
        "",
        "| chemin | séances listées | req/s (médiane des tours) | séances/s | CPU serveur ms/req |",
        "|---|---|---|---|---|",
    ]
    seen = []
    for run_ in runs:
        key = f"{run_['server']} {run_['path']}"
        if key in seen:
            continue
        seen.append(key)
        same = [r for r in runs if f"{r['server']} {r['path']}" == key]
        rps = sorted(r["rps"] for r in same)[len(same) // 2]
        cpu = sorted(r["cpu_ms"] for r in same)[len(same) // 2]
        lines.append(
            f"| {key} | {listed[key]} | {rps:,.1f} | {rps * listed[key]:,.0f} | {cpu:.1f} |"
        )
    return "\n".join(lines)


if __name__ == "__main__":
    started = time.perf_counter()
    code = main()
    log(f"{time.perf_counter() - started:.0f} s")
    sys.exit(code)
