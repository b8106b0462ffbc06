"""`agenda import --site DIR`: the images a page refers to are copied into the media storage
through the one image gate, with their alt text; a missing one is a reported problem and never a
broken box. The site folder is our own (tests/site_folder/), nothing of the corpus."""

from pathlib import Path

import pytest
from django.core.management import call_command

from agenda.events.models import Event
from agenda.exchange.services import import_paths

SITE = Path(__file__).parent / "site_folder"
PAGES = SITE / "_evenements"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def problems_of(report, name: str) -> list[tuple[int, str]]:
    return sorted((p.line, p.code) for p in report.problems if p.path.endswith(name))


def test_front_matter_and_body_images_are_copied_from_the_site_with_their_alt(db, media):
    report = import_paths([PAGES], site=SITE)
    assert report.ok
    event = Event.objects.get(slug="atelier-images")
    assert list(event.images.values_list("path", "alt")) == [
        ("/uploads/import/uploads/2026/affiche.png", "Affiche bleue de l’atelier")
    ]
    assert (media / "import/uploads/2026/affiche.png").read_bytes().startswith(b"\x89PNG")
    svg = (media / "import/assets/logo.svg").read_text()
    assert "<rect" in svg and "script" not in svg and "onload" not in svg  # through clean_image
    html = event.body_html
    assert '<img src="/uploads/import/assets/logo.svg" alt="Logo de l’atelier">' in html
    assert '<img src="/uploads/import/uploads/pictogramme.jpg" alt="">' in html
    assert 'src="https://example.org/photo.jpg"' in html  # an external image is kept


def test_a_missing_or_unreadable_image_is_located_and_never_shown(db, media, client):
    report = import_paths([PAGES], site=SITE)
    assert problems_of(report, "atelier-images.md")[:3] == [
        (8, "missing-image"),  # /uploads/absente.png, front matter
        (18, "missing-image"),  # {{ site.baseurl }}/uploads/perdue.png
        (20, "missing-image"),  # faux.png: not an image
    ]
    messages = [p.message for p in report.problems if p.code == "missing-image"]
    assert any("faux.png" in m and "n’est pas une image" in m for m in messages), messages
    event = Event.objects.get(slug="atelier-images")
    page = client.get(event.get_absolute_url()).content.decode()
    assert "absente.png" not in page and "perdue.png" not in page and "faux.png" not in page
    assert "/uploads/import/uploads/2026/affiche.png" in page
    stored = [p["code"] for p in event.problems]
    assert stored.count("missing-image") == 3


def test_an_image_without_alt_text_is_reported_and_shown_as_decorative(db, media, client):
    report = import_paths([PAGES / "sans-alternative.md"], site=SITE)
    assert [code for _, code in problems_of(report, "sans-alternative.md")] == ["missing-alt"]
    event = Event.objects.get()
    page = client.get(event.get_absolute_url()).content.decode()
    assert 'src="/uploads/import/uploads/2026/affiche.png" alt=""' in page


def test_without_site_a_local_image_must_already_be_stored(db, media):
    page = PAGES / "sans-alternative.md"
    report = import_paths([page])
    missing = [p for p in report.problems if p.code == "missing-image"]
    assert [p.line for p in missing] == [5] and "--site" in missing[0].message
    assert Event.objects.get().images.count() == 0
    (media / "2026").mkdir(parents=True)
    (media / "2026" / "affiche.png").write_bytes((SITE / "uploads/2026/affiche.png").read_bytes())
    report = import_paths([page])
    assert "missing-image" not in [p.code for p in report.problems]
    assert list(Event.objects.get().images.values_list("path", flat=True)) == [
        "/uploads/2026/affiche.png"
    ]


def test_the_command_takes_the_site_folder_and_refuses_a_missing_one(db, media, capsys):
    call_command("import", str(PAGES), site=str(SITE))
    assert Event.objects.count() == 2
    assert "missing-image" in capsys.readouterr().err
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dossier introuvable"):
        call_command("import", str(PAGES), site=str(SITE / "absent"))


def test_check_with_the_site_reports_the_images_import_would_miss_and_writes_nothing(
    db, media, capsys
):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError):
        call_command("check", str(PAGES), site=str(SITE))
    out = capsys.readouterr().out
    reported = sorted(
        (line.split(":")[1], line.split(": ")[1]) for line in out.splitlines() if "missing-" in line
    )
    assert reported == [("18", "missing-image"), ("20", "missing-image"), ("5", "missing-alt"),
                        ("8", "missing-image")]  # fmt: skip
    assert "absente.png" in out and "n’est pas une image" in out
    assert not media.exists()  # read and checked, nothing copied
    imported = import_paths([PAGES], site=SITE)  # the same rule at import
    assert (
        sorted((str(p.line), p.code) for p in imported.problems if p.code.startswith("missing-"))
        == reported
    )


def test_check_refuses_a_missing_site_folder(db, media):
    from django.core.management.base import CommandError

    with pytest.raises(CommandError, match="dossier introuvable"):
        call_command("check", str(PAGES), site=str(SITE / "absent"))
