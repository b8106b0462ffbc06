"""Other sites' front-matter keys: `--map KEY=OURKEY` and named profiles (IMPORT_PROFILES) let a
Hugo or Eleventy collection import, and be checked, without editing its files."""

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agenda.events.models import PARIS, Event
from agenda.exchange.keymaps import KeyMapError, key_map
from agenda.exchange.reading import read_file
from agenda.exchange.services import import_paths

HUGO = """---
title: "Atelier Hugo"
publishDate: 2026-10-01T10:00:00+02:00
eventDate: 2026-11-12T14:00:00+01:00
endDate: 2026-11-12T16:30:00+01:00
location: Maison de l’innovation
summary: Un atelier pour écrire des pages.
draft: true
image: /uploads/atelier.png
audiences: [Élus, Agents publics]
---

Un atelier.
"""

ELEVENTY = """---
title: Rencontre Eleventy
publishedDate: 2026-10-02
startDate: 2026-11-20 09:30
lieu: En ligne
tags: [numérique]
publicCible: Agents publics
---

Une rencontre.
"""

NO_DATE = """---
title: Sans date connue
quand: 2026-11-25
lieu: Lyon
---

Quelque chose.
"""


def write(folder, name, text):
    path = folder / name
    path.write_text(text, encoding="utf-8")
    return path


def test_a_hugo_page_is_read_with_the_hugo_profile(tmp_path):
    page = read_file(write(tmp_path, "atelier.md", HUGO), keys=key_map(profile="hugo"))
    assert page.start.value.isoformat() == "2026-11-12T14:00:00"
    assert page.end.value.isoformat() == "2026-11-12T16:30:00"
    assert page.published_at is not None and page.place_label == "Maison de l’innovation"
    assert page.chapeau == "Un atelier pour écrire des pages."
    assert page.draft is True  # draft: true
    assert [image.path for image in page.images] == ["/uploads/atelier.png"]
    assert page.key_lines["event_start_date"] == 4  # problems point at their key as written
    assert page.audiences == ["Élus", "Agents publics"]  # `audiences`, Hugo's taxonomy


def test_a_folder_of_eleventy_pages_imports_with_the_profile(db, tmp_path, capsys):
    write(tmp_path, "rencontre.md", ELEVENTY)
    call_command("import", str(tmp_path), profile="eleventy")
    event = Event.objects.get()
    assert event.starts_at.astimezone(PARIS).isoformat() == "2026-11-20T09:30:00+01:00"
    assert event.status == Event.Status.PUBLISHED
    assert list(event.audiences.values_list("name", flat=True)) == ["Agents publics"]


def test_map_options_add_to_a_profile_and_win_over_it(db, tmp_path):
    write(tmp_path, "sans-date.md", NO_DATE)
    keys = key_map(maps=["quand=event_start_date", "startDate=event_end_date"], profile="eleventy")
    assert keys["quand"] == "event_start_date" and keys["startDate"] == "event_end_date"
    report = import_paths([tmp_path], keys=keys)
    assert report.ok
    assert Event.objects.get().starts_at.astimezone(PARIS).date().isoformat() == "2026-11-25"


def test_a_page_without_a_date_under_any_key_is_one_error_listing_the_keys_seen(
    db, tmp_path, capsys
):
    path = write(tmp_path, "sans-date.md", NO_DATE)
    with pytest.raises(CommandError):
        call_command("import", str(tmp_path), profile="hugo")
    err = capsys.readouterr().err
    lines = [line for line in err.splitlines() if line.startswith(str(path))]
    assert len(lines) == 1
    assert lines[0].startswith(f"{path}:1:1: no-date: ")
    assert "aucune des clés event_start_date, event_date, dateEvent, date, publishDate" in lines[0]
    assert "eventDate, startDate" in lines[0]
    assert "clés de la page : title, quand, lieu" in lines[0]
    with pytest.raises(CommandError):
        call_command("check", str(tmp_path), profile="hugo")
    assert "clés de la page : title, quand, lieu" in capsys.readouterr().out


def test_check_reads_the_same_keys_as_import(tmp_path, capsys):
    write(tmp_path, "atelier.md", HUGO)
    with pytest.raises(CommandError):
        call_command("check", str(tmp_path))  # without the profile: no date
    assert "no-date" in capsys.readouterr().out
    call_command("check", str(tmp_path), "--map", "eventDate=event_start_date")
    assert "no-date" not in capsys.readouterr().out


def test_a_key_of_ours_written_in_the_page_wins_over_a_mapped_one(tmp_path):
    text = HUGO.replace("title:", "event_start_date: 2026-11-13 10:00:00 +01:00\ntitle:")
    page = read_file(write(tmp_path, "atelier.md", text), keys=key_map(profile="hugo"))
    assert page.start.value.isoformat() == "2026-11-13T10:00:00"
    assert [(w.code, w.line) for w in page.warnings if w.code == "mapped-key"] == [
        ("mapped-key", 5)
    ]


@pytest.mark.parametrize(
    ("maps", "profile", "message"),
    [
        (["eventDate"], None, "attendu CLÉ=NOTRE_CLÉ"),
        (["eventDate=debut"], None, "clé inconnue : debut"),
        ([], "jekyll-2", "profil « jekyll-2 » inconnu (profils : eleventy, hugo)"),
    ],
)
def test_a_bad_map_or_profile_is_refused_with_its_reason(maps, profile, message):
    with pytest.raises(KeyMapError, match=message.replace("(", r"\(").replace(")", r"\)")):
        key_map(maps=maps, profile=profile)


def test_many_pages_are_read_by_several_processes_in_order_with_their_failures(
    tmp_path, monkeypatch
):
    from agenda.exchange import reading

    monkeypatch.setattr(reading, "CHUNK", 2)
    monkeypatch.setattr(reading.os, "cpu_count", lambda: 2)
    for index in range(5):
        write(tmp_path, f"p{index}.md", ELEVENTY.replace("Rencontre", f"Rencontre {index}"))
    write(tmp_path, "p2b.md", NO_DATE)
    pages, failures = reading.read_pages([tmp_path], keys=key_map(profile="eleventy"))
    assert [page.title for page in pages] == [f"Rencontre {i} Eleventy" for i in range(5)]
    assert [(problem.path.endswith("p2b.md"), problem.code) for problem in failures] == [
        (True, "no-date")
    ]


MAPPED_WITH_MISTAKES = """---
title: "Atelier Hugo"
publishDate: 2026-06-01T10:00:00+02:00
eventDate: 2026-07-12T14:00:00+01:00
summary: Rendez-vous le 12 juillet 2025 pour l'atelier.
infos:
- intitule: Inscription
  mailto: contact@example.org
image: /uploads/atelier.png
---

Un atelier.
"""


def test_content_problems_of_mapped_keys_point_at_the_lines_written(db, tmp_path):
    path = write(tmp_path, "atelier.md", MAPPED_WITH_MISTAKES)
    keys = key_map(maps=["infos=champs_informations"], profile="hugo")
    found = {
        (p.code, p.line, p.column)
        for p in import_paths([path], keys=keys).problems
        if p.code in ("bad-date", "other-year", "malformed-field", "missing-alt")
    }
    assert found == {
        ("bad-date", 4, 12),  # eventDate: +01:00 in July
        ("other-year", 5, 25),  # summary: « 12 juillet 2025 »
        ("malformed-field", 7, 3),  # infos: mailto instead of lien
        ("missing-alt", 9, 8),  # image: no alternative text
    }
