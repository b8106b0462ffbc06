"""`agenda backup` / `agenda restore`: one archive, identical content back, on either engine."""

import io
import json
import os
import subprocess
import sys
import tarfile
from pathlib import Path

import pytest
from django.contrib.auth import get_user_model
from django.core.management import CommandError, call_command

from agenda.accounts.models import Membership
from agenda.events.models import Event, Organisation
from agenda.lib.backup import BackupError, archive_content, backup, restore
from agenda.registrations.models import Registration
from tests.conftest import IN_CI, native_session, require_shared

ROOT = Path(__file__).resolve().parents[1]
PG_URL = "postgres://postgres@127.0.0.1:5432/{name}"


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "uploads"
    (settings.MEDIA_ROOT / "evenements" / "abc").mkdir(parents=True)
    (settings.MEDIA_ROOT / "evenements" / "abc" / "affiche.png").write_bytes(b"\x89PNG 1234")
    return settings.MEDIA_ROOT


@pytest.fixture
def content(transactional_db, make_event, media):
    session = native_session(make_event, "Atelier « données »", "Séance 1", capacity=10)
    user = get_user_model().objects.create_user(
        username="zoe@exemple.fr", email="zoe@exemple.fr", password="x" * 20
    )
    Membership.objects.create(user=user, organisation=Organisation.objects.get(name="DINUM"))
    Registration.objects.create(
        session=session, name="Zoé", email="zoe@exemple.fr", state="confirmed"
    )
    session.event.categories.create(name="Atelier", slug="atelier")
    return session


def test_a_backup_restored_in_place_gives_back_the_same_rows_and_files(content, media, tmp_path):
    before = tmp_path / "avant.tar.gz"
    after = tmp_path / "apres.tar.gz"
    summary = backup(before)
    Event.objects.all().delete()
    (media / "evenements" / "abc" / "affiche.png").write_bytes(b"autre")

    restore(before, replace=True)
    backup(after)

    assert summary.files == 1 and summary.models["events.event"] == 1
    assert summary.models["registrations.registration"] == 1
    assert archive_content(after) == archive_content(before)
    assert (media / "evenements" / "abc" / "affiche.png").read_bytes() == b"\x89PNG 1234"
    assert Registration.objects.get().session.event.title == "Atelier « données »"


def test_restore_refuses_a_database_with_content_unless_told_to_replace_it(content, tmp_path):
    archive = tmp_path / "s.tar.gz"
    backup(archive)

    with pytest.raises(CommandError) as refused:
        call_command("restore", str(archive))

    assert str(refused.value).startswith(f"{archive}: error: la base n’est pas vide")
    assert Event.objects.count() == 1


def hostile_archive(path: Path, member: str, *, manifest: dict | None = None) -> Path:
    with tarfile.open(path, "w:gz") as archive:
        for name, data in (
            ("manifest.json", json.dumps(manifest or {"format": 1}).encode()),
            ("database.jsonl", b""),
            (member, b"pwned"),
        ):
            info = tarfile.TarInfo(name)
            info.size = len(data)
            archive.addfile(info, io.BytesIO(data))
    return path


@pytest.mark.parametrize("member", ["uploads/../../evil.py", "/etc/cron.d/x", "ailleurs.txt"])
def test_restore_refuses_entries_that_would_land_outside_the_uploads(
    transactional_db, media, tmp_path, member
):
    archive = hostile_archive(tmp_path / "piege.tar.gz", member)

    with pytest.raises(BackupError) as refused:
        restore(archive)

    assert f"{member} : entrée refusée" in str(refused.value)
    assert not (tmp_path / "evil.py").exists()


def test_restore_refuses_a_backup_of_another_schema_and_what_is_not_a_backup(
    transactional_db, media, tmp_path
):
    other = {"format": 1, "migrations": {"events": ["0001_initial", "0099_futur"]}, "models": {}}
    archive = hostile_archive(tmp_path / "futur.tar.gz", "uploads/a.png", manifest=other)
    not_a_backup = tmp_path / "texte.tar.gz"
    not_a_backup.write_text("bonjour")

    with pytest.raises(BackupError) as future:
        restore(archive)
    with pytest.raises(BackupError) as garbage:
        restore(not_a_backup)

    assert "manquent ici : events.0099_futur" in str(future.value)
    assert "archive illisible" in str(garbage.value)


# --- between engines, through the command line -------------------------------------------------


def postgres_or_skip():
    try:
        import psycopg

        return psycopg.connect(PG_URL.format(name="postgres"), autocommit=True, connect_timeout=3)
    except Exception as error:  # noqa: BLE001 (any reason PostgreSQL is not there)
        if IN_CI:
            pytest.fail(f"PostgreSQL is needed in CI: {error}")
        pytest.skip(f"PostgreSQL at 127.0.0.1:5432 unreachable: {error}")


@pytest.fixture
def pg_database():
    """A PostgreSQL database of this test's own, dropped afterwards."""
    server = postgres_or_skip()
    name = f"agenda_backup_test_{os.getpid()}"
    with server:
        server.execute(f"DROP DATABASE IF EXISTS {name}")
        server.execute(f"CREATE DATABASE {name}")
        yield PG_URL.format(name=name)
        server.execute(f"DROP DATABASE IF EXISTS {name} WITH (FORCE)")


def run_agenda(script: str, *, database: str, media: Path) -> None:
    """Run Django commands (`agenda …` as call_command) in a process of their own, on the
    given database: the test's own connection stays on the test database."""
    env = {**os.environ, "DATABASE_URL": database, "MEDIA_ROOT": str(media), "DEBUG": "true"}
    env["DJANGO_SETTINGS_MODULE"] = "agenda.settings"
    prelude = "import django; django.setup()\nfrom django.core.management import call_command\n"
    result = subprocess.run(
        [sys.executable, "-c", prelude + script],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=300,
    )
    assert result.returncode == 0, result.stderr


PEOPLE = """
from django.contrib.auth import get_user_model
from agenda.events.models import Organisation, Session
from agenda.registrations.models import Registration
user = get_user_model().objects.create_user("ana@exemple.fr", "ana@exemple.fr", "x" * 20)
user.memberships.create(organisation=Organisation.objects.create(name="DITP", slug="ditp"))
session = Session.objects.order_by("pk").first()
Registration.objects.create(session=session, name="Ana « SS »", email="ana@exemple.fr",
                            state="confirmed")
"""


@pytest.mark.sqlite_only  # its own databases, whichever the run's: one run is enough
def test_the_corpus_and_the_demo_cross_from_sqlite_to_postgresql_and_back_identical(
    tmp_path, pg_database
):
    corpus = require_shared("corpus/numerique.gouv.fr/_evenements")
    sqlite_a = f"sqlite:///{tmp_path / 'a.sqlite3'}"
    sqlite_c = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    media_a, media_b, media_c = (tmp_path / f"uploads-{x}" for x in "abc")
    archive = {x: str(tmp_path / f"{x}.tar.gz") for x in "abc"}

    run_agenda(
        f"""
call_command("migrate", verbosity=0)
call_command("load_demo", verbosity=0)
from agenda.exchange.services import import_paths
import_paths([{str(corpus)!r}])  # pages with errors are reported, the others land
{PEOPLE}
call_command("backup", {archive["a"]!r})
""",
        database=sqlite_a,
        media=media_a,
    )
    for source, target, database, media in (
        ("a", "b", pg_database, media_b),
        ("b", "c", sqlite_c, media_c),
    ):
        run_agenda(
            f"""
call_command("migrate", verbosity=0)
call_command("restore", {archive[source]!r})
call_command("backup", {archive[target]!r})
""",
            database=database,
            media=media,
        )

    a, b, c = (archive_content(Path(archive[x])) for x in "abc")
    assert len(a["database"]["events.event"]) > 100  # the corpus and the demo
    assert len(a["database"]["events.session"]) > 300
    assert len(a["database"]["registrations.registration"]) == 1
    assert len(a["uploads"]) == 3  # the demo's banners
    assert b == a
    assert c == a
    assert sorted(p.name for p in (media_c / "demo").iterdir()) == sorted(
        p.name for p in (media_a / "demo").iterdir()
    )
