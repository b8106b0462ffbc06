"""`python -m bench.importer DIR [--profile FILE]`: import pages in-process and time it.

Runs `agenda.exchange.services.import_paths` (what `agenda import` runs) against the database of
DATABASE_URL, without Django's start-up in the figure, and prints one JSON line: pages imported,
failed, warnings, sessions, queries, wall seconds and pages/s, CPU seconds (user + sys) of this
process and of the reading processes it forked, pages per CPU-second and CPU ms a page of each
(the machine may be shared: CPU time is the figure that holds under load). Run it with
DEBUG=false, as `bench.run` does and as a deployed `agenda import` runs: with DEBUG, Django
keeps every query's SQL and parameters.
With --profile, runs under cProfile and
writes the top costs to FILE.
"""

from __future__ import annotations

import argparse
import cProfile
import io
import json
import os
import pstats
import resource
import sys
import time
from pathlib import Path

# (part of the file path, function, label): the stages of an import, reported with their share
# of the time. Stages the code no longer has are left out of the report.
STAGES = (
    ("agenda/exchange/services.py", "_read", "lecture des pages (+ contrôles)"),
    ("agenda/exchange/jekyll.py", "read_page", "  dont lecture d’une page"),
    ("yaml/__init__.py", "load", "    dont YAML (en-tête)"),
    ("agenda/exchange/programme.py", "extract_programme", "    dont extraction des séances"),
    ("agenda/checks", "check_page", "  dont contrôles de contenu (check_page)"),
    ("agenda/exchange/services.py", "_save", "enregistrement (lot)"),
    ("agenda/events/importing.py", "create_events", "  dont nouveaux événements (create_events)"),
    ("agenda/events/services.py", "save_page", "  dont événements existants (save_page)"),
    ("agenda/events/services.py", "sync_sessions", "  dont séances (sync_sessions)"),
    ("agenda/lib/markup.py", "render_markdown", "rendu markdown + nh3 (partout)"),
    ("agenda/lib/dbinsert.py", "insert_rows", "insertions sans compilateur (insert_rows)"),
    ("agenda/lib/dbinsert.py", "insert_values", "  liens et index (insert_values)"),
    ("agenda/events/search.py", "event_text", "texte de l’index de recherche"),
    ("agenda/exchange/services.py", "_check_across", "contrôles entre pages (fin d’import)"),
    ("django/db/models/query.py", "bulk_create", "bulk_create (ORM + SQL)"),
    ("django/db/backends/utils.py", "_execute", "exécution des requêtes SQL"),
    ("django/db/models/sql/compiler.py", "as_sql", "compilation des requêtes par l’ORM"),
    ("<method 'commit' of 'sqlite3.Connection' objects>", "", "commits"),
)


def stage_times(stats: pstats.Stats) -> list[tuple[str, float, int]]:
    found = []
    for suffix, function, label in STAGES:
        total, calls = 0.0, 0
        for (filename, _line, name), (_cc, nc, _tt, ct, _callers) in stats.stats.items():
            if (function and name == function and suffix in filename) or (
                not function and name == suffix
            ):
                total += ct
                calls += nc
        if calls:
            found.append((label, total, calls))
    return found


def write_profile(profile: cProfile.Profile, target: Path, pages: int) -> None:
    stats = pstats.Stats(profile)
    total = stats.total_tt or 1.0
    lines = [
        f"Profil cProfile de l’import de {pages} pages ({total:.1f} s sous profilage, "
        f"{total / max(pages, 1) * 1000:.1f} ms par page)",
        "",
        "Étapes (temps cumulé, part du total) :",
    ]
    for label, seconds, calls in stage_times(stats):
        lines.append(f"  {label:<48} {seconds:7.2f} s  {seconds / total:5.1%}  ({calls} appels)")
    for order in ("cumulative", "tottime"):
        buffer = io.StringIO()
        pstats.Stats(profile, stream=buffer).strip_dirs().sort_stats(order).print_stats(60)
        lines += ["", f"Top 60, tri {order} :", buffer.getvalue()]
    target.parent.mkdir(parents=True, exist_ok=True)
    target.write_text("\n".join(lines), encoding="utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("directory", type=Path)
    parser.add_argument("--profile", type=Path, default=None)
    args = parser.parse_args()

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    from django.db import connection

    from agenda.events.models import Session
    from agenda.exchange.services import import_paths

    queries = 0

    def count(execute, sql, params, many, context):
        nonlocal queries
        queries += 1
        return execute(sql, params, many, context)

    profile = cProfile.Profile() if args.profile else None
    if profile:  # the reading processes it forks must not run under it (nor count its cost)
        os.register_at_fork(after_in_child=profile.disable)
    step = 0 if args.profile else 500

    def progress(index: int, total: int, _path: Path) -> None:
        if step and index > 1 and (index - 1) % step == 0:
            rate = (index - 1) / (time.perf_counter() - started)
            print(
                f"    … {index - 1}/{total} pages, {rate:.0f} pages/s", file=sys.stderr, flush=True
            )

    children = resource.getrusage(resource.RUSAGE_CHILDREN)
    with connection.execute_wrapper(count):
        started, cpu = time.perf_counter(), time.process_time()
        if profile:
            profile.enable()
        report = import_paths([args.directory], progress=progress)
        if profile:
            profile.disable()
        seconds, cpu = time.perf_counter() - started, time.process_time() - cpu
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    # The reading processes (a pool the import forks) have ended: their CPU time is counted.
    cpu_children = (after.ru_utime + after.ru_stime) - (children.ru_utime + children.ru_stime)
    pages = len(report.imported)
    if profile:
        write_profile(profile, args.profile, pages)
    result = {
        "pages": pages,
        "failed": len(report.failed),
        "first_failures": [str(problem) for problem in report.failed[:5]],
        "warnings": len(getattr(report, "warnings", None) or getattr(report, "problems", [])),
        "sessions": Session.objects.count(),
        "queries": queries,
        "seconds": seconds,
        "cpu_seconds": cpu,
        "cpu_seconds_children": cpu_children,
        "pages_per_second": pages / max(seconds, 1e-9),
        "pages_per_cpu_second": pages / max(cpu + cpu_children, 1e-9),
        "cpu_ms_per_page": {
            "writer": cpu / max(pages, 1) * 1000,
            "readers": cpu_children / max(pages, 1) * 1000,
        },
        "load_average": os.getloadavg()[0],
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
