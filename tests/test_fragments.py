"""Stored feed fragments: rendered once, read back after, rendered again as soon as anything they
show changes, whichever way it changed (a queryset `update()` too, which skips `updated_at`)."""

import json

import pytest
from django.db import DatabaseError, connection
from django.test.utils import CaptureQueriesContext

from agenda.events.models import (
    Category,
    Event,
    Format,
    Image,
    Organisation,
    Place,
    Session,
    Tag,
)
from agenda.feeds import fragments, views
from agenda.feeds.api_items import SUMMARY, event_summary
from agenda.feeds.atom import entry_text
from agenda.feeds.calendars import VEVENT, feed_sessions
from agenda.feeds.ics import calendar_for_sessions, vevent_text
from agenda.feeds.models import EventFragment, SessionFragment
from agenda.feeds.opendata import row
from agenda.feeds.outputs.atom import ENTRY
from agenda.feeds.outputs.opendata import ROW
from tests.conftest import soon


@pytest.fixture
def event(make_event):
    event = make_event(
        "Forum des données", start=soon(3, 9), organisation="DINUM",
        categories=("Rencontre",), tags=("Données",),
        place=Place.objects.create(name="Ségur", address="20 avenue de Ségur", city="Paris"),
        sessions=[(soon(3, 9), soon(3, 12), "Matin", {"formats": ["Atelier"]}),
                  (soon(3, 14), soon(3, 17), "Après-midi",
                   {"place": Place.objects.create(name="Annexe", city="Lyon")})],
    )  # fmt: skip
    Organisation.objects.filter(slug="dinum").update(website="https://numerique.gouv.fr")
    return event


def agenda_ics(client) -> bytes:
    response = client.get("/agenda.ics")
    assert response.status_code == 200
    return response.content


def expected_ics(settings) -> bytes:
    """The calendar rendered afresh from the database, without any stored fragment."""
    sessions = feed_sessions().select_related("event__organisation", "event__place", "place")
    return calendar_for_sessions(
        sessions.prefetch_related("formats"),
        name=settings.PROGRAMME_NAME,
        site_url=settings.SITE_URL,
    )


def inserts(context) -> int:
    return sum("INSERT" in query["sql"] for query in context.captured_queries)


def test_a_vevent_is_rendered_once_then_read_back(client, event, settings):
    with CaptureQueriesContext(connection) as first:
        body = agenda_ics(client)
    assert SessionFragment.objects.filter(kind="vevent").count() == 2
    assert inserts(first) == 1
    with CaptureQueriesContext(connection) as second:
        assert agenda_ics(client) == body == expected_ics(settings)
    assert inserts(second) == 0


CHANGES = {
    "session title": lambda e: Session.objects.filter(title="Matin").update(title="Aube"),
    "session status": lambda e: Session.objects.filter(event=e).update(status="cancelled"),
    "sequence": lambda e: Session.objects.filter(event=e).update(sequence=4),
    "description": lambda e: Session.objects.filter(event=e).update(description="Du *neuf*"),
    "session time": lambda e: Session.objects.filter(title="Matin").update(starts_at=soon(3, 8)),
    "online link": lambda e: Session.objects.filter(event=e).update(
        attendance_mode="mixed", online_url="https://visio.example/salle"
    ),
    "event title": lambda e: Event.objects.filter(pk=e.pk).update(title="Forum 2"),
    "event chapeau": lambda e: Event.objects.filter(pk=e.pk).update(chapeau="Un **chapeau**"),
    "event cancelled": lambda e: Event.objects.filter(pk=e.pk).update(status="cancelled"),
    "event slug": lambda e: Event.objects.filter(pk=e.pk).update(slug="forum-renomme"),
    "event place": lambda e: Place.objects.filter(name="Ségur").update(city="Marseille"),
    "session place": lambda e: Place.objects.filter(name="Annexe").update(address="1 rue Neuve"),
    "organisation": lambda e: Organisation.objects.filter(slug="dinum").update(name="DINUM 2"),
    "organisation site": lambda e: Organisation.objects.filter(slug="dinum").update(website=""),
    "format renamed": lambda e: Format.objects.filter(name="Atelier").update(name="Table ronde"),
    "format added": lambda e: Session.objects.get(title="Après-midi").formats.add(
        Format.objects.create(name="Webinaire", slug="webinaire")
    ),
}


@pytest.mark.parametrize("change", CHANGES)
def test_a_change_made_any_way_renders_the_vevent_again(client, event, settings, change):
    before = agenda_ics(client)
    CHANGES[change](event)
    after = agenda_ics(client)
    assert after != before
    assert after == expected_ics(settings)


def test_booking_seats_here_takes_the_online_link_out_of_the_vevent(client, event, settings):
    Session.objects.filter(event=event).update(
        attendance_mode="mixed", online_url="https://visio.example/secret"
    )
    assert b"https://visio.example/secret" in agenda_ics(client)
    Session.objects.filter(event=event).update(registration="native")
    assert b"https://visio.example/secret" not in agenda_ics(client)
    assert agenda_ics(client) == expected_ics(settings)


def test_a_new_site_address_renders_every_vevent_again(client, event, settings):
    agenda_ics(client)
    settings.SITE_URL = "https://agenda.example.fr"
    assert b"https://agenda.example.fr/evenements/" in agenda_ics(client)
    assert agenda_ics(client) == expected_ics(settings)


def test_atom_entries_follow_categories_and_organisations(client, event):
    client.get("/flux.atom")
    Category.objects.filter(name="Rencontre").update(name="Rencontres")
    Organisation.objects.filter(slug="dinum").update(name="Direction du numérique")
    feed = client.get("/flux.atom").content.decode()
    assert 'term="Rencontres"' in feed
    assert "<name>Direction du numérique</name>" in feed
    assert EventFragment.objects.filter(kind="atom_entry").count() == 1


def test_api_items_follow_images_and_tags(client, event):
    Image.objects.create(event=event, path="/uploads/b.png", position=1)
    image = Image.objects.create(event=event, path="/uploads/a.png", position=0)
    assert client.get("/api/events").json()["results"][0]["image"].endswith("/uploads/a.png")
    Image.objects.filter(pk=image.pk).update(position=2)
    Tag.objects.filter(name="Données").update(slug="open-data")
    (item,) = client.get("/api/events").json()["results"]
    assert item["image"].endswith("/uploads/b.png")
    assert item["tags"] == [{"name": "Données", "slug": "open-data"}]


def test_api_items_follow_two_images_swapping_their_places(client, event):
    """The key holds each image's position with its path: swapped, the sorted lists of
    positions and of paths are the same as before, the pairs are not."""
    first = Image.objects.create(event=event, path="/uploads/a.png", position=0)
    second = Image.objects.create(event=event, path="/uploads/b.png", position=1)
    assert client.get("/api/events").json()["results"][0]["image"].endswith("/uploads/a.png")
    Image.objects.filter(pk=first.pk).update(position=1)
    Image.objects.filter(pk=second.pk).update(position=0)
    (item,) = client.get("/api/events").json()["results"]
    assert item["image"].endswith("/uploads/b.png")


def test_open_data_rows_follow_tags(client, event):
    client.get("/donnees/seances.csv")
    Tag.objects.filter(name="Données").update(name="Open data")
    assert ",Open data," in client.get("/donnees/seances.csv").content.decode()


@pytest.mark.parametrize(
    ("kind", "render"),
    [
        (VEVENT, lambda s, site: vevent_text(s, site_url=site)),
        (ROW, lambda s, site: json.dumps(row(s, site_url=site), ensure_ascii=False)),
        (ENTRY, lambda e, site: entry_text(e, site_url=site)),
        (SUMMARY, lambda e, site: json.dumps(event_summary(e), ensure_ascii=False)),
    ],
    ids=["vevent", "opendata_row", "atom_entry", "api_event"],
)
def test_the_key_lists_every_value_the_renderer_reads(event, settings, kind, render):
    """Each kind renders from instances loaded with only the values its key lists: a value
    read but not listed would be loaded apart (a query more), and could change unseen."""
    Image.objects.create(event=event, path="/uploads/b.png", position=1)
    Image.objects.create(event=event, path="/uploads/a.png", position=0)
    ids = [event.pk] if kind.model is Event else list(event.sessions.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as context:
        bodies = kind.render(ids)
    relations = {path.rsplit("__", 1)[0] for path in kind.many}
    assert len(context.captured_queries) == 1 + len(relations)  # items, one per to-many
    for obj in kind.model.objects.filter(pk__in=ids):  # the same as from a full instance
        assert bodies[obj.pk] == render(obj, settings.SITE_URL)


def test_deleting_a_session_deletes_its_fragments(client, event):
    agenda_ics(client)
    client.get("/donnees/seances.csv")
    Session.objects.filter(title="Matin").delete()
    assert SessionFragment.objects.filter(session__title="Matin").count() == 0
    assert SessionFragment.objects.count() == 2  # the other session's VEVENT and row


def test_a_fragment_that_cannot_be_stored_is_still_served(client, event, settings, monkeypatch):
    def busy(execute, sql, params, many, context):
        if sql.startswith("INSERT"):
            raise DatabaseError("database is locked")
        return execute(sql, params, many, context)

    with connection.execute_wrapper(busy):
        assert agenda_ics(client) == expected_ics(settings)
    assert SessionFragment.objects.count() == 0


def test_a_large_feed_is_streamed_in_few_writes_with_the_same_bytes(
    client, make_event, settings, monkeypatch
):
    for day in range(1, 8):
        make_event(f"Atelier {day}", start=soon(day), chapeau="Un chapeau assez long. " * 20)
    whole = agenda_ics(client)
    monkeypatch.setattr(fragments, "CHUNK", 3)
    monkeypatch.setattr(fragments, "WRITE_SIZE", 2048)
    monkeypatch.setattr(views, "STREAM_ABOVE", 4096)
    response = client.get("/agenda.ics")
    assert response.streaming
    chunks = list(response.streaming_content)
    assert b"".join(chunks) == whole == expected_ics(settings)
    assert len(chunks) <= len(whole) // 2048 + 2
    etag = response["ETag"]
    assert client.get("/agenda.ics", headers={"if-none-match": etag}).status_code == 304


def test_a_session_added_between_the_etag_and_the_body_is_still_written(event, make_event):
    assembly = fragments.assemble(VEVENT, feed_sessions())
    assembly.digest()
    late = make_event("Ajouté entre-temps", start=soon(4)).sessions.get()
    texts = list(assembly.texts())
    assert len(texts) == 3
    assert any(f"UID:{late.uid}@" in text for text in texts)


def test_kinds_refreshed_together_store_what_each_renders_alone_from_one_load(
    event, settings, monkeypatch
):
    from agenda.events.queries import public_sessions

    ids = list(event.sessions.values_list("pk", flat=True))
    with CaptureQueriesContext(connection) as together:
        fragments.refresh_together((ROW, VEVENT), public_sessions())
    for kind in (ROW, VEVENT):
        stored = dict(SessionFragment.objects.filter(kind=kind.name).values_list("session", "body"))
        assert stored == kind.render(ids), kind.name
    SessionFragment.objects.all().delete()
    with CaptureQueriesContext(connection) as apart:
        for kind in (ROW, VEVENT):
            fragments.assemble(kind, public_sessions()).digest()
    sessions = [q["sql"] for q in together if q["sql"].startswith('SELECT "events_session"."id"')]
    assert len([sql for sql in sessions if "MD5" not in sql]) == 1  # loaded once for both
    assert len(together) < len(apart)
    rendered = []
    real = fragments.store
    monkeypatch.setattr(fragments, "store", lambda k, keys: rendered.append(k) or real(k, keys))
    fragments.refresh_together((ROW, VEVENT), public_sessions())
    for kind in (ROW, VEVENT):
        fragments.assemble(kind, public_sessions()).digest()
    assert rendered == []


def test_a_kind_that_does_not_load_what_the_others_write_cannot_lead_a_refresh():
    before = list(fragments._BY_EVENTS)
    with pytest.raises(ValueError, match="vevent ne charge pas"):
        fragments.refreshed_with_events((VEVENT, ROW), lambda ids: Session.objects.all())
    assert fragments._BY_EVENTS == before
