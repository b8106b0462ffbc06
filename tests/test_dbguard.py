"""No text PostgreSQL refuses reaches the database, on any engine and from any path."""

import pytest
from django.db import DatabaseError, connection, transaction

from agenda.events.models import Event, Organisation
from agenda.exchange.services import import_paths
from agenda.lib.dbguard import RefusedText, unstorable
from agenda.moderation.models import AuditEntry

pytestmark = pytest.mark.django_db

PAGE = """---
title: "{title}"
event_start_date: 2026-11-12 00:00:00 +01:00
---
Une rencontre.
"""


def test_a_nul_character_is_refused_through_the_orm_and_nothing_is_written():
    with pytest.raises(RefusedText) as refused, transaction.atomic():
        Organisation.objects.create(name="DINUM\x00", slug="dinum")

    assert "caractère NUL (U+0000) refusé dans « DINUM␀ »" in str(refused.value)
    assert not Organisation.objects.exists()


def test_raw_sql_and_bulk_inserts_go_through_the_same_guard():
    with pytest.raises(RefusedText), transaction.atomic(), connection.cursor() as cursor:
        table = Organisation._meta.db_table
        cursor.execute(f"INSERT INTO {table} (name, slug) VALUES (%s, %s)", ["a\x00", "a"])
    with pytest.raises(RefusedText), transaction.atomic():
        Organisation.objects.bulk_create(
            [Organisation(name="Bon", slug="bon"), Organisation(name="M\x00", slug="m")]
        )

    assert not Organisation.objects.exists()


def test_a_nul_inside_a_json_value_is_refused_but_the_escape_shown_as_text_is_kept():
    with pytest.raises(RefusedText), transaction.atomic():
        AuditEntry.objects.create(action="test", changes={"titre": ["avant", "apr\x00s"]})
    organisation = Organisation.objects.create(name=r"Écrire \u0000 en JSON", slug="json")

    assert Organisation.objects.get(pk=organisation.pk).name == r"Écrire \u0000 en JSON"
    assert not AuditEntry.objects.exists()


def test_a_lone_surrogate_is_refused_with_the_same_error():
    with pytest.raises(RefusedText) as refused, transaction.atomic():
        Organisation.objects.create(name="Moi\ud800", slug="moi")

    assert "Unicode" in str(refused.value)
    assert isinstance(refused.value, DatabaseError)


def test_ordinary_text_with_controls_and_emoji_passes():
    assert unstorable("Ligne 1\nLigne 2\tfin 🎉 « guillemets »") == ""
    assert unstorable('{"a": "\\u0000"}') != ""
    assert unstorable(42) == ""


def test_an_imported_page_with_a_nul_fails_alone_and_the_others_land(tmp_path):
    (tmp_path / "2026-11-12-bon.md").write_text(PAGE.format(title="Atelier sans souci"))
    (tmp_path / "2026-11-13-nul.md").write_text(PAGE.format(title="Atelier\x00piégé"))

    report = import_paths([tmp_path])

    assert [event.title for event in report.imported] == ["Atelier sans souci"]
    assert list(Event.objects.values_list("title", flat=True)) == ["Atelier sans souci"]
    assert len(report.failed) == 1 and "2026-11-13-nul.md" in str(report.failed[0].path)
