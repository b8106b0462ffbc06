"""`agenda import_table FILE --organisation SLUG`: compiler-style problems, exit status 1."""

import io

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from agenda.events.models import Event, Organisation

GOOD = "evenement;date;debut;fin\r\nAtelier;12/11/2026;14:00;16:00\r\n"
BAD = GOOD + "Forum;31/02/2026;14:00;\r\nForum;14/11/2026;25h;\r\nSalon;15/11/2026;10:00;09:00\r\n"


@pytest.fixture
def dinum(db):
    return Organisation.objects.create(name="DINUM", slug="dinum")


def run(path, organisation="dinum"):
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_table", str(path), organisation=organisation, stdout=out, stderr=err)
    except CommandError as exc:
        return exc.returncode, out.getvalue(), err.getvalue() + str(exc)
    return 0, out.getvalue(), err.getvalue()


def test_bad_rows_are_printed_like_compiler_errors_and_the_command_exits_with_1(tmp_path, dinum):
    path = tmp_path / "programme.csv"
    path.write_text(BAD, encoding="utf-8")
    status, out, err = run(path)
    assert status == 1
    assert err.splitlines()[:4] == [
        f"{path}:3:2: bad-date: date inexistante « 31/02/2026 » [colonne date]",
        f"{path}:4:3: bad-time: heure illisible « 25h » (attendu HH:MM) [colonne debut]",
        f"{path}:5:4: end-before-start: la fin (15/11/2026 09:00) précède le début "
        "(15/11/2026 10:00) [colonne fin]",
        "3 erreurs : voir ci-dessus",
    ]
    assert "1 événement ; séances : 1 créée" in out
    assert list(Event.objects.values_list("title", flat=True)) == ["Atelier"]


def test_a_clean_file_exits_with_0_and_a_second_run_changes_nothing(tmp_path, dinum):
    path = tmp_path / "programme.csv"
    path.write_bytes(GOOD.encode("cp1252"))
    assert run(path)[0] == 0
    status, out, err = run(path)
    assert (status, err) == (0, "")
    assert "0 créée, 0 mise à jour, 1 inchangée" in out


def test_an_unknown_organisation_or_file_is_refused(tmp_path, dinum):
    assert run(tmp_path / "absent.csv")[0] == 2
    path = tmp_path / "programme.csv"
    path.write_text(GOOD, encoding="utf-8")
    status, _, err = run(path, organisation="inconnue")
    assert (status, err) == (2, "organisation inconnue : « inconnue »")
