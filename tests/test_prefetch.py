"""lib.prefetch.attach: what prefetch_related gives for many-to-many relations, in one query
each."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.events.models import Event
from agenda.lib.prefetch import attach


def test_it_gives_each_instance_the_rows_prefetch_related_gives_in_their_order(make_event):
    talk = make_event("Conférence", categories=("Zoologie", "Arts", "Mer"), tags=("Été",))
    make_event("Atelier", categories=("Mer",))
    make_event("Visite")
    expected = {
        event.pk: ([c.name for c in event.categories.all()], [t.name for t in event.tags.all()])
        for event in Event.objects.prefetch_related("categories", "tags")
    }
    events = list(Event.objects.all())
    with CaptureQueriesContext(connection) as queries:
        attach(events, "categories", "tags")
        got = {
            event.pk: ([c.name for c in event.categories.all()], [t.name for t in event.tags.all()])
            for event in events
        }
    assert got == expected
    assert expected[talk.pk] == (["Arts", "Mer", "Zoologie"], ["Été"])
    assert len(queries.captured_queries) == 2  # one a relation, none when reading


def test_it_does_nothing_for_no_instance(db):
    with CaptureQueriesContext(connection) as queries:
        attach([], "categories")
    assert queries.captured_queries == []


def test_related_reads_the_prefetched_rows_without_a_query_else_queries(make_event):
    from agenda.lib.prefetch import related

    make_event("Conférence", categories=("Mer", "Arts"))
    event = Event.objects.get()
    with CaptureQueriesContext(connection) as queries:
        assert [c.name for c in related(event, "categories")] == ["Arts", "Mer"]
    assert len(queries.captured_queries) == 1
    attach([event], "categories")
    with CaptureQueriesContext(connection) as queries:
        assert [c.name for c in related(event, "categories")] == ["Arts", "Mer"]
    assert queries.captured_queries == []


def test_a_query_made_from_the_attached_rows_finds_nothing_rather_than_other_rows(make_event):
    make_event("Conférence", categories=("Mer",))
    make_event("Atelier", categories=("Arts",))
    events = list(Event.objects.all())
    attach(events, "categories")
    assert [len(event.categories.all()) for event in events] == [1, 1]
    assert [event.categories.all().count() for event in events] == [1, 1]
    assert [list(event.categories.all().filter(slug__gt="")) for event in events] == [[], []]
