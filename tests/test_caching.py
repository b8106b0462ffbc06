"""Cached public pages are keyed by the content version: a committed change leaves them behind
without clearing the cache (what else it holds stays)."""

from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.lib import content_version
from tests.conftest import paris


def test_a_committed_change_bumps_the_version_and_keeps_the_rest_of_the_cache(
    make_event, django_capture_on_commit_callbacks
):
    cache.set("someone-else", "still here")
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=True):
        make_event("Atelier", start=paris(2030, 1, 8, 10))
    assert content_version.current() > before
    assert cache.get("someone-else") == "still here"


def test_nothing_changes_until_the_change_is_committed(
    make_event, django_capture_on_commit_callbacks
):
    before = content_version.current()
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        make_event("Atelier", start=paris(2030, 1, 8, 10))
    assert callbacks  # waiting for the commit
    assert content_version.current() == before


def test_a_page_cached_under_the_old_version_is_not_served_after_a_change(
    client, make_event, settings, django_capture_on_commit_callbacks
):
    settings.CACHE_SECONDS = 60
    event = make_event("Atelier d’hier", start=paris(2030, 1, 8, 10))
    cache.set("someone-else", "still here")
    assert "Atelier d’hier" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as context:
        client.get("/")
    assert len(context.captured_queries) == 0  # served from the cache

    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Atelier de demain"
        event.save()
    assert "Atelier de demain" in client.get("/").content.decode()
    assert cache.get("someone-else") == "still here"


def test_a_lost_version_starts_again_above_every_version_used_before(db):
    content_version.bump()
    used = content_version.current()
    cache.delete(content_version.KEY)  # evicted from a full cache
    assert content_version.current() > used
    cache.delete(content_version.KEY)
    content_version.bump()  # bumping a lost version starts it again too
    assert content_version.current() > used


def test_no_code_clears_the_whole_cache():
    from pathlib import Path

    package = Path(__file__).resolve().parents[1] / "agenda"
    clearing = [
        str(path.relative_to(package))
        for path in package.rglob("*.py")
        if "cache.clear(" in path.read_text(encoding="utf-8")
    ]
    assert clearing == []
