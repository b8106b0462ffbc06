"""Seats hold under concurrency: real connections from threads, real commits.

On PostgreSQL: 200 registrations at once (40 clients × 5) for 50 seats. On SQLite: the
concurrency it allows (8 clients × 10 for 20 seats; writers queue on the BEGIN IMMEDIATE lock).
Also: the same address from many clients at once, and reminders sent by concurrent runs.
"""

import datetime as dt
import sqlite3
import threading
import time
from collections.abc import Callable

import pytest
from django.db import connection, connections
from django.utils import timezone

from agenda.events.models import PARIS, Session
from agenda.registrations import services
from agenda.registrations.models import Registration

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("concurrent_db"),
]
State = Registration.State


@pytest.fixture
def concurrent_db(transactional_db, tmp_path, monkeypatch):
    """On SQLite, these tests run on a file, like a real site. The test database is in memory
    with a shared cache, where a writer meeting a lock fails at once ("database table is
    locked": SQLITE_LOCKED skips the busy timeout), which says nothing about production.
    The in-memory database is copied to a file, and every connection (this thread's and the
    clients') opens the file, with a 30 s busy timeout, until the test ends."""
    if connection.vendor != "sqlite":
        yield
        return
    from django.db.backends.sqlite3.base import DatabaseWrapper

    memory = connections["default"]
    memory.ensure_connection()
    path = tmp_path / "concurrency.sqlite3"
    with sqlite3.connect(path) as target:
        memory.connection.backup(target)
    target.close()
    file_settings = {
        **memory.settings_dict,
        "NAME": str(path),
        "OPTIONS": {**memory.settings_dict.get("OPTIONS", {}), "timeout": 30},
    }
    monkeypatch.setitem(connections.settings, "default", file_settings)
    on_file = DatabaseWrapper(file_settings, "default")
    connections["default"] = on_file
    try:
        yield
    finally:
        on_file.close()
        connections["default"] = memory


def soon(days: int, hour: int = 14) -> dt.datetime:
    day = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


def native_session(make_event, capacity: int, days: int = 10) -> Session:
    event = make_event("Forum", sessions=[(soon(days), soon(days, 17), "Plénière", {})])
    session = event.sessions.get()
    Session.objects.filter(pk=session.pk).update(
        registration=Session.Registration.NATIVE, capacity=capacity, waitlist_enabled=True
    )
    session.refresh_from_db()
    return session


def run_clients(count: int, work: Callable[[int], list]) -> tuple[list, list, float]:
    """Start `count` threads together; each returns a list of results. Every thread closes its
    connections at its end. Returns (results, errors, seconds)."""
    barrier = threading.Barrier(count)
    lock = threading.Lock()
    results: list = []
    errors: list = []

    def client(number: int) -> None:
        try:
            barrier.wait()
            done = work(number)
            with lock:
                results.extend(done)
        except Exception as error:  # noqa: BLE001 (reported by the test)
            with lock:
                errors.append(f"client {number}: {error!r}")
        finally:
            connections.close_all()

    threads = [threading.Thread(target=client, args=(n,)) for n in range(count)]
    started = time.perf_counter()
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=300)
    return results, errors, time.perf_counter() - started


def registrations_by(session: Session, clients: int, per_client: int) -> tuple[list, list, float]:
    def work(number: int) -> list:
        done = []
        for k in range(per_client):
            outcome = services.register(
                session=session,
                name=f"Client {number} n° {k}",
                email=f"client{number}-{k}@example.org",
                consent=True,
            )
            done.append((number, k, outcome.registration.pk, outcome.created))
        return done

    return run_clients(clients, work)


def assert_seats_and_waitlist(session, results, *, total: int, seats: int, per_client: int):
    assert len(results) == total and all(created for *_, created in results)
    rows = list(Registration.objects.filter(session=session).order_by("pk"))
    assert len(rows) == total  # nothing lost
    assert len({r.email.lower() for r in rows}) == total  # no duplicate
    confirmed = [r for r in rows if r.state == State.CONFIRMED]
    waitlisted = sorted((r for r in rows if r.state == State.WAITLISTED), key=lambda r: r.position)
    assert len(confirmed) == seats
    assert [r.position for r in waitlisted] == list(range(1, total - seats + 1))
    # Arrival order: the order the lock was obtained in, i.e. insertion (pk) and time order.
    assert [r.pk for r in waitlisted] == sorted(r.pk for r in waitlisted)
    assert [r.created_at for r in waitlisted] == sorted(r.created_at for r in waitlisted)
    assert max(r.created_at for r in confirmed) <= min(r.created_at for r in waitlisted)
    # Each client's own registrations kept their order too.
    by_pk = {r.pk: r for r in rows}
    for number in {n for n, *_ in results}:
        mine = sorted((k, pk) for n, k, pk, _ in results if n == number)
        ranks = [by_pk[pk].position or 0 for _, pk in mine]
        assert ranks == sorted(ranks)
    return len(confirmed), len(waitlisted)


def test_200_concurrent_registrations_for_50_seats_on_postgresql(make_event, mailoutbox):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…): row locks under real load")
    session = native_session(make_event, capacity=50)
    results, errors, seconds = registrations_by(session, clients=40, per_client=5)
    assert errors == []
    confirmed, waitlisted = assert_seats_and_waitlist(
        session, results, total=200, seats=50, per_client=5
    )
    assert (confirmed, waitlisted) == (50, 150)
    assert len(mailoutbox) == 200  # one confirmation or waitlist email each, after commit
    print(f"\nPostgreSQL: 200 registrations by 40 clients in {seats_rate(seconds, 200)}")


def test_concurrent_registrations_on_sqlite(make_event, mailoutbox):
    if connection.vendor != "sqlite":
        pytest.skip("the SQLite variant")
    # Writers queue on the file's lock (30 s busy timeout); the service retries beyond it.
    session = native_session(make_event, capacity=20)
    results, errors, seconds = registrations_by(session, clients=8, per_client=10)
    assert errors == []
    assert assert_seats_and_waitlist(session, results, total=80, seats=20, per_client=10) == (
        20,
        60,
    )
    assert len(mailoutbox) == 80
    print(f"\nSQLite: 80 registrations by 8 clients in {seats_rate(seconds, 80)}")


def test_the_same_address_from_many_clients_at_once_is_one_registration(make_event):
    session = native_session(make_event, capacity=5)

    def work(number: int) -> list:
        outcome = services.register(
            session=session, name="Camille", email="Camille@Example.org", consent=True
        )
        return [outcome.created]

    results, errors, _ = run_clients(12, work)
    assert errors == []
    assert sorted(results) == [False] * 11 + [True]
    assert Registration.objects.filter(session=session).count() == 1


def test_concurrent_cancellations_promote_each_waiting_person_once(make_event):
    session = native_session(make_event, capacity=10)
    people = [
        services.register(
            session=session, name=f"P{n}", email=f"p{n}@example.org", consent=True
        ).registration
        for n in range(20)
    ]

    def work(number: int) -> list:
        services.cancel(registration=people[number])
        return [number]

    _, errors, _ = run_clients(10, work)
    assert errors == []
    confirmed = Registration.objects.filter(session=session, state=State.CONFIRMED)
    assert sorted(confirmed.values_list("email", flat=True)) == sorted(
        f"p{n}@example.org" for n in range(10, 20)
    )
    assert not Registration.objects.filter(state=State.WAITLISTED).exists()


def test_reminders_run_concurrently_send_one_email_per_registrant(make_event, mailoutbox):
    session = native_session(make_event, capacity=30, days=1)
    for n in range(30):
        services.register(session=session, name=f"P{n}", email=f"p{n}@example.org", consent=True)
    Registration.objects.update(confirmed_at=timezone.now() - dt.timedelta(days=2))
    mailoutbox.clear()

    results, errors, _ = run_clients(4, lambda number: [services.send_reminders()])
    assert errors == []
    assert sum(results) == 30
    assert sorted(m.to[0] for m in mailoutbox) == sorted(f"p{n}@example.org" for n in range(30))
    assert services.send_reminders() == 0  # and a later run sends nothing


def seats_rate(seconds: float, count: int) -> str:
    return f"{seconds:.2f} s ({count / seconds:.0f} registrations/s)"
