"""`agenda publish --out DIR`: every file holds what an anonymous visitor gets at its URL, with
no per-response token and no inline script, and a run with nothing changed rewrites nothing."""

import re
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from agenda.exchange.services import import_paths
from agenda.site.publishing import (
    ASSETS,
    STATE,
    PublishError,
    file_for,
    publish_all,
    write_file,
)
from tests.conftest import require_shared

INLINE_SCRIPT = re.compile(rb"<script(?![^>]*\b(src=|type=\"application/(ld\+)?json\"))[^>]*>")
STATIC_LINK = re.compile(rb'(?:href|src)="/static/([^"?#]+)"')


def published(out: Path) -> dict[str, Path]:
    """URL path → file, for the files of pages, feeds and data (assets and state aside)."""
    files = {}
    for path in sorted(out.rglob("*")):
        relative = path.relative_to(out).as_posix()
        if path.is_file() and not relative.startswith((f"{STATE}/", f"{ASSETS}/")):
            files["/" + relative.removesuffix("index.html")] = path
    return files


def served(client, url: str) -> bytes:
    response = client.get(url)
    assert response.status_code == 200, url
    return b"".join(response.streaming_content) if response.streaming else response.content


def assert_files_are_the_site(client, out: Path) -> dict[str, Path]:
    files = published(out)
    for url, path in files.items():
        assert path.read_bytes() == served(client, url), url
    return files


@pytest.fixture
def site(settings, db):
    settings.SITE_URL = "http://testserver"  # the host the test client asks (pages show it)
    settings.PUBLISH_DIR = ""  # the after-commit publication is tested in test_publish_changes


@pytest.fixture
def demo(site):
    call_command("load_demo", stdout=open("/dev/null", "w"))


def test_every_published_file_is_what_an_anonymous_visitor_gets_at_its_url(client, demo, tmp_path):
    out = tmp_path / "site"
    call_command("publish", "--out", str(out), stdout=open("/dev/null", "w"))
    files = assert_files_are_the_site(client, out)
    slugs = {url.split("/")[2] for url in files if url.startswith("/evenements/")}
    assert len(slugs) >= 18
    assert {"/", "/passes/", "/agenda.ics", "/flux.atom", "/donnees/", "/donnees/seances.csv"} <= (
        set(files)
    )
    assert any(url.startswith("/organisations/") for url in files)
    assert not [url for url in files if url.startswith("/api/")]  # the API stays dynamic


def test_published_pages_hold_no_token_no_inline_script_and_their_assets(client, demo, tmp_path):
    out = tmp_path / "site"
    publish_all(out=out)
    pages = [path for path in out.rglob("*.html") if ASSETS not in path.parts]
    assert pages
    for page in pages:
        html = page.read_bytes()
        assert b"csrfmiddlewaretoken" not in html, page
        assert not INLINE_SCRIPT.search(html), page
        assert b' style="' not in html, page
        for asset in STATIC_LINK.findall(html):
            assert (out / ASSETS / asset.decode()).is_file(), (page, asset)


def test_publishing_again_rewrites_no_file_and_removes_what_left(demo, tmp_path):
    from agenda.events.models import Event

    out = tmp_path / "site"
    publish_all(out=out)
    before = {path: path.stat() for path in out.rglob("*") if path.is_file()}
    again = publish_all(out=out)
    assert [name for name in again.written if not name.startswith(STATE)] == []
    for path, stat in before.items():
        if STATE not in path.parts:
            assert (path.stat().st_ino, path.stat().st_mtime_ns) == (stat.st_ino, stat.st_mtime_ns)
    gone = Event.objects.public().order_by("pk").first()
    gone.delete()
    report = publish_all(out=out)
    assert f"evenements/{gone.slug}/index.html" in report.removed
    assert not (out / "evenements" / gone.slug).exists()
    assert not (out / "evenements" / f"{gone.slug}.ics").exists()


def test_corpus_pages_are_published_as_the_site_shows_them(client, site, tmp_path):
    corpus = require_shared("corpus/numerique.gouv.fr/_evenements")
    report = import_paths([corpus])
    assert report.imported
    out = tmp_path / "site"
    publish_all(out=out, assets=False)
    files = assert_files_are_the_site(client, out)
    assert (
        len([url for url in files if url.endswith("/") and "/evenements/" in url])
        >= len(report.imported) // 2
    )


def test_a_url_with_a_query_string_has_no_file():
    assert file_for("/") == "index.html"
    assert file_for("/evenements/forum/") == "evenements/forum/index.html"
    assert file_for("/agenda.ics") == "agenda.ics"
    assert file_for("/?page=2") is None
    assert file_for("/../etc/passwd") is None


def test_a_folder_holding_something_else_is_refused(site, tmp_path):
    (tmp_path / "notes.txt").write_text("à garder")
    with pytest.raises(PublishError, match="ni vide ni une publication"):
        publish_all(out=tmp_path)
    with pytest.raises(CommandError, match=f"{tmp_path}: error: "):
        call_command("publish", "--out", str(tmp_path))
    assert (tmp_path / "notes.txt").read_text() == "à garder"


def test_further_pages_of_the_lists_are_paths_with_files(client, site, make_event, tmp_path):
    from tests.conftest import soon

    for day in range(35):
        make_event(f"Atelier {day}", start=soon(day + 1, 10))
    for day in range(32):
        make_event(f"Passé {day}", start=soon(-day - 2, 10))
    home = client.get("/").content.decode()
    assert 'href="/page/2/"' in home and "?page=" not in home
    assert 'href="/passes/page/2/"' in client.get("/passes/").content.decode()
    assert 'href="/"' in client.get("/page/2/").content.decode()  # its first page
    filtered = client.get("/?q=Atelier").content.decode()
    assert 'href="?q=Atelier&amp;page=2"' in filtered  # a filtered list keeps its query string
    out = tmp_path / "site"
    publish_all(out=out, assets=False)
    # The lists' pages (every other file is compared with the site by the tests above).
    lists = {
        url: path
        for url, path in published(out).items()
        if url in {"/", "/passes/"} or "page/" in url
    }
    for url, path in lists.items():
        assert path.read_bytes() == served(client, url), url
    assert {"/page/2/", "/passes/page/2/"} <= set(lists)


@pytest.mark.parametrize(
    "before",
    [b"", b"abcdef", b"abcXef", b"abc", b"abcdefgh", b"xbcdef"],
    ids=["empty", "same", "differs-inside", "shorter", "longer", "differs-first"],
)
@pytest.mark.parametrize(
    "chunks",
    [lambda: iter([b"ab", b"", b"cd", b"ef"]), lambda: [b"abcdef"]],
    ids=["streamed", "whole"],
)
def test_a_file_is_rewritten_exactly_when_its_bytes_differ(tmp_path, before, chunks):
    target = tmp_path / "page" / "index.html"
    target.parent.mkdir()
    target.write_bytes(before)
    inode = target.stat().st_ino
    written = write_file(target, chunks())
    assert target.read_bytes() == b"abcdef"
    assert written == (before != b"abcdef")
    assert (target.stat().st_ino == inode) == (before == b"abcdef")
    assert [p.name for p in target.parent.iterdir()] == ["index.html"]  # no temporary left


def test_a_file_larger_than_a_block_keeps_its_bytes_when_its_end_changes(tmp_path):
    target = tmp_path / "agenda.ics"
    body = bytes(range(256)) * 20_000  # 5 MB: the same prefix is copied in several blocks
    target.write_bytes(body + b"END")
    assert write_file(target, [body[i : i + 65536] for i in range(0, len(body), 65536)] + [b"FIN"])
    assert target.read_bytes() == body + b"FIN"
    assert write_file(tmp_path / "nouveau" / "x.ics", [b"a"])  # its folder made


def test_a_written_file_is_readable_by_others_whatever_the_umask_and_a_failure_leaves_none(
    tmp_path,
):
    import os

    target = tmp_path / "agenda.ics"
    previous = os.umask(0o077)
    try:
        write_file(target, [b"BEGIN"])
        write_file(tmp_path / "streamed.ics", iter([b"BEGIN"]))
    finally:
        os.umask(previous)
    assert target.stat().st_mode & 0o777 == 0o644  # nginx's workers read it as another user
    assert (tmp_path / "streamed.ics").stat().st_mode & 0o777 == 0o644
    (tmp_path / "streamed.ics").unlink()

    def broken():
        yield b"BEGIN:VCALENDAR"
        raise OSError("disque plein")

    with pytest.raises(OSError, match="disque plein"):
        write_file(target, broken())
    assert target.read_bytes() == b"BEGIN"
    assert [p.name for p in tmp_path.iterdir()] == ["agenda.ics"]  # no temporary left


def test_assets_are_linked_not_copied_and_copied_where_links_fail(db, tmp_path, monkeypatch):
    from agenda.site import publishing

    out = tmp_path / "site"
    publishing.publish_assets(out=prepare_folder(out))
    name, source = sorted(publishing.asset_sources().items())[0]
    if source.stat().st_dev == (out / ASSETS / name).stat().st_dev:
        assert (out / ASSETS / name).stat().st_ino == source.stat().st_ino  # no byte copied
    again = publishing.publish_assets(out=out)
    assert again.written == [] and again.unchanged == len(publishing.asset_sources())

    monkeypatch.setattr(publishing.os, "link", lambda *a: (_ for _ in ()).throw(OSError("xdev")))
    copied = tmp_path / "copie"
    publishing.publish_assets(out=prepare_folder(copied))
    target = copied / ASSETS / name
    assert target.read_bytes() == source.read_bytes()
    assert target.stat().st_ino != source.stat().st_ino
    assert target.stat().st_mtime_ns == source.stat().st_mtime_ns  # skipped next time
    assert publishing.publish_assets(out=copied).written == []


def prepare_folder(out: Path) -> Path:
    from agenda.site.publishing import prepare

    return prepare(out)


def test_files_of_nothing_are_removed_with_the_folders_they_leave_empty(demo, tmp_path):
    out = tmp_path / "site"
    publish_all(out=out)
    strays = [out / "semaine" / "1999" / "01" / "index.html", out / "page" / "999" / "index.html"]
    kept = [out / STATE / "mine.txt", out / "page" / "x.html.1.tmp"]
    for path in strays + kept:
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text("x")
    report = publish_all(out=out)
    assert sorted(report.removed) == ["page/999/index.html", "semaine/1999/01/index.html"]
    assert not (out / "semaine" / "1999").exists() and not (out / "page" / "999").exists()
    assert any((out / "semaine").iterdir())  # the weeks still published stay
    assert [path.exists() for path in kept] == [True, True]


def test_collected_static_files_change_the_fingerprint_through_their_manifest(settings, tmp_path):
    from agenda.site.publishing import fingerprint

    settings.STATIC_ROOT = str(tmp_path)
    settings.STORAGES = settings.STORAGES | {
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.ManifestStaticFilesStorage"}
    }
    manifest = tmp_path / "staticfiles.json"
    manifest.write_text('{"paths": {"site.css": "site.0123.css"}}')
    first = fingerprint()
    assert fingerprint() == first
    manifest.write_text('{"paths": {"site.css": "site.4567.css"}}')  # site.css changed
    assert fingerprint() != first
