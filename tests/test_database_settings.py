"""The SQLite database as the settings open it: WAL (the site reads while an import writes),
IMMEDIATE transactions, and the file read through a memory map."""

import pytest
from django.db import connection
from django.db.backends.sqlite3.base import DatabaseWrapper


@pytest.fixture
def sqlite_file(db, tmp_path):
    if connection.vendor != "sqlite":
        pytest.skip("réglages propres à SQLite (base PostgreSQL ici)")
    settings = {**connection.settings_dict, "NAME": str(tmp_path / "agenda.sqlite3")}
    wrapper = DatabaseWrapper(settings, alias="probe")
    yield wrapper
    wrapper.close()


def pragma(wrapper: DatabaseWrapper, name: str):
    with wrapper.cursor() as cursor:
        cursor.execute(f"PRAGMA {name}")
        return cursor.fetchone()[0]


def test_a_sqlite_file_is_opened_in_wal_mode_and_read_through_a_memory_map(sqlite_file):
    assert pragma(sqlite_file, "journal_mode") == "wal"
    assert pragma(sqlite_file, "synchronous") == 1  # NORMAL
    assert pragma(sqlite_file, "mmap_size") == 256 * 1024 * 1024
    assert sqlite_file.transaction_mode == "IMMEDIATE"
