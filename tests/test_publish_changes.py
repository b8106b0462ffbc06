"""The published files follow the changes: the event's own files after the commit, the lists
and aggregate feeds by a coalesced `agenda publish --changed`; no other file's bytes change."""

import json
from pathlib import Path

import pytest
from django.core.management import call_command

from agenda.events.models import Event
from agenda.site import publishing, publishing_runs
from agenda.site.publishing import ASSETS, STATE, load_state, publish_all, save_state
from agenda.site.publishing_runs import enqueue, publish_changed, run_changed, run_lock
from tests.conftest import soon


@pytest.fixture
def spawned(monkeypatch):
    """The background runs asked for (a real one would open the real database, not the test's)."""
    calls = []
    monkeypatch.setattr(publishing_runs, "spawn_changed", calls.append)
    return calls


@pytest.fixture
def programme(make_event, settings, tmp_path, spawned):
    settings.SITE_URL = "http://testserver"
    events = {
        "forum": make_event("Forum des données", start=soon(3, 9), organisation="DINUM"),
        "webinaire": make_event("Webinaire", start=soon(5, 11), organisation="ANCT"),
        "atelier": make_event("Atelier", start=soon(9, 14), organisation="ANCT"),
    }
    out = tmp_path / "site"
    publish_all(out=out, assets=False)
    settings.PUBLISH_DIR = str(out)
    return out, events


def stats(out: Path) -> dict[str, tuple[int, int]]:
    return {
        path.relative_to(out).as_posix(): (path.stat().st_ino, path.stat().st_mtime_ns)
        for path in out.rglob("*")
        if path.is_file() and STATE not in path.parts
    }


def changed_files(before: dict, out: Path) -> set[str]:
    after = stats(out)
    return {name for name in before.keys() | after.keys() if before.get(name) != after.get(name)}


def own_files(event: Event) -> set[str]:
    uids = {f"seances/{s.uid}.ics" for s in event.sessions.all()}
    slug = event.slug
    return (
        {f"evenements/{slug}/index.html", f"evenements/{slug}.ics"}
        | uids
        | {
            f"evenements/{slug}.jsonld",
            f"evenements/{slug}.md",
        }
    )


def test_an_edit_rewrites_the_event_files_at_commit_and_the_lists_in_the_next_run(
    programme, spawned, django_capture_on_commit_callbacks
):
    out, events = programme
    forum = events["forum"]
    before = stats(out)
    with django_capture_on_commit_callbacks(execute=True):
        forum.title = "Forum des données publiques"
        forum.save()
    assert (
        "Forum des données publiques" in (out / f"evenements/{forum.slug}/index.html").read_text()
    )
    assert changed_files(before, out) <= own_files(forum)
    assert {f"evenements/{forum.slug}/index.html", f"evenements/{forum.slug}.ics"} <= (
        changed_files(before, out)
    )
    assert spawned == [out]
    assert (out / STATE / "queue" / str(forum.pk)).exists()

    lists_before = stats(out)
    report = run_changed(out=out, coalesce=0)
    assert "Forum des données publiques" in (out / "index.html").read_text()
    assert "Forum des données publiques" in (out / "agenda.ics").read_text()
    changed = changed_files(lists_before, out)
    assert {"index.html", "agenda.ics", "flux.atom", "donnees/seances.csv"} <= changed
    assert "organisations/dinum.ics" in changed
    others = {name for e in (events["webinaire"], events["atelier"]) for name in own_files(e)}
    assert not changed & others
    assert "organisations/anct.ics" not in changed
    assert not report.full and not list((out / STATE / "queue").iterdir())

    again = stats(out)
    run_changed(out=out, coalesce=0)
    assert changed_files(again, out) == set()  # idempotent: nothing changed, nothing written


def test_a_cancelled_then_unpublished_event_is_shown_so_then_leaves_the_files(
    programme, django_capture_on_commit_callbacks
):
    out, events = programme
    atelier = events["atelier"]
    with django_capture_on_commit_callbacks(execute=True):
        atelier.status = Event.Status.CANCELLED
        atelier.save()
    assert "annulé" in (out / f"evenements/{atelier.slug}/index.html").read_text().lower()
    with django_capture_on_commit_callbacks(execute=True):
        atelier.status = Event.Status.DRAFT
        atelier.save()
    assert not (out / f"evenements/{atelier.slug}/index.html").exists()
    assert not (out / f"evenements/{atelier.slug}.ics").exists()
    run_changed(out=out, coalesce=0)
    assert "Atelier" not in (out / "index.html").read_text()
    assert not (out / STATE / "events" / f"{atelier.pk}.json").exists()


def test_a_capacity_reached_rewrites_the_event_page(programme, django_capture_on_commit_callbacks):
    from agenda.events.models import Session
    from agenda.registrations import services

    out, events = programme
    forum = events["forum"]
    session = forum.sessions.first()
    Session.objects.filter(pk=session.pk).update(registration=Session.Registration.NATIVE)
    session.refresh_from_db()
    page = out / f"evenements/{forum.slug}/index.html"
    before = page.read_bytes()
    with django_capture_on_commit_callbacks(execute=True):
        services.change_capacity(session=session, capacity=0)
    assert page.read_bytes() != before
    assert "complet" in page.read_text().lower()


def test_changes_are_coalesced_into_one_run_per_delay(programme):
    out, _events = programme
    save_state(out)
    last = load_state(out)["last_run"]
    naps = []
    run_changed(out=out, coalesce=10, clock=lambda: last + 4, sleep=naps.append)
    assert naps == [pytest.approx(6)]
    with run_lock(out, wait=False) as held:
        assert held
        assert run_changed(out=out, coalesce=0) is None  # another run holds the folder


def test_a_change_of_templates_or_static_files_publishes_everything(programme):
    out, events = programme
    page = out / f"evenements/{events['webinaire'].slug}/index.html"
    page.write_text("vieille page")
    state = json.loads((out / STATE / "state.json").read_text())
    assert publish_changed(out=out, queued=set()).full is False
    assert page.read_text() == "vieille page"  # not queued, not past: left alone
    (out / STATE / "state.json").write_text(json.dumps(state | {"fingerprint": "autre"}))
    assert publish_changed(out=out, queued=set()).full is True
    assert "Webinaire" in page.read_text()
    assert (out / ASSETS).is_dir()


def test_a_bulk_change_of_unknown_events_publishes_everything(programme):
    out, _events = programme
    enqueue(out, None)
    assert run_changed(out=out, coalesce=0).full is True


def test_events_whose_sessions_became_past_are_published_again(programme, make_event):
    out, events = programme
    ended = make_event("Déjà fini", start=soon(0, 0, 1))
    publish_all(out=out, assets=False)
    for event in (ended, events["atelier"]):
        (out / f"evenements/{event.slug}/index.html").write_text("vieille page")
    publish_changed(out=out, queued=set())
    assert "Déjà fini" in (out / f"evenements/{ended.slug}/index.html").read_text()
    assert (out / f"evenements/{events['atelier'].slug}/index.html").read_text() == "vieille page"


def test_the_command_publishes_what_changed_and_one_event(programme, capsys):
    out, events = programme
    call_command("publish", "--changed", "--out", str(out))
    assert "publication partielle" in capsys.readouterr().out
    page = out / f"evenements/{events['forum'].slug}/index.html"
    page.write_text("vieille page")
    call_command("publish", "--event", events["forum"].slug, "--out", str(out))
    assert "Forum des données" in page.read_text()


@pytest.mark.django_db(transaction=True)
def test_a_change_rolled_back_is_not_published_with_the_next_one(settings):
    from django.db import transaction

    from agenda.events.caching import forget_pages, pages_changed

    settings.PUBLISH_DIR = ""
    sent = []

    def receiver(*, event_ids, **kwargs):
        sent.append(event_ids)

    pages_changed.connect(receiver)
    try:
        with transaction.atomic():
            forget_pages()  # any page: would publish everything…
            transaction.set_rollback(True)  # …but it never happened
        with transaction.atomic():
            forget_pages(instance=Event(pk=7))
            forget_pages(instance=Event(pk=8))
    finally:
        pages_changed.disconnect(receiver)
    assert sent == [frozenset({7, 8})]  # once per commit, with its own events only


def test_open_data_whose_validator_is_unchanged_is_not_laid_out_again(programme, monkeypatch):
    from agenda.feeds import opendata

    out, events = programme
    laid_out = []
    real = opendata.xlsx_chunks

    def counted(*args, **kwargs):  # a generator: counts when the rows are laid out
        laid_out.append(1)
        yield from real(*args, **kwargs)

    monkeypatch.setattr(opendata, "xlsx_chunks", counted)
    xlsx = out / "donnees" / "seances.xlsx"
    publish_all(out=out, assets=False)  # records the validators
    before, laid_out[:] = xlsx.read_bytes(), []
    publish_all(out=out, assets=False)
    assert laid_out == [] and xlsx.read_bytes() == before
    Event.objects.filter(pk=events["forum"].pk).update(title="Forum renommé")  # its rows change
    publish_all(out=out, assets=False)
    assert laid_out == [1] and xlsx.read_bytes() != before
    monkeypatch.setattr(publishing, "validators_version", lambda: "une autre version du code")
    publish_all(out=out, assets=False)
    assert laid_out == [1, 1]
    xlsx.unlink()
    publish_all(out=out, assets=False)  # a file missing is written whatever its validator
    assert laid_out == [1, 1, 1] and xlsx.is_file()
