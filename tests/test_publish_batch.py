"""A full publication makes events' files by the hundred (each output's batch) and in several
processes (`--jobs`): the files hold the same bytes as the site's, and as one by one."""

from pathlib import Path

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.events.models import Event, Programme
from agenda.feeds.registry import REGISTRY, one_by_one
from agenda.site.publishing import STATE, publish_all
from tests.conftest import soon
from tests.test_publish import assert_files_are_the_site


def contents(out: Path) -> dict[str, bytes]:
    return {
        path.relative_to(out).as_posix(): path.read_bytes()
        for path in out.rglob("*")
        if path.is_file() and STATE not in path.parts
    }


@pytest.fixture
def site(settings):
    settings.SITE_URL = "http://testserver"
    settings.PUBLISH_DIR = ""


@pytest.mark.django_db(transaction=True)
def test_two_processes_write_the_files_one_process_writes(client, site, tmp_path):
    call_command("load_demo", stdout=open("/dev/null", "w"))
    alone, shared = tmp_path / "alone", tmp_path / "shared"
    publish_all(out=alone, assets=False, jobs=1)
    report = publish_all(out=shared, assets=False, jobs=2)
    files = contents(shared)
    assert files == contents(alone)
    assert len([name for name in report.written if not name.startswith(STATE)]) == len(files)
    assert len([name for name in files if name.endswith("/index.html")]) >= 18
    assert_files_are_the_site(client, shared)


def test_the_command_takes_a_number_of_processes(site, make_event, tmp_path, capsys):
    make_event("Forum", start=soon(3, 9))
    call_command("publish", "--out", str(tmp_path / "site"), "--jobs", "2")
    assert "publication complète" in capsys.readouterr().out
    assert (tmp_path / "site" / "evenements").is_dir()


def test_events_sharing_a_slug_are_published_as_the_site_shows_them(
    client, site, make_event, tmp_path
):
    other = Programme.objects.create(name="Autre programme", slug="autre")
    make_event("Forum", slug="forum", start=soon(3, 9))
    newer = make_event("Forum, l’autre", slug="forum-2", start=soon(8, 9))
    Event.objects.filter(pk=newer.pk).update(slug="forum", programme=other)
    make_event("Atelier", start=soon(4, 14), sessions=[(soon(4, 14), soon(4, 16), "Matin")])
    out = tmp_path / "site"
    publish_all(out=out, assets=False)
    files = assert_files_are_the_site(client, out)
    assert "/evenements/forum/" in files
    assert newer.title in (out / "evenements/forum/index.html").read_text()
    assert newer.title.encode() in (out / "evenements/forum.ics").read_bytes()


def test_a_batch_holds_what_each_path_renders_alone(site, make_event):
    events = [
        make_event(f"Atelier {n}", start=soon(n + 1, 9), sessions=[
            (soon(n + 1, 9), soon(n + 1, 10), "Premier temps"),
            (soon(n + 1, 14), soon(n + 1, 16), ""),
        ])
        for n in range(3)
    ]  # fmt: skip
    events = list(Event.objects.filter(pk__in=[event.pk for event in events]).order_by("pk"))
    for output in REGISTRY:
        if not output.per_event or output.name.startswith("api:"):
            continue
        batch = [(e.pk, path, doc.read()) for e, path, doc in output.documents(events)]
        alone = [(e.pk, path, doc.read()) for e, path, doc in one_by_one(output, events)]
        assert sorted(batch) == sorted(alone), output.name
        assert len(batch) >= 3


@pytest.mark.parametrize("name", ["ics_event", "ics_session"])
def test_a_batch_of_calendars_reads_the_same_number_of_queries_for_one_event_or_five(
    site, make_event, name
):
    events = [
        make_event(f"Atelier {n}", start=soon(n + 1, 9), sessions=[
            (soon(n + 1, 9), soon(n + 1, 10), "Matin"), (soon(n + 1, 14), soon(n + 1, 16), "")
        ])
        for n in range(5)
    ]  # fmt: skip
    output = REGISTRY.outputs[name]
    list(output.documents(events))  # the VEVENTs rendered and stored once

    def queries(some: list[Event]) -> int:
        with CaptureQueriesContext(connection) as captured:
            made = list(output.documents(some))
        assert len(made) == len(some) * (1 if name == "ics_event" else 2)
        return len(captured)

    assert queries(events[:1]) == queries(events) <= 3


def test_the_pages_of_a_list_are_cut_from_one_ordered_query(client, site, make_event):
    from agenda.events import queries as lists

    for day in range(70):  # 3 pages; the same title and day twice: the order's ties
        make_event(f"Atelier {day // 2}", start=soon(day // 2 + 1, 10))
    output = REGISTRY.outputs["home"]
    paths = list(output.paths())
    assert paths == ["/", "/page/2/", "/page/3/"]
    with CaptureQueriesContext(connection) as captured, lists.one_order_per_list():
        made = {path: output.render(path).read() for path in paths}
    sql = [query["sql"] for query in captured]
    assert not [query for query in sql if "OFFSET" in query]
    ordered = [
        query for query in sql if query.startswith('SELECT "events_session"."id" AS "pk" FROM')
    ]
    # The list's order (by start, title, position) and the facets' next sessions, once each.
    assert len([query for query in ordered if '"events_event"."title" ASC' in query]) == 1
    assert len(ordered) == 2
    with CaptureQueriesContext(connection) as alone:
        output.render("/page/3/").read()
    assert len(sql) < 3 * len(alone)
    for path, body in made.items():  # (a request empties the connection's query log)
        assert body == client.get(path).content, path


def test_a_batch_of_event_pages_reads_the_same_number_of_queries_for_one_event_or_five(
    client, site, make_event, tmp_path
):
    from agenda.site.publishing import publish_events

    events = []
    for n in range(5):
        previous = make_event(f"Forum {n}, 2025", start=soon(n - 400, 9))
        draft = make_event(f"Forum {n}, 2027", start=soon(n + 300, 9), status=Event.Status.DRAFT)
        event = make_event(f"Forum {n}", start=soon(n + 1, 9), previous_edition=previous)
        Event.objects.filter(pk=draft.pk).update(previous_edition=event)
        events.append(event)
    ids = [event.pk for event in events]
    publish_events(out=tmp_path, event_ids=ids)  # the VEVENTs rendered and stored once

    def queries(some: list[int]) -> int:
        with CaptureQueriesContext(connection) as captured:
            publish_events(out=tmp_path, event_ids=some)
        return len(captured)

    assert queries(ids[:1]) == queries(ids)
    page = (tmp_path / f"evenements/{events[2].slug}/index.html").read_text()
    assert "Forum 2, 2025" in page and "Forum 2, 2027" not in page
    assert page.encode() == client.get(f"/evenements/{events[2].slug}/").content


def test_an_events_json_ld_is_built_once_for_its_page_and_its_file(
    client, site, make_event, monkeypatch, tmp_path
):
    from agenda.feeds import jsonld
    from agenda.site.publishing import publish_events

    events = [make_event(f"Atelier {n}", start=soon(n + 1, 9)) for n in range(3)]
    built = []  # each JSON-LD reads its event's sessions' states once, first thing
    real = jsonld.ensure_states
    monkeypatch.setattr(jsonld, "ensure_states", lambda s: built.append(1) or real(s))
    publish_events(out=tmp_path, event_ids=[event.pk for event in events])
    assert len(built) == len(events)
    slug = events[1].slug
    ld = (tmp_path / f"evenements/{slug}.jsonld").read_bytes()
    assert ld == client.get(f"/evenements/{slug}.jsonld").content
    page = (tmp_path / f"evenements/{slug}/index.html").read_bytes()
    assert page == client.get(f"/evenements/{slug}/").content
    assert b'"@type": "Event"' in page and events[1].title.encode() in page


def test_the_layout_is_rendered_once_per_url_name_for_anonymous_visitors_within_a_publication(rf):
    from types import SimpleNamespace

    from django.contrib.auth.models import AnonymousUser
    from django.template import engines
    from django.urls import resolve

    from agenda.site.layout import layout_kept

    part = engines["django"].from_string('{% load layout %}{% kept "pied" %}{{ n }}{% endkept %}')

    def render(n: int, path: str = "/", user=None) -> str:
        request = rf.get(path)
        request.resolver_match = resolve(path)
        return part.render({"n": n, "user": user or AnonymousUser()}, request)

    signed_in = SimpleNamespace(is_authenticated=True)
    with layout_kept():
        assert [render(1), render(2), render(3, "/passes/")] == ["1", "1", "3"]
        assert render(4, user=signed_in) == "4"  # never kept for someone signed in
    assert [render(5), render(6)] == ["5", "6"]  # outside a publication: each time


def test_a_kept_part_with_values_is_rendered_once_per_url_name_and_values(rf):
    from django.contrib.auth.models import AnonymousUser
    from django.template import engines
    from django.urls import resolve

    from agenda.site.layout import layout_kept

    source = '{% load layout %}{% kept "filtres" request.GET.urlencode %}{{ n }}{% endkept %}'
    part = engines["django"].from_string(source)

    def render(n: int, path: str) -> str:
        request = rf.get(path)
        request.resolver_match = resolve(request.path)
        return part.render({"n": n, "user": AnonymousUser()}, request)

    with layout_kept():
        assert [render(1, "/"), render(2, "/?q=a"), render(3, "/"), render(4, "/?q=a")] == [
            "1", "2", "1", "2"
        ]  # fmt: skip


def test_the_pages_of_a_list_render_their_filter_panel_once_within_a_publication(
    client, site, make_event, monkeypatch
):
    from django.template.base import Template

    from agenda.events import queries as lists
    from agenda.site.layout import layout_kept

    for day in range(35):  # 2 pages
        make_event(f"Atelier {day}", start=soon(day // 2 + 1, 10), organisation="DINUM")
    output = REGISTRY.outputs["home"]
    paths = [*output.paths(), "/page/2/"]
    assert paths == ["/", "/page/2/", "/page/2/"]
    rendered = []
    real = Template.render
    monkeypatch.setattr(
        Template,
        "render",
        lambda self, c: rendered.append(self.origin.template_name) or real(self, c),
    )
    with lists.one_order_per_list(), layout_kept():
        made = [output.render(path).read() for path in paths]
    assert rendered.count("site/_filters.html") == 2  # one per URL name: "/", "/page/N/"
    assert made[1] == made[2]
    for path, body in zip(paths, made, strict=True):
        assert body == client.get(path).content, path
    assert b'id="filtre-organisation"' in made[1]


def test_a_batch_of_events_refreshes_the_fragments_the_lists_read_so_the_lists_render_none(
    site, make_event, monkeypatch, tmp_path
):
    from agenda.feeds import fragments
    from agenda.feeds.models import EventFragment, SessionFragment
    from agenda.site.publishing import publish_chunk, publish_lists

    upcoming = make_event("Forum", start=soon(3, 9), organisation="DINUM", sessions=[
        (soon(3, 9), soon(3, 12), "Matin"), (soon(3, 14), soon(3, 17), "Après-midi")
    ])  # fmt: skip
    past = make_event("Rétrospective", start=soon(-40, 9), organisation="DINUM")
    publish_chunk(tmp_path, [upcoming.pk, past.pk])
    rows = SessionFragment.objects.filter(kind="opendata_row")
    assert sorted(rows.values_list("session__event", flat=True)) == sorted(
        [upcoming.pk] * upcoming.sessions.count() + [past.pk] * past.sessions.count()
    )
    entries = EventFragment.objects.filter(kind="atom_entry")
    assert list(entries.values_list("event", flat=True)) == [upcoming.pk]  # Atom lists upcoming
    rendered = []
    real = fragments.store
    monkeypatch.setattr(
        fragments, "store", lambda kind, keys: rendered.append(kind.name) or real(kind, keys)
    )
    publish_lists(out=tmp_path)
    assert rendered == []
    assert "Forum" in (tmp_path / "donnees/seances.csv").read_text()


def test_a_batch_of_events_and_a_share_of_the_lists_run_with_few_collections(
    site, make_event, monkeypatch, tmp_path
):
    """Their model instances live until the task ends: the cyclic collector is not run every
    700 allocations over them (lib.gcbatch), and is as before afterwards."""
    import gc

    from agenda.lib.gcbatch import BATCH_THRESHOLD
    from agenda.site import publishing

    event = make_event("Forum", start=soon(3, 9))
    before = gc.get_threshold()
    seen = []
    real_refresh, real_render = publishing.fragments.refresh_for_events, publishing.render_path
    monkeypatch.setattr(
        publishing.fragments,
        "refresh_for_events",
        lambda ids: seen.append(gc.get_threshold()) or real_refresh(ids),
    )
    monkeypatch.setattr(
        publishing,
        "render_path",
        lambda *args, **kwargs: seen.append(gc.get_threshold()) or real_render(*args, **kwargs),
    )
    publishing.prepare(tmp_path)
    publishing.publish_chunk(tmp_path, [event.pk])
    publishing.publish_paths(tmp_path, [("home", "/")])
    assert seen == [BATCH_THRESHOLD, BATCH_THRESHOLD]
    assert gc.get_threshold() == before
    assert "Forum" in (tmp_path / "index.html").read_text()
