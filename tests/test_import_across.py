"""Cross-page checks at import: a page is compared with the other pages of the import and with
the stored events it could clash with (duplicate event, reused registration link)."""

import pytest

from agenda.events.models import Event
from agenda.exchange.crosscheck import cross_problems
from agenda.exchange.jekyll import parse_page
from agenda.exchange.services import import_paths

PAGE = """---
title: {title}
event_start_date: {start}
---

Rencontre autour du numérique.

<a href="{link}">Inscriptions</a>
"""
LINK = "https://www.eventbrite.fr/e/billets-rencontre-2022-449408933217"


def write(folder, name, title, start="2026-11-12 14:00:00 +01:00", link=LINK):
    path = folder / name
    path.write_text(PAGE.format(title=title, start=start, link=link), encoding="utf-8")
    return path


def codes(problems, path) -> list[str]:
    return sorted(p.code for p in problems if p.path == str(path))


def test_two_pages_of_one_import_for_one_event_are_reported_and_stored(db, tmp_path):
    write(tmp_path, "a-rencontre.md", "Rencontre numérique")
    double = write(tmp_path, "b-copie.md", "Rencontre numérique", link="https://a.fr/x")
    report = import_paths([tmp_path])
    assert report.ok
    assert codes(report.problems, double) == ["duplicate-event"]
    event = Event.objects.get(slug="b-copie")
    assert [p["code"] for p in event.problems] == ["duplicate-event"]
    assert "a-rencontre.md" in event.problems[0]["message"]


def test_a_page_imported_later_is_compared_with_the_stored_events(db, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    write(tmp_path / "a", "edition-2022.md", "Rencontre 2022", start="2022-11-10 14:00:00 +01:00")
    assert import_paths([tmp_path / "a"]).ok
    later = write(tmp_path / "b", "edition-2026.md", "Rencontre 2026")
    report = import_paths([later])
    assert codes(report.problems, later) == ["reused-link"]
    assert "Rencontre 2022" in report.problems[0].message
    stored = Event.objects.get(slug="edition-2026").problems
    assert [p["code"] for p in stored] == ["reused-link"]


def test_a_stored_event_is_the_original_and_the_new_page_the_double(db, tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a").mkdir()
    write(tmp_path / "b", "z-rencontre.md", "Rencontre numérique")
    assert import_paths([tmp_path / "b"]).ok
    double = write(tmp_path / "a", "a-rencontre.md", "Rencontre numérique", link="https://a.fr/x")
    report = import_paths([double])
    assert codes(report.problems, double) == ["duplicate-event"]
    assert Event.objects.get(slug="z-rencontre").problems == []


def test_pages_sharing_nothing_are_not_compared_and_report_nothing_across(db, tmp_path):
    write(tmp_path, "a.md", "Atelier", start="2026-11-10 14:00:00 +01:00", link="https://a.fr/1")
    write(tmp_path, "b.md", "Atelier", start="2026-11-20 14:00:00 +01:00", link="https://a.fr/2")
    report = import_paths([tmp_path])
    assert [p.code for p in report.problems if p.code in ("duplicate-event", "reused-link")] == []


def test_a_form_page_is_compared_with_the_stored_events_but_not_with_its_own(db, tmp_path):
    write(tmp_path, "rencontre.md", "Rencontre numérique")
    assert import_paths([tmp_path]).ok
    text = PAGE.format(title="Rencontre numérique", start="2026-11-12 14:00:00 +01:00", link=LINK)
    form_page = parse_page(text, path="formulaire", slug="nouvelle")
    assert sorted(p.code for p in cross_problems([form_page])) == ["duplicate-event"]
    assert cross_problems([form_page], exclude_slug="rencontre") == []


def test_saving_a_form_for_an_event_already_stored_warns_of_the_double(db, client, organiser, ditp):
    from tests import contributors as t
    from tests.moderating import NEW, edit_url, warnings_in

    client.force_login(organiser)
    client.post(NEW, t.form_post(t.snapshot(ditp), action="submit"))
    first = Event.objects.get()
    assert first.problems == []  # alone, it has nothing to be the double of
    client.post(NEW, t.form_post(t.snapshot(ditp), action="submit"))
    double = Event.objects.exclude(pk=first.pk).get()
    assert double.status == Event.Status.DRAFT  # the warning must be acknowledged
    warnings = warnings_in(client.get(edit_url(double)).content.decode())
    assert any("même événement que" in warning for warning in warnings), warnings


@pytest.mark.parametrize(
    "other",
    [
        "Atelier données ouvertes 2026 (bis)",
        "Atelier données ouvertes 2026 [copie]",
        "Atelier des données ouvertes 2026",
    ],
)
def test_titles_alike_are_compared_whatever_part_of_them_differs(db, tmp_path, other):
    write(tmp_path, "a.md", "Atelier données ouvertes 2026", link="https://a.fr/1")
    double = write(tmp_path, "b.md", other, link="https://a.fr/2")
    report = import_paths([tmp_path])
    assert codes(report.problems, double) == ["duplicate-event"]


def test_pages_that_clash_are_compared_as_they_were_read_not_read_again(db, tmp_path, monkeypatch):
    """The pages of the cross-page pass are kept as they come by (`services.KeptPages`): the
    problems of pages read once are those of pages read again, and no file is read twice."""
    from agenda.exchange import services

    write(tmp_path, "2026-11-12-a.md", "Rencontre numérique")
    write(tmp_path, "2026-11-12-b.md", "Rencontre numérique", link="https://a.fr/x")
    write(tmp_path, "2026-11-13-c.md", "Autre chose", start="2026-11-13 14:00:00 +01:00")
    write(tmp_path, "2026-11-14-d.md", "Lien repris", start="2026-11-14 14:00:00 +01:00")
    monkeypatch.setattr(services, "COMMIT_EVERY", 1)  # the clashing pages in batches of one
    read = []
    real_read_file = services.read_file
    monkeypatch.setattr(
        services, "read_file", lambda path, **kw: read.append(path) or real_read_file(path, **kw)
    )
    once = import_paths([tmp_path])
    assert len(read) == 4 and len(once.imported) == 4

    Event.objects.all().delete()
    read.clear()
    monkeypatch.setattr(services.KeptPages, "get", lambda self, path: None)
    again = import_paths([tmp_path])
    assert len(read) == 4 + 4  # each read again: a, b, c and d share a day, a title or a link
    assert [vars(p) for p in once.problems] == [vars(p) for p in again.problems]
    assert {(p.path.rsplit("/", 1)[-1], p.code) for p in once.problems} >= {
        ("2026-11-12-b.md", "duplicate-event"),
        ("2026-11-13-c.md", "reused-link"),
    }
