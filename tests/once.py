"""Rows built once for a whole test module, as Django's `setUpTestData`: they are written in a
transaction opened before the module's first test and rolled back after its last; each test's
own transaction is a savepoint inside it, so what a test writes is undone before the next one.
Only for modules without `transactional_db` tests (a flush would end the outer transaction)."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

from django.db import transaction
from django.test import override_settings

from agenda.events import search

T = TypeVar("T")

# The suite's fast hasher (tests/conftest.py sets it per test; rows built here come first).
FAST_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]


@contextmanager
def built_for_the_module(django_db_blocker, build: Callable[[], T]) -> Iterator[T]:
    """In a module-scoped fixture: `with built_for_the_module(django_db_blocker, f) as rows:`."""
    outer = transaction.atomic()
    with override_settings(PASSWORD_HASHERS=FAST_HASHERS), django_db_blocker.unblock():
        outer.__enter__()
        try:
            built = build()
            # The search index is brought up to date by the first search after a write: done
            # here, or it would happen in one test's savepoint and be undone with it.
            search.refresh_stale()
        except BaseException:
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
            raise
    try:
        yield built
    finally:
        with django_db_blocker.unblock():
            transaction.set_rollback(True)
            outer.__exit__(None, None, None)
