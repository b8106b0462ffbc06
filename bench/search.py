"""`python -m bench.search [--sizes 400,4000,40000]`: search times as the agenda grows.

For each size N, a fresh SQLite database in a temporary folder: N pages of bench/generate.py
imported (what `agenda import` runs; the import's rate, search index included, is printed),
or, past `--import-max` pages, the largest imported database copied in SQL (bench/multiply.py)
and indexed by `agenda search_index`. Then, in one process, each question of QUESTIONS is asked
REPEAT times: the search alone (`search.ranked_ids`, the ranked event ids) and the whole home
page of results (`/?q=…`, page cache off, through Django's test client); the p50 and p90 of each
are printed as a Markdown table (docs/performance.md, "Search").
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .generate import write_pages

BIN = Path(sys.executable).parent
QUESTIONS = (
    "donnees",
    "DONNÉES",
    "ateliers",
    "accessibilité numérique",
    "cyber",
    "logiciels libres administration",
    "sobri",
    "zzzz",
)
REPEAT = 15


def run(args: list[str], env: dict) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} a échoué :\n{done.stderr[-2000:]}")
    return done.stdout


def measure() -> dict:
    """In the process of a database: times of the questions (milliseconds)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    django.setup()
    from django.test import Client
    from django.test.utils import override_settings

    from agenda.events import search
    from agenda.events.models import Event

    client = Client()
    rows = []
    with override_settings(CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"]):
        for question in QUESTIONS:
            found = len(search.ranked_ids(question))  # warm
            client.get("/", {"q": question})
            alone, page = [], []
            for _ in range(REPEAT):
                started = time.perf_counter()
                search.ranked_ids(question)
                alone.append((time.perf_counter() - started) * 1000)
                started = time.perf_counter()
                response = client.get("/", {"q": question})
                page.append((time.perf_counter() - started) * 1000)
                assert response.status_code == 200
            rows.append({"question": question, "found": found, "alone": alone, "page": page})
    return {"events": Event.objects.count(), "rows": rows}


def prepare(n: int, folder: Path, base: tuple[int, Path] | None, import_max: int) -> dict:
    """A database of n events in folder; returns how it was made."""
    database = folder / f"search-{n}.sqlite3"
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{database}", "DEBUG": "true",
           "SECRET_KEY": "bench-search", "CACHE_SECONDS": "0"}  # fmt: skip
    if n <= import_max or base is None:
        pages = folder / f"pages-{n}"
        write_pages(pages, n)
        run([str(BIN / "agenda"), "migrate", "--noinput", "-v0"], env)
        report = json.loads(
            run([sys.executable, "-m", "bench.importer", str(pages)], env).splitlines()[-1]
        )
        rate = report["pages"] / report["seconds"]
        how = f"{report['pages']} pages importées, {rate:.0f} pages/s (index compris)"
    else:
        base_n, base_db = base
        shutil.copy(base_db, database)
        factor = -(-n // base_n)
        run([sys.executable, "-m", "bench.multiply", str(factor)], env)
        started = time.perf_counter()
        run([str(BIN / "agenda"), "search_index"], env)
        seconds = time.perf_counter() - started
        how = f"{base_n} importées ×{factor} par SQL, indexées en {seconds:.1f} s"
    return {"database": database, "env": env, "how": how}


def p(values: list[float], q: float) -> float:
    return (
        statistics.quantiles(values, n=10)[int(q * 10) - 1]
        if q != 0.5
        else statistics.median(values)
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="400,4000,40000")
    parser.add_argument("--import-max", type=int, default=4000)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure()))
        return
    base = None
    lines = ["| événements | question | trouvés | recherche p50 | p90 | page p50 | p90 |",
             "|---:|---|---:|---:|---:|---:|---:|"]  # fmt: skip
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        for n in (int(size) for size in args.sizes.split(",")):
            made = prepare(n, Path(tmp), base, args.import_max)
            print(f"{n} : {made['how']}", file=sys.stderr)
            if n <= args.import_max:
                base = (n, made["database"])
            result = json.loads(
                run([sys.executable, "-m", "bench.search", "--measure"], made["env"])
            )
            for row in result["rows"]:
                lines.append(
                    f"| {result['events']} | {row['question']} | {row['found']} "
                    f"| {p(row['alone'], 0.5):.1f} ms | {p(row['alone'], 0.9):.1f} ms "
                    f"| {p(row['page'], 0.5):.1f} ms | {p(row['page'], 0.9):.1f} ms |"
                )
            print("\n".join(lines[-len(result["rows"]) :]), file=sys.stderr)
    print("\n".join(lines))


if __name__ == "__main__":
    main()
