"""Hostile and careless pages (issue 10.3): each is one located error, the others land; `check`
and `import` read them the same way, so a page that passes `check` imports."""

from __future__ import annotations

import io
import json
import os
import random
import sys

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.test import override_settings

from agenda.events.models import Event
from agenda.exchange.jekyll import parse_page
from agenda.exchange.reading import read_file
from agenda.lib.pages import PageError
from tests.hostile import KINDS, LOL

GOOD = (
    "---\ntitle: Bonne page\nevent_start_date: 2026-11-03\n---\n"
    "**[Le 03/11 de 10h à 11h]** *Atelier*\n"
)


def run(command: str, *args: str) -> tuple[int, str, str]:
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command(command, *args, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def write(folder, name: str, text: str | bytes):
    path = folder / name
    path.write_bytes(text if isinstance(text, bytes) else text.encode("utf-8"))
    return path


def refusal(text: str, name: str = "page.md") -> tuple[int, str, str]:
    """(line, code, message) of the one error that refuses a page."""
    with pytest.raises(PageError) as caught:
        parse_page(text, path=name, slug="page")
    problem = caught.value.problem
    return problem.line, problem.code, problem.message


@pytest.mark.parametrize(
    "front, line, code",
    [
        ("event_start_date: !!timestamp 2026-13-45", 3, "yaml-tag"),
        ("lieu: !!int abc", 3, "yaml-tag"),
        ("layout: !!binary AAECAwQ=", 3, "yaml-tag"),
        ("x: !!python/object/apply:os.system ['true']", 3, "yaml-tag"),
        ("lol: &a [*a]", 3, "yaml-alias"),
        ("lieu: " + "1" * 5000, 3, "yaml-number"),
        ("deep: " + "[" * 50 + "]" * 50, 3, "yaml-depth"),
        ("lieu: [pas fermé", 4, "yaml-syntax"),
    ],
)
def test_a_front_matter_over_budget_is_one_located_error(front, line, code):
    text = f"---\ntitle: T\n{front}\nevent_start_date: 2026-11-03\n---\n"
    assert refusal(text)[:2] == (line, code)


def test_an_alias_bomb_is_refused_before_anything_is_built():
    assert len(LOL.encode()) < 600  # the 549 bytes drove `check` to 6 GB
    line, code, message = refusal(f"---\ntitle: T\n{LOL}---\n")
    assert (line, code) == (3, "yaml-alias")
    assert message == "ancre ou alias YAML (& ou *) refusé : écrire la valeur en entier"


def test_tags_are_named_as_written():
    assert refusal("---\ntitle: T\nx: !!binary AAEC\n---\n")[2] == (
        "étiquette YAML « !!binary » refusée : écrire la valeur sans « ! »"
    )


def test_a_wrong_shape_drops_the_value_with_a_located_error_and_the_page_reads():
    text = (
        "---\ntitle: T\nevent_start_date: 2026-11-03\n"
        "acces: [{type: Metro, lignes: 5}, {type: Bus, lignes: [{nom: '42'}]}]\n"
        "lieu: [Paris, Lyon]\n---\n"
    )
    page = parse_page(text, path="p.md", slug="p")
    assert page.access == [{"type": "Bus", "lignes": [{"nom": "42"}]}]
    assert page.place_label == ""
    assert [(w.line, w.code, w.severity, w.message) for w in page.warnings] == [
        (4, "malformed-field", "error",
         "acces, entrée 1 : lignes : un nombre (5) au lieu d’une liste ; entrée ignorée"),
        (5, "wrong-shape", "error", "lieu : une liste au lieu d’un texte ; valeur ignorée"),
    ]  # fmt: skip


def test_values_that_json_cannot_hold_are_kept_as_text():
    text = "---\ntitle: T\ndate: 2026-11-03\nratio: .inf\n1: un\n~: rien\n---\n"
    page = parse_page(text, path="p.md", slug="p")
    assert page.extra == {"ratio": "inf", "1": "un", "": "rien"}
    json.dumps(page.extra, allow_nan=False)


def test_dates_outside_the_agenda_years_are_refused_where_they_are_written():
    text = "---\ntitle: T\ndate: 2026-10-01\nevent_start_date: 0001-01-01\n---\n"
    page = parse_page(text, path="p.md", slug="p")
    assert page.start is None
    (warning,) = page.warnings
    assert (warning.line, warning.code) == (4, "bad-date")
    assert warning.message == "event_start_date : date hors des années 1900 à 2199 « 0001-01-01 »"


def test_a_page_whose_only_date_is_impossible_says_why_it_has_no_date(tmp_path):
    path = write(tmp_path, "p.md", "---\ntitle: T\nevent_start_date: 0001-01-01\n---\n")
    with pytest.raises(PageError) as caught:
        read_file(path)
    assert str(caught.value.problem) == (
        f"{path}:3:1: no-date: aucune date d’événement ni de publication (event_start_date : "
        "date hors des années 1900 à 2199 « 0001-01-01 »)"
    )


def test_a_session_outside_the_agenda_years_is_dropped_and_located():
    text = (
        "---\ntitle: T\n---\n**[Le 01/01/1800 de 10h à 11h]** *Jadis*\n\n"
        "**[Le 03/11/2026 de 10h à 11h]** *Atelier*\n"
    )
    page = parse_page(text, path="p.md", slug="p")
    assert [s.title for s in page.sessions] == ["Atelier"]
    assert [(w.line, w.code) for w in page.warnings] == [(4, "bad-date")]


def test_a_programme_over_the_session_cap_is_refused_without_building_it():
    text = "---\ntitle: T\n---\n\n**[Du 01/01/2000 au 31/12/2099 de 10h à 11h]** *Tous*\n"
    line, code, message = refusal(text)
    assert (line, code) == (5, "too-many-sessions")
    assert message.startswith("programme de plus de 500 séances : au plus 500 par événement")


@override_settings(MAX_SESSIONS_PER_EVENT=3)
def test_the_session_cap_is_a_setting():
    four = "".join(f"**[Le 0{d}/11/2026 de 10h à 11h]** *Atelier {d}*\n\n" for d in (2, 3, 4, 5))
    assert refusal("---\ntitle: T\n---\n" + four)[1] == "too-many-sessions"
    three = "".join(f"**[Le 0{d}/11/2026 de 10h à 11h]** *Atelier {d}*\n\n" for d in (2, 3, 4))
    assert len(parse_page("---\ntitle: T\n---\n" + three, path="p.md", slug="p").sessions) == 3


def test_a_nul_character_is_refused_where_it_is():
    assert refusal("---\ntitle: T\ndate: 2026-11-03\n---\nabc\x00d\n") == (
        5, "nul-character", "caractère nul (U+0000) dans la page : à supprimer"
    )  # fmt: skip


def test_control_characters_and_line_breaks_are_normalised_in_one_line_fields():
    text = (
        '---\ntitle: "Atelier\\n\\u2028du\\x01\\tjour"\nlieu: "Salle\\x1b[31m A"\n'
        "date: 2026-11-03\n---\n"
    )
    page = parse_page(text, path="p.md", slug="p")
    assert (page.title, page.place_label) == ("Atelier du jour", "Salle[31m A")


def test_pages_over_the_size_budgets_are_refused(tmp_path):
    lines = write(tmp_path, "lines.md", GOOD + "ligne\n" * 10_000)
    big = write(tmp_path, "big.md", GOOD + ("x" * 1023 + "\n") * 260)
    assert [refused_code(lines), refused_code(big)] == ["page-size", "page-size"]


def refused_code(path) -> str:
    with pytest.raises(PageError) as caught:
        read_file(path)
    return caught.value.problem.code


@pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFO on this system")
def test_a_fifo_is_reported_not_read(tmp_path, db):
    os.mkfifo(tmp_path / "tube.md")
    write(tmp_path, "good.md", GOOD)
    status, out, _ = run("check", str(tmp_path / "tube.md"))
    assert (status, out) == (
        1, f"{tmp_path}/tube.md:1:1: not-a-file: un fichier spécial, pas un fichier de page\n"
    )  # fmt: skip
    status, out, _ = run("import", str(tmp_path))  # in a folder, it is not even a page
    assert (status, Event.objects.count()) == (0, 1)


@pytest.mark.skipif(sys.platform == "darwin", reason="macOS refuses file names that are not UTF-8")
def test_a_file_name_that_is_not_utf8_is_reported_printably(tmp_path, db):
    with open(os.fsencode(tmp_path) + b"/caf\xe9.md", "wb") as handle:
        handle.write(GOOD.encode())
    write(tmp_path, "good.md", GOOD.replace("Bonne", "Autre"))
    status, out, err = run("import", str(tmp_path))
    assert status == 1
    assert f"{tmp_path}/caf\\xe9.md:1:1: file-name: nom de fichier qui n’est pas en UTF-8" in err
    assert list(Event.objects.values_list("title", flat=True)) == ["Autre page"]


def test_a_crashing_reader_costs_one_page_not_the_batch(tmp_path, db, monkeypatch):
    from agenda.exchange import reading

    write(tmp_path, "a.md", GOOD.replace("Bonne", "Première"))
    write(tmp_path, "b.md", GOOD.replace("Bonne", "Piégée"))
    real = reading.parse_bytes

    def crash_on_b(data, *, path, slug, **options):
        if path.endswith("b.md"):
            raise RecursionError("a bug of ours")
        return real(data, path=path, slug=slug, **options)

    monkeypatch.setattr(reading, "parse_bytes", crash_on_b)
    status, _, err = run("import", str(tmp_path))
    assert status == 1
    assert (
        f"{tmp_path}/b.md:1:1: reader-error: erreur inattendue à la lecture (RecursionError)" in err
    )
    assert list(Event.objects.values_list("title", flat=True)) == ["Première page"]


def test_a_page_that_takes_too_long_is_stopped_and_reported_as_such(tmp_path, db, monkeypatch):
    import time

    from agenda.exchange import reading

    write(tmp_path, "slow.md", GOOD)
    write(tmp_path, "quick.md", GOOD.replace("Bonne", "Rapide"))
    real = reading.parse_bytes

    def slow(data, *, path, slug, **options):
        if path.endswith("slow.md"):
            time.sleep(30)
        return real(data, path=path, slug=slug, **options)

    monkeypatch.setattr(reading, "parse_bytes", slow)
    monkeypatch.setattr(reading, "PAGE_SECONDS", 0.2)
    status, _, err = run("import", str(tmp_path))
    assert status == 1
    assert f"{tmp_path}/slow.md:1:1: too-slow: lecture arrêtée après 0.2 s" in err
    assert list(Event.objects.values_list("title", flat=True)) == ["Rapide page"]


def test_check_and_import_print_json_even_when_pages_fail(tmp_path, db):
    write(tmp_path, "good.md", GOOD)
    write(tmp_path, "bad.md", "---\ntitle: T\nlol: &a [*a]\n---\n")
    status, out, _ = run("check", "--format", "json", str(tmp_path))
    assert status == 1
    assert [(p["path"].rsplit("/", 1)[1], p["line"], p["code"]) for p in json.loads(out)] == [
        ("bad.md", 3, "yaml-alias")
    ]
    status, out, _ = run("import", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert status == 1
    assert [p["code"] for p in report["failed"]] == ["yaml-alias"]
    assert [path.rsplit("/", 1)[1] for path in report["imported"]] == ["good.md"]
    assert report["sessions"] == 1


def test_every_hostile_kind_fails_the_same_way_in_check_and_in_import(tmp_path, db):
    """A page that passes `check` imports; a page refused by one is refused by the other."""
    rng = random.Random(3)
    for n, (kind, make) in enumerate(KINDS.items()):
        data, _ = make(rng, n)
        write(tmp_path, f"{n:02d}-{kind}.md", data)
    _, out, _ = run("check", "--format", "json", str(tmp_path))
    refused_by_check = {
        p["path"] for p in json.loads(out) if p["code"] in REFUSALS and p["severity"] == "error"
    }
    _, out, _ = run("import", "--format", "json", str(tmp_path))
    report = json.loads(out)
    assert {p["path"] for p in report["failed"]} == refused_by_check
    assert refused_by_check and report["imported"]
    assert not {p["code"] for p in report["failed"]} & {"reader-error", "too-slow", "not-saved"}


REFUSALS = {
    "yaml-tag", "yaml-alias", "yaml-number", "yaml-depth", "yaml-size", "yaml-syntax",
    "missing-title", "no-date", "too-many-sessions", "nul-character", "encoding", "page-size",
    "no-front-matter", "file-name", "not-a-file", "reader-error", "too-slow", "not-saved",
}  # fmt: skip
