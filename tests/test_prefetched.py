"""related() reads a prefetched relation as the manager would, without building the manager."""

from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.events.models import Event
from agenda.lib.prefetched import related


def test_it_hands_back_the_prefetched_rows_without_a_query_and_queries_otherwise(make_event):
    event = make_event(tags=("b", "a"))
    loaded = Event.objects.prefetch_related("tags").get(pk=event.pk)
    with CaptureQueriesContext(connection) as queries:
        assert related(loaded, "tags") is loaded.tags.all()
        assert sorted(t.name for t in related(loaded, "tags")) == ["a", "b"]
        assert list(related(loaded, "sessions")) == list(event.sessions.all())  # not prefetched
    assert len(queries.captured_queries) == 2  # the sessions, both times
