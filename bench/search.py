"""`python -m bench.search [--sizes 400,4000,40000]`: search times as the agenda grows.

For each size N, a fresh SQLite database in a temporary folder: N pages of bench/generate.py
imported (what `agenda import` runs; the import's rate, search index included, is printed),
or, past `--import-max` pages, the largest imported database copied in SQL (bench/multiply.py,
the search entries copied with the events they belong to). When DATABASE_URL names a
PostgreSQL server, the same database is also copied there (`agenda backup`, then `agenda
restore` into a database `bench_search_N` the bench creates and drops; the largest size copied
in SQL there too) and measured the same way.

Then, in one process per database, each question of QUESTIONS (frequent words, a word being
typed, rare words, nothing) is asked REPEAT times: the search (`queries.found_events` and
`queries.ranked_sessions`: the best events under the filters and their upcoming sessions in
rank order, what the results page needs of the index) and the whole results page (`/?q=…`,
page cache off, facets included, through Django's test client). The p50 and p95 of each (wall
time, and in brackets the p50 of the process's CPU time, SQLite's included: what a busy machine
changes least; PostgreSQL's own CPU is not in it) are printed as a Markdown table
(docs/performance.md, "Search"). `--database FILE|URL` measures an existing database only.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

from .generate import write_pages

BIN = Path(sys.executable).parent
QUESTIONS = (
    "atelier",
    "données",
    "DONNEES",
    "numérique",
    "accessibilité numérique",
    "donn",
    "numeri",
    "cyber",
    "logiciels libres administration",
    "zzzz",
)
REPEAT = 15
PG_NAME = "bench_search"  # + "_N": the databases the bench creates and drops


def run(args: list[str], env: dict) -> str:
    done = subprocess.run(args, env=env, capture_output=True, text=True, check=False)
    if done.returncode:
        raise SystemExit(f"{' '.join(args)} a échoué :\n{done.stderr[-2000:]}")
    return done.stdout


def _timed(call, wall: list, cpu: list):
    started, started_cpu = time.perf_counter(), time.process_time()
    result = call()
    wall.append((time.perf_counter() - started) * 1000)
    cpu.append((time.process_time() - started_cpu) * 1000)
    return result


def measure(repeat: int = REPEAT) -> dict:
    """In the process of a database: times of the questions (milliseconds)."""
    import django

    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    django.setup()
    from django.db import connection
    from django.test import Client
    from django.test.utils import override_settings

    from agenda.events import queries, search
    from agenda.events.filters import AgendaFilters
    from agenda.events.models import Event

    def ask(question: str) -> tuple[queries.Found, list[int]]:
        filters = AgendaFilters(q=question)
        found = queries.found_events(filters)
        return found, queries.ranked_sessions(filters, found)

    client = Client()
    rows = []
    with override_settings(CACHE_SECONDS=0, ALLOWED_HOSTS=["testserver"]):
        for question in QUESTIONS:
            matching = search.matching_ids(question)
            matches = Event.objects.filter(pk__in=matching).count() if matching else 0
            found, sessions = ask(question)  # warm
            client.get("/", {"q": question})
            times = {key: [] for key in ("alone", "alone_cpu", "page", "page_cpu")}
            for _ in range(repeat):
                _timed(lambda q=question: ask(q), times["alone"], times["alone_cpu"])
                response = _timed(
                    lambda q=question: client.get("/", {"q": q}), times["page"], times["page_cpu"]
                )
                assert response.status_code == 200
            rows.append(
                {"question": question, "matches": matches, "ranked": len(found.event_ids),
                 "capped": found.capped, "sessions": len(sessions), **times}
            )  # fmt: skip
    return {"events": Event.objects.count(), "engine": connection.vendor, "rows": rows}


def bench_env(database_url: str) -> dict:
    """The database, the page cache off (every page built), no request time limit (a busy
    machine would reach it), DEBUG for static files without collectstatic."""
    return {
        **os.environ,
        "DATABASE_URL": database_url,
        "DEBUG": "true",
        "SECRET_KEY": "bench-search",
        "CACHE_SECONDS": "0",
        "REQUEST_SECONDS": "600",
    }


def sqlite_url(database: Path) -> str:
    return f"sqlite:///{database}"


def prepare(
    n: int, folder: Path, base: tuple[int, Path] | None, import_max: int, given: Path | None
) -> dict:
    """A SQLite database of n events in folder (or bench.run's, with --from: the same
    generated pages, only read here); returns how it was made."""
    if given and (given / f"n{n}" / "agenda.sqlite3").is_file():
        database = given / f"n{n}" / "agenda.sqlite3"
        return {"database": database, "url": sqlite_url(database), "how": f"base de {database}"}
    database = folder / f"search-{n}.sqlite3"
    env = bench_env(sqlite_url(database))
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
        offset = _max_event_id(database)
        run([sys.executable, "-m", "bench.multiply", str(factor)], env)
        started = time.perf_counter()
        _copy_search_entries(database, offset, factor)
        run([str(BIN / "agenda"), "search_index"], env)  # whatever the copy left without
        seconds = time.perf_counter() - started
        how = f"{base_n} importées ×{factor} par SQL, index copié en {seconds:.1f} s"
    return {"database": database, "url": sqlite_url(database), "how": how}


def _max_event_id(database: Path) -> int:
    with sqlite3.connect(database) as db:
        return db.execute("SELECT COALESCE(MAX(id), 0) FROM events_event").fetchone()[0]


def _copy_search_entries(database: Path, offset: int, factor: int) -> None:
    """Copy k of an event (bench/multiply.py: id + k × offset) has the words of its original
    (the copies differ by slug only, which is not indexed); the FTS triggers index them."""
    with sqlite3.connect(database) as db:
        for k in range(1, factor):
            db.execute(
                "INSERT INTO events_searchentry (event_id, text) "
                "SELECT s.event_id + ?1, s.text FROM events_searchentry s "
                "JOIN events_event e ON e.id = s.event_id + ?1 WHERE s.event_id <= ?2",
                (k * offset, offset),
            )
    db.close()


def _pg_url(server_url: str, name: str) -> str:
    return urlunsplit(urlsplit(server_url)._replace(path=f"/{name}"))


def _pg_admin(server_url: str, *statements: str) -> None:
    import psycopg

    with psycopg.connect(_pg_url(server_url, "postgres"), autocommit=True) as db:
        for statement in statements:
            db.execute(statement)


def postgres_copy(made: dict, n: int, folder: Path, server_url: str, base: int | None) -> str:
    """The database of n events on the PostgreSQL server of `server_url`, made as the SQLite
    one was: the SQLite database restored (`agenda backup` then `agenda restore`), or the
    largest restored one copied and multiplied in SQL with its search entries. Its URL."""
    import psycopg

    name = f"{PG_NAME}_{n}"
    url = _pg_url(server_url, name)
    _pg_admin(server_url, f"DROP DATABASE IF EXISTS {name}")
    if base is None:
        _pg_admin(server_url, f"CREATE DATABASE {name}")
        archive = folder / "copy.tar.gz"
        run([str(BIN / "agenda"), "backup", str(archive)], bench_env(made["url"]))
        env = bench_env(url)
        run([str(BIN / "agenda"), "migrate", "--noinput", "-v0"], env)
        run([str(BIN / "agenda"), "restore", "--replace", str(archive)], env)
        archive.unlink()
    else:
        _pg_admin(server_url, f"CREATE DATABASE {name} TEMPLATE {PG_NAME}_{base}")
        env = bench_env(url)
        factor = -(-n // base)
        with psycopg.connect(url) as db:
            offset = db.execute("SELECT COALESCE(MAX(id), 0) FROM events_event").fetchone()[0]
        run([sys.executable, "-m", "bench.multiply", str(factor)], env)
        with psycopg.connect(url) as db:
            for k in range(1, factor):
                db.execute(
                    "INSERT INTO events_searchentry (event_id, text) SELECT s.event_id + %(k)s, "
                    "s.text FROM events_searchentry s JOIN events_event e "
                    "ON e.id = s.event_id + %(k)s WHERE s.event_id <= %(offset)s",
                    {"k": k * offset, "offset": offset},
                )
    run([str(BIN / "agenda"), "search_index"], env)
    with psycopg.connect(url, autocommit=True) as db:
        db.execute("VACUUM ANALYZE")
    return url


def drop_postgres(server_url: str, sizes: list[int]) -> None:
    _pg_admin(server_url, *(f"DROP DATABASE IF EXISTS {PG_NAME}_{n}" for n in reversed(sizes)))


def p(values: list[float], q: float) -> float:
    if q == 0.5:
        return statistics.median(values)
    return statistics.quantiles(values, n=20)[int(q * 20) - 1]


HEADER = [
    "| base | événements | question | correspondent | classés | séances | recherche p50 (CPU) "
    "| p95 | page p50 (CPU) | p95 |",
    "|---|---:|---|---:|---:|---:|---:|---:|---:|---:|",
]


def table(result: dict) -> list[str]:
    lines = []
    for row in result["rows"]:
        ranked = f"{row['ranked']:,}".replace(",", " ") + (" (plafond)" if row["capped"] else "")
        lines.append(
            f"| {result['engine']} | {result['events']:,} | {row['question']} "
            f"| {row['matches']:,} | {ranked} | {row['sessions']:,} "
            f"| {p(row['alone'], 0.5):.1f} ms ({p(row['alone_cpu'], 0.5):.1f}) "
            f"| {p(row['alone'], 0.95):.1f} ms "
            f"| {p(row['page'], 0.5):.0f} ms ({p(row['page_cpu'], 0.5):.0f}) "
            f"| {p(row['page'], 0.95):.0f} ms |"
        )
    return lines


def measured(url: str, repeat: int) -> list[str]:
    command = [sys.executable, "-m", "bench.search", "--measure", "--repeat", str(repeat)]
    lines = table(json.loads(run(command, bench_env(url))))
    print("\n".join(lines), file=sys.stderr, flush=True)
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", default="400,4000,40000")
    parser.add_argument("--import-max", type=int, default=4000)
    parser.add_argument("--measure", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument(
        "--database", help="mesurer seulement cette base déjà remplie (fichier SQLite ou URL)"
    )
    parser.add_argument("--repeat", type=int, default=REPEAT)
    parser.add_argument(
        "--from",
        dest="source",
        type=lambda text: Path(text).resolve(),
        help="dossier de bench.run --workdir : ses bases SQLite (nN/agenda.sqlite3)",
    )
    args = parser.parse_args()
    if args.measure:
        print(json.dumps(measure(args.repeat)))
        return
    if args.database:  # a SQLite file, or any database URL
        url = args.database if "://" in args.database else sqlite_url(Path(args.database).resolve())
        print("\n".join(HEADER + measured(url, args.repeat)))
        return
    server = os.environ.get("DATABASE_URL", "")
    server = server if server.startswith(("postgres://", "postgresql://")) else ""
    sizes = [int(size) for size in args.sizes.split(",")]
    base = pg_base = None
    lines = list(HEADER)
    started = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="bench-search-") as tmp:
        try:
            for n in sizes:
                made = prepare(n, Path(tmp), base, args.import_max, args.source)
                print(f"{n} : {made['how']}", file=sys.stderr, flush=True)
                lines += measured(made["url"], args.repeat)
                if server:
                    copied_from = pg_base if n > args.import_max else None
                    url = postgres_copy(made, n, Path(tmp), server, copied_from)
                    lines += measured(url, args.repeat)
                if n <= args.import_max:
                    base, pg_base = (n, made["database"]), n
        finally:
            if server:
                drop_postgres(server, sizes)
    load = ", ".join(f"{value:.1f}" for value in os.getloadavg())
    lines.append(f"\n{time.perf_counter() - started:.0f} s en tout ; charge moyenne {load}.")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
