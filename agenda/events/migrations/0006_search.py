"""Search: the words of each event (SearchEntry) and their index, FTS5 on SQLite (an
external-content table kept in step by triggers), a GIN index on the `simple` tsvector on
PostgreSQL. Entries are filled after migrating (agenda/events/search.py, fill_missing)."""

import django.db.models.deletion
from django.db import migrations, models


SQLITE = [
    """CREATE VIRTUAL TABLE events_search_fts USING fts5(
        text, content='events_searchentry', content_rowid='event_id',
        tokenize='unicode61 remove_diacritics 0'
    )""",
    """CREATE TRIGGER events_search_ai AFTER INSERT ON events_searchentry BEGIN
        INSERT INTO events_search_fts(rowid, text) VALUES (new.event_id, new.text);
    END""",
    """CREATE TRIGGER events_search_ad AFTER DELETE ON events_searchentry BEGIN
        INSERT INTO events_search_fts(events_search_fts, rowid, text)
        VALUES ('delete', old.event_id, old.text);
    END""",
    """CREATE TRIGGER events_search_au AFTER UPDATE ON events_searchentry BEGIN
        INSERT INTO events_search_fts(events_search_fts, rowid, text)
        VALUES ('delete', old.event_id, old.text);
        INSERT INTO events_search_fts(rowid, text) VALUES (new.event_id, new.text);
    END""",
]
SQLITE_DROP = [
    "DROP TRIGGER IF EXISTS events_search_au",
    "DROP TRIGGER IF EXISTS events_search_ad",
    "DROP TRIGGER IF EXISTS events_search_ai",
    "DROP TABLE IF EXISTS events_search_fts",
]
POSTGRESQL = [
    "CREATE INDEX events_search_gin ON events_searchentry "
    "USING GIN (to_tsvector('simple'::regconfig, text))",
]
POSTGRESQL_DROP = ["DROP INDEX IF EXISTS events_search_gin"]


def _run(schema_editor, statements: dict) -> None:
    for sql in statements.get(schema_editor.connection.vendor, []):
        schema_editor.execute(sql)


def create_index(apps, schema_editor) -> None:
    _run(schema_editor, {"sqlite": SQLITE, "postgresql": POSTGRESQL})


def drop_index(apps, schema_editor) -> None:
    _run(schema_editor, {"sqlite": SQLITE_DROP, "postgresql": POSTGRESQL_DROP})


class Migration(migrations.Migration):

    dependencies = [
        ('events', '0005_place_area_editions_archive'),
    ]

    operations = [
        migrations.CreateModel(
            name='SearchEntry',
            fields=[
                ('event', models.OneToOneField(on_delete=django.db.models.deletion.CASCADE, primary_key=True, related_name='search_entry', serialize=False, to='events.event')),
                ('text', models.TextField(blank=True)),
            ],
            options={
                'verbose_name': 'texte de recherche',
            },
        ),
        migrations.RunPython(create_index, drop_index),
    ]
