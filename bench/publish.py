"""`agenda publish` against Hugo building the same generated pages, and one edit re-published.

For each size N: N pages from bench/generate.py, imported into a fresh SQLite database
(`bench.importer`; above --import-max pages, the largest imported database copied by SQL with
`bench.multiply`, as bench/run.py does); static files collected once (DEBUG=false). Then, in the
same run:
- **Hugo** (Debian's `hugo`) builds the same pages with a minimal layout (a page per event, the
  home list): wall time of the build, best of two; an edit means a new build (Hugo has no
  partial build outside its development server).
- **full publish**: `agenda publish --out DIR` in a new process, wall time (cold: no stored
  feed fragment, then again with nothing changed: every file rendered, none rewritten).
- **through nginx** (`bench/published_nginx.py`, unless --no-nginx): the published folder served
  by Debian's nginx with our configuration (docs/deploy/nginx-published.conf), home, an event
  page and the agenda's ICS, against nginx serving the same bytes as plain files, interleaved.
- **one edit**: an event's title changed with `save()` in a process with PUBLISH_DIR set: the
  time from the save to its own files rewritten (after-commit fast path), the files written;
  then the coalesced `agenda publish --changed` (lists, aggregate feeds, open data) timed.

Prints a Markdown table and writes it with the raw numbers to bench/out/publish.md / .json.

    .venv/bin/python -m bench.publish --sizes 4000,40000
"""

from __future__ import annotations

import argparse
import json
import math
import os
import resource
import shutil
import sqlite3
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from . import published_nginx
from .generate import default_start, write_pages
from .procs import apt_install

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
OUT = ROOT / "bench" / "out"

HUGO_CONFIG = """\
baseURL = "http://127.0.0.1/"
languageCode = "fr"
title = "Agenda"
disableKinds = ["taxonomy", "term"]
[markup.goldmark.renderer]
unsafe = true
[pagination]
pagerSize = 30
"""
HUGO_LAYOUTS = {
    "_default/baseof.html": (
        '<!DOCTYPE html><html lang="fr"><head><meta charset="utf-8">'
        '<title>{{ .Title }}</title></head><body>{{ block "main" . }}{{ end }}</body></html>\n'
    ),
    "_default/single.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><p>{{ .Params.lieu }} — {{ .Params.adresse }}'
        "</p>{{ .Content }}{{ end }}\n"
    ),
    "_default/list.html": (
        '{{ define "main" }}<h1>{{ .Title }}</h1><ul>{{ range (.Paginate .RegularPages).Pages }}'
        '<li><a href="{{ .RelPermalink }}">{{ .Title }}</a></li>{{ end }}</ul>{{ end }}\n'
    ),
}

EDIT = """
import json, os, resource, sys, time
import django
django.setup()
from pathlib import Path
from agenda.events.models import Event
from agenda.site import publishing_runs
from agenda.site.publishing_runs import run_changed
publishing_runs.spawn_changed = lambda out: None  # timed below, in this process
out = Path(os.environ["PUBLISH_DIR"])
event = Event.objects.public().order_by("starts_at", "pk")[Event.objects.public().count() // 2]
written = []
real = publishing_runs.publish_event
def publish_event(**kwargs):
    report = real(**kwargs)
    written.extend(report.written)
    return report
publishing_runs.publish_event = publish_event
other = Event.objects.public().exclude(pk=event.pk).first()
real(out=out, event_id=other.pk)  # warm: templates compiled, middleware loaded, as in a worker
def cpu():
    usage = resource.getrusage(resource.RUSAGE_SELF)
    return usage.ru_utime + usage.ru_stime
started, cpu_started = time.perf_counter(), cpu()
event.title = event.title + " (modifié)"
event.save()
own, own_cpu = time.perf_counter() - started, cpu() - cpu_started
own_files = list(written)
measured = {"own_seconds": own, "own_cpu": own_cpu, "own_files": own_files}
if os.environ.get("BENCH_LISTS") != "0":
    started, cpu_started = time.perf_counter(), cpu()
    report = run_changed(out=out, coalesce=0)
    lists, lists_cpu = time.perf_counter() - started, cpu() - cpu_started
    measured |= {"lists_seconds": lists, "lists_cpu": lists_cpu, "lists_written": report.written}
print(json.dumps(measured))
"""


def log(message: str) -> None:
    print(f"[publish] {message}", file=sys.stderr, flush=True)


# Emptied when a database comes from bench.run (whose feed measures stored them).
FRAGMENT_TABLES = ("feeds_sessionfragment", "feeds_eventfragment")

CPU: dict[str, float] = {}  # command's first words → CPU seconds of its last run


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def run(command: list[str], *, env: dict, cwd: Path = ROOT) -> tuple[float, str]:
    """Wall seconds and output; its CPU time (on a shared machine, the steadier figure) in CPU."""
    started, cpu = time.perf_counter(), children_cpu()
    done = subprocess.run(command, cwd=cwd, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    CPU[" ".join(Path(c).name for c in command[:3])] = children_cpu() - cpu
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(command[:4])} : {done.stderr[-3000:]}")
    return seconds, done.stdout


def environment(tmp: Path, database: Path, **extra: str) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DATABASE_URL", "PUBLISH_DIR")}
    return (
        env
        | {
            "DJANGO_SETTINGS_MODULE": "agenda.settings",
            "DATABASE_URL": f"sqlite:///{database}",
            "DEBUG": "false",
            "SECRET_KEY": "bench-publish",
            "ALLOWED_HOSTS": "127.0.0.1",
            "SITE_URL": "http://127.0.0.1",
            "STATIC_ROOT": str(tmp / "static"),
            "MEDIA_ROOT": str(tmp / "uploads"),
            "LOG_LEVEL": "ERROR",
        }
        | extra
    )


def hugo_build(pages: Path, site: Path, builds: int = 2) -> list[tuple[float, float]]:
    """Builds of the same pages (the second: the edit Hugo would rebuild everything for)."""
    content = site / "content" / "evenements"
    content.mkdir(parents=True)
    for page in pages.iterdir():
        os.link(page, content / page.name)
    (site / "hugo.toml").write_text(HUGO_CONFIG)
    for name, text in HUGO_LAYOUTS.items():
        (site / "layouts" / name).parent.mkdir(parents=True, exist_ok=True)
        (site / "layouts" / name).write_text(text)
    times = []
    for _ in range(builds):
        shutil.rmtree(site / "public", ignore_errors=True)
        command = ["hugo", "--quiet", "--buildFuture", "--source", str(site)]
        seconds, _ = run(command, env=dict(os.environ), cwd=site)
        times.append((seconds, CPU["hugo --quiet --buildFuture"]))
    return times


def files_in(folder: Path) -> tuple[int, int]:
    files = [p for p in folder.rglob("*") if p.is_file() and ".publication" not in p.parts]
    return len(files), sum(p.stat().st_size for p in files)


def measure(n: int, tmp: Path, args, base: tuple[int, Path] | None) -> tuple[dict, tuple]:
    """One size: its pages and database (made here, or bench.run's with --from), Hugo, our
    publications, nginx, one edit. Above --full-max events only what the issue asks at that
    size (Hugo's best of two builds, the full publication cold, one edit's own files), to fit
    `make bench`."""
    folder = tmp / f"n{n}"
    full = n <= args.full_max
    result: dict = {"n": n, "load_before": os.getloadavg()[0], "full": full}
    pages, database, base = pages_and_database(n, folder, args, base, result)
    env = environment(tmp, database)
    with sqlite3.connect(database) as db:
        result["events"] = db.execute("SELECT COUNT(*) FROM events_event").fetchone()[0]
        result["sessions"] = db.execute("SELECT COUNT(*) FROM events_session").fetchone()[0]
    if shutil.which("hugo") is None and not args.no_install:
        log("installation de hugo (apt-get)…")
        apt_install("hugo")
    if shutil.which("hugo") is None:
        log("hugo absent : pas de comparaison avec Hugo")
    else:
        result["hugo_seconds"] = hugo_build(pages, folder / "hugo")
        result["hugo_files"] = files_in(folder / "hugo" / "public")
        log(f"hugo : {result['hugo_seconds']}")
    site = folder / "site"
    publish = [str(BIN / "agenda"), "publish", "--out", str(site), "--jobs", str(args.jobs)]
    result["publish_cold_seconds"], out = run(publish, env=env)
    result["publish_cold_cpu"] = CPU["agenda publish --out"]
    log(f"publication (à froid) : {result['publish_cold_seconds']:.1f} s — {out.strip()}")
    if full:
        result["publish_again_seconds"], out = run(publish, env=env)
        result["publish_again_cpu"] = CPU["agenda publish --out"]
        seconds = result["publish_again_seconds"]
        log(f"publication (rien de changé) : {seconds:.1f} s — {out.strip()}")
    result["published_files"] = files_in(site)
    if full and not args.no_nginx:
        measured = published_nginx.compare(site, env, args)
        result["nginx"] = measured
        log("nginx, notre configuration / fichiers nus :\n" + published_nginx.table(measured))
    edit_env = environment(tmp, database, PUBLISH_DIR=str(site), BENCH_LISTS=str(int(full)))
    _seconds, output = run([sys.executable, "-c", EDIT], env=edit_env)
    result["edit"] = edit = json.loads(output.strip().splitlines()[-1])
    result["load_after"] = os.getloadavg()[0]
    lists = (
        f", listes en {edit['lists_seconds']:.1f} s ({edit['lists_cpu']:.1f} s CPU)"
        if "lists_seconds" in edit
        else ""
    )
    log(
        f"une modification : ses fichiers en {edit['own_seconds'] * 1000:.0f} ms "
        f"({edit['own_cpu'] * 1000:.0f} ms CPU, {len(edit['own_files'])} fichiers){lists}"
    )
    return result, base


def pages_and_database(
    n: int, folder: Path, args, base: tuple[int, Path] | None, result: dict
) -> tuple[Path, Path, tuple[int, Path] | None]:
    """The size's generated pages and its imported database. With --from, bench.run's (same
    generator, same seed and start): used in place, their feed fragments deleted so that the
    first publication is cold as after an import."""
    given = args.source / f"n{n}" if args.source else None
    pages = given / "pages" if given and (given / "pages").is_dir() else folder / "pages"
    database = folder / "agenda.sqlite3"
    if pages.parent != given:
        started = time.perf_counter()
        write_pages(pages, n, seed=args.seed, start=default_start())
        log(f"{n} pages générées en {time.perf_counter() - started:.1f} s")
    if given and (given / "agenda.sqlite3").is_file():
        database = given / "agenda.sqlite3"
        with sqlite3.connect(database) as db:
            for table in FRAGMENT_TABLES:
                db.execute(f"DELETE FROM {table}")  # noqa: S608 (our table names)
        result["database_from"] = str(given)
        log(f"base de bench.run reprise : {database} (fragments de flux effacés)")
        return pages, database, (n, database)
    folder.mkdir(parents=True, exist_ok=True)
    env = environment(folder.parent, database)
    if base is None or n <= args.import_max:
        run([str(BIN / "agenda"), "migrate", "--noinput", "-v0"], env=env)
        seconds, output = run([sys.executable, "-m", "bench.importer", str(pages)], env=env)
        result["import_seconds"] = seconds
        log(f"import : {seconds:.1f} s")
        return pages, database, (n, database)
    base_n, base_db = base
    with sqlite3.connect(base_db) as source, sqlite3.connect(database) as target:
        source.backup(target)
    factor = math.ceil(n / base_n)
    run([sys.executable, "-m", "bench.multiply", str(factor)], env=env)
    result["copied_from"] = f"{base_n} ×{factor}"
    log(f"base copiée ×{factor} par SQL")
    return pages, database, base


GOAL_RATIO = 5  # a full publication within 5× Hugo's wall time (issue 9)


def table(results: list[dict]) -> str:
    lines = [
        "| événements (séances) | Hugo, construction "
        "| publication complète (à froid / rien de changé) | ratio / Hugo, mur (à froid / rien "
        "de changé) | une modification : ses fichiers | puis listes et flux (--changed) "
        "| fichiers publiés |",
        "|---|---|---|---|---|---|---|",
    ]
    for r in results:
        hugo, hugo_cpu = min(r["hugo_seconds"]) if r.get("hugo_seconds") else (None, None)
        edit = r["edit"]
        source = f", {r['copied_from']}" if r.get("copied_from") else ""
        runs = [(r["publish_cold_seconds"], r["publish_cold_cpu"])]
        if "publish_again_seconds" in r:
            runs.append((r["publish_again_seconds"], r["publish_again_cpu"]))
        ratios = " / ".join(f"{wall / hugo:.1f}×" for wall, _cpu in runs) if hugo else "—"
        lists = (
            f"{edit['lists_seconds']:.1f} s ({edit['lists_cpu']:.1f} s CPU, "
            f"{len(edit['lists_written'])} réécrits)"
            if "lists_seconds" in edit
            else "non mesuré"
        )
        lines.append(
            f"| {r['events']} ({r['sessions']}{source}) "
            f"| {f'{hugo:.1f} s ({hugo_cpu:.1f} s CPU)' if hugo else '—'} "
            f"| {' / '.join(f'{wall:.0f} s ({cpu:.0f} s CPU)' for wall, cpu in runs)} "
            f"| {ratios} "
            f"| {edit['own_seconds'] * 1000:.0f} ms ({edit['own_cpu'] * 1000:.0f} ms CPU, "
            f"{len(edit['own_files'])} fichiers) "
            f"| {lists} "
            f"| {r['published_files'][0]} ({r['published_files'][1] / 1e6:.0f} Mo) |"
        )
    return "\n".join(lines + goals(results))


def goals(results: list[dict]) -> list[str]:
    lines = [""]
    for r in results:
        if r.get("hugo_seconds"):
            ratio = r["publish_cold_seconds"] / min(r["hugo_seconds"])[0]
            verdict = "atteint" if ratio <= GOAL_RATIO else "manqué"
            lines.append(
                f"- {r['events']} événements : publication complète à froid en {ratio:.1f}× "
                f"le temps de Hugo (objectif ≤ {GOAL_RATIO}× : {verdict}) ; une modification "
                f"en {r['edit']['own_seconds'] * 1000:.0f} ms (objectif < 100 ms : "
                f"{'atteint' if r['edit']['own_seconds'] < 0.1 else 'manqué'})"
            )
    return lines


def report(results: list[dict]) -> str:
    parts = [table(results)]
    for result in results:
        if "nginx" in result:
            parts += [
                f"À travers nginx, {result['events']} évènements :",
                published_nginx.table(result["nginx"]),
            ]
    return "\n\n".join(parts) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="4000", help="tailles, par ex. 4000,40000")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument("--import-max", type=int, default=4000, help="au-delà : copie SQL")
    parser.add_argument("--keep", action="store_true", help="garder le dossier temporaire")
    parser.add_argument("--jobs", type=int, default=2, help="processus de la publication")
    parser.add_argument("--no-install", action="store_true", help="ne pas lancer apt-get")
    parser.add_argument("--no-nginx", action="store_true", help="sans la mesure à travers nginx")
    parser.add_argument(
        "--from",
        dest="source",
        type=lambda text: Path(text).resolve(),
        help="dossier de bench.run --workdir : ses pages et bases (nN/pages, nN/agenda.sqlite3)",
    )
    parser.add_argument(
        "--full-max",
        type=int,
        default=4000,
        help="au-delà : Hugo, publication à froid et une modification seulement",
    )
    published_nginx.add_arguments(parser)
    args = parser.parse_args(argv)
    tmp = Path(tempfile.mkdtemp(prefix="agenda-bench-publish-"))
    try:
        collected = args.source / "static" if args.source else None
        if collected and (collected / "staticfiles.json").is_file():
            (tmp / "static").symlink_to(collected)  # bench.run's: same settings, DEBUG=false
            log(f"fichiers statiques de bench.run repris : {collected}")
        else:
            env = environment(tmp, tmp / "static.sqlite3")
            seconds, _ = run([str(BIN / "agenda"), "collectstatic", "--noinput", "-v0"], env=env)
            log(f"collectstatic : {seconds:.1f} s")
        results, base = [], None
        for n in (int(size) for size in args.sizes.split(",")):
            result, base = measure(n, tmp, args, base)
            results.append(result)
            OUT.mkdir(parents=True, exist_ok=True)  # written after each size: a long run shows
            (OUT / "publish.md").write_text(report(results))  # what it measured so far
            (OUT / "publish.json").write_text(json.dumps(results, indent=1) + "\n")
        print(report(results), end="")
    finally:
        if args.keep:
            log(f"dossier gardé : {tmp}")
        else:
            shutil.rmtree(tmp, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
