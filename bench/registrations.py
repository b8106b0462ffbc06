"""Registrations per second on PostgreSQL with 32 concurrent clients (issue 5).

`run(database_url)` measures in a child process (Django is set up there, on that database):
32 client processes, forked once Django is ready, each with its own connection, register
people to one session through `agenda.registrations.services.register` (the row lock, the
counts, the insert, the confirmation or waitlist email built after commit; emails go to
Django's in-memory backend, not to a mail server). They start together and stop after a
fixed number of registrations. Then the seats are checked: exactly `capacity` confirmed, the
rest waitlisted with positions 1..n, no error, nothing lost. The bench's rows are deleted.

Alone: `python -m bench.registrations [--database-url postgres://…] [--clients 32]`.
The database is created when missing and migrated.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/agenda_bench"


def run(
    database_url: str,
    *,
    clients: int = 32,
    per_client: int = 25,
    emails: bool = True,
    timeout: float = 900,
) -> dict:
    """Measure; returns {"registrations_per_s", "clients", "registrations", "seconds",
    "p50_ms", "p99_ms", "errors", "confirmed", "waitlisted", "capacity", "integrity",
    "emails", "load_average", ...}. `emails=False` skips building the emails (to see the
    database side alone); the default measures what a registration really costs."""
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "DJANGO_SETTINGS_MODULE": "agenda.settings",
        "DEBUG": "false",
        "SECRET_KEY": os.environ.get("SECRET_KEY", "bench"),
        "EMAIL_BACKEND": "django.core.mail.backends.locmem.EmailBackend",
        "CACHE_URL": "locmem://",
        "LOG_LEVEL": "ERROR",
    }
    command = [
        sys.executable, "-m", "bench.registrations", "--child",
        "--clients", str(clients), "--per-client", str(per_client),
        *([] if emails else ["--without-email"]),
    ]  # fmt: skip
    done = subprocess.run(
        command, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout
    )
    if done.returncode != 0:
        raise RuntimeError(f"bench.registrations a échoué :\n{done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def summary(result: dict) -> str:
    check = "places exactes" if result["integrity"] else "ERREUR D’INTÉGRITÉ"
    errors = f", {result['errors']} erreurs" if result["errors"] else ""
    emails = "" if result["emails"] else " (sans construire les courriels)"
    load = " / ".join(f"{value:.1f}" for value in result["load_average"])
    return (
        f"{result['registrations_per_s']:.0f} inscriptions/s avec {result['clients']} clients"
        f"{emails} : {result['registrations']} en {result['seconds']:.1f} s, "
        f"p50 {result['p50_ms']:.0f} ms, p99 {result['p99_ms']:.0f} ms ; "
        f"{result['confirmed']} confirmées pour {result['capacity']} places, "
        f"{result['waitlisted']} en liste d’attente, {check}{errors} ; "
        f"charge machine début / fin {load}"
    )


# --- the child process -------------------------------------------------------------------------


def ensure_database(database_url: str) -> None:
    """CREATE DATABASE when it does not exist (connecting to the server's `postgres` base)."""
    import dj_database_url
    import psycopg
    from psycopg import sql

    config = dj_database_url.parse(database_url)
    if "postgresql" not in config["ENGINE"]:
        return
    params = {
        "host": config.get("HOST") or None,
        "port": config.get("PORT") or None,
        "user": config.get("USER") or None,
        "password": config.get("PASSWORD") or None,
    }
    with psycopg.connect(dbname="postgres", autocommit=True, **params) as admin:
        exists = admin.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", (config["NAME"],)
        ).fetchone()
        if not exists:
            admin.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(config["NAME"])))


def prepare(total: int):
    import datetime as dt

    from django.core.management import call_command
    from django.utils import timezone

    from agenda.events.lookups import default_programme
    from agenda.events.models import Event, Session

    call_command("migrate", verbosity=0)
    start = timezone.now() + dt.timedelta(days=30)
    event = Event.objects.create(
        programme=default_programme(),
        slug=f"bench-inscriptions-{time.time_ns()}",
        title="Bench des inscriptions",
        starts_at=start,
        status=Event.Status.PUBLISHED,
    )
    return Session.objects.create(
        event=event,
        starts_at=start,
        ends_at=start + dt.timedelta(hours=2),
        title="Séance du bench",
        registration=Session.Registration.NATIVE,
        capacity=total // 4,  # a quarter get a seat, the rest go through the waitlist path
        waitlist_enabled=True,
    )


def client(number: int, session_pk: int, per_client: int, barrier, queue) -> None:
    from django.db import connections

    from agenda.events.models import Session
    from agenda.registrations import services

    session = Session.objects.get(pk=session_pk)
    latencies, errors = [], []
    barrier.wait()
    for k in range(per_client):
        started = time.perf_counter()
        try:
            services.register(
                session=session,
                name=f"Client {number} n° {k}",
                email=f"bench-{number}-{k}@example.org",
                consent=True,
            )
        except Exception as error:  # noqa: BLE001 (counted and reported)
            errors.append(repr(error))
        latencies.append(time.perf_counter() - started)
    connections.close_all()
    queue.put((latencies, errors))


def child(clients: int, per_client: int, emails: bool = True) -> dict:
    import multiprocessing

    ensure_database(os.environ["DATABASE_URL"])
    import django

    django.setup()
    from django.db import connection, connections

    from agenda.registrations import notifications
    from agenda.registrations.models import Registration

    if not emails:
        notifications.queue = lambda *args, **kwargs: None
    load_at_start = os.getloadavg()[0]
    total = clients * per_client
    session = prepare(total)
    connections.close_all()  # no connection crosses the fork
    context = multiprocessing.get_context("fork")
    barrier, queue = context.Barrier(clients + 1), context.Queue()
    processes = [
        context.Process(target=client, args=(n, session.pk, per_client, barrier, queue))
        for n in range(clients)
    ]
    for process in processes:
        process.start()
    barrier.wait()
    started = time.perf_counter()
    reports = [queue.get(timeout=600) for _ in processes]
    seconds = time.perf_counter() - started
    for process in processes:
        process.join(timeout=60)
    latencies = sorted(s for report in reports for s in report[0])
    errors = [e for report in reports for e in report[1]]
    rows = Registration.objects.filter(session=session)
    confirmed = rows.filter(state=Registration.State.CONFIRMED).count()
    positions = sorted(
        rows.filter(state=Registration.State.WAITLISTED).values_list("position", flat=True)
    )
    integrity = (
        confirmed == session.capacity
        and positions == list(range(1, total - session.capacity + 1))
        and rows.count() == total
    )
    rows.delete()
    session.event.delete()
    return {
        "registrations_per_s": round(total / seconds, 1),
        "clients": clients,
        "registrations": total,
        "seconds": round(seconds, 3),
        "p50_ms": round(statistics.median(latencies) * 1000, 1),
        "p99_ms": round(latencies[int(0.99 * (len(latencies) - 1))] * 1000, 1),
        "errors": len(errors),
        "first_errors": errors[:3],
        "capacity": session.capacity,
        "confirmed": confirmed,
        "waitlisted": len(positions),
        "integrity": integrity,
        "emails": emails,
        "database": connection.vendor,
        "cpus": os.cpu_count(),
        "load_average": [round(load_at_start, 2), round(os.getloadavg()[0], 2)],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Inscriptions par seconde (PostgreSQL).")
    parser.add_argument("--database-url", default=os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL))
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--per-client", type=int, default=25)
    parser.add_argument(
        "--without-email", action="store_true", help="ne pas construire les courriels"
    )
    parser.add_argument("--child", action="store_true", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        print(json.dumps(child(args.clients, args.per_client, not args.without_email)))
        return 0
    result = run(
        args.database_url,
        clients=args.clients,
        per_client=args.per_client,
        emails=not args.without_email,
    )
    print(summary(result))
    print(json.dumps(result))
    return 0 if result["integrity"] and not result["errors"] else 1


if __name__ == "__main__":
    sys.exit(main())
