"""Creating many new events at once: the fast path of a first import.

`save_page` writes one event with a few dozen queries; a programme of thousands of new pages
goes through here instead, a batch at a time, with one INSERT per table. Pages whose event
already exists go through `save_page`, which keeps session identities. New sessions are made
from `sessions.session_fields`, as the session writer's are; with nothing stored to compare
them with, they start at SEQUENCE 0 and tell nobody, so they skip the writer. Rows are inserted
by `lib.dbinsert.insert_rows` (the rows `bulk_create` writes, without its per-row compilation).
"""

from collections.abc import Sequence
from pathlib import PurePath

from django.db.models import Q

from agenda.lib.dbinsert import insert_rows, insert_values
from agenda.lib.pages import PageData

from . import search
from .lookups import Lookups
from .models import Audience, Category, Event, Format, Image, InfoField, Programme, Session, Tag
from .page_sessions import session_values, whole_event_values
from .services import event_span, fill_event, image_rows, info_rows
from .slugs import slug_for


def new_pages(pages: Sequence[PageData], *, programme: Programme) -> list[PageData]:
    """The pages whose event is not in the database yet (by file name), and whose slug is free."""
    names = {PurePath(page.path).name for page in pages}
    slugs = {slug_for(page.slug) for page in pages}
    taken = Event.objects.filter(programme=programme).filter(
        Q(source_name__in=names) | Q(slug__in=slugs)
    )
    taken_names, taken_slugs = set(), set()
    for name, slug in taken.values_list("source_name", "slug"):
        taken_names.add(name)
        taken_slugs.add(slug)
    fresh, seen = [], set()
    for page in pages:
        name, slug = PurePath(page.path).name, slug_for(page.slug)
        if name in taken_names or slug in taken_slugs or slug in seen or name in seen:
            continue
        seen.update((slug, name))
        fresh.append(page)
    return fresh


def create_events(
    *, pages: Sequence[PageData], problems: Sequence[list], programme: Programme, lookups: Lookups
) -> list[Event]:
    """Insert new events with their images, info fields, categories, tags, audiences and sessions.

    Every page must be new (see `new_pages`) and have a date (`event_span`); the caller wraps
    this in a savepoint and falls back to `save_page` one by one if anything fails."""
    events = []
    for page, page_problems in zip(pages, problems, strict=True):
        name = PurePath(page.path).name
        event = Event(programme=programme, slug=slug_for(page.slug), source_name=name)
        place = lookups.place(
            name=page.place_label if page.address else "", address=page.address, access=page.access
        )
        fill_event(
            event,
            page=page,
            span=event_span(page),
            place=place,
            problems=page_problems,
            lookups=lookups,
        )
        events.append(event)
    insert_rows(Event, events)
    labels = _create_children(events, pages, lookups)
    sessions = _create_sessions(events, pages, lookups)
    # Bulk inserts send no signal: the index entries are written here, from the rows at hand.
    search.index_created(
        {
            event.pk: search.event_text(
                event,
                categories=categories,
                tags=tags,
                audiences=audiences,
                sessions=sessions[index],
            )
            for index, (event, (categories, tags, audiences)) in enumerate(
                zip(events, labels, strict=True)
            )
        }
    )
    return events


def _create_children(
    events: list[Event], pages: Sequence[PageData], lookups: Lookups
) -> list[tuple[list[str], list[str], list[str]]]:
    """Insert the events' images, info fields, categories, tags and audiences; the names of
    each event's categories, tags and audiences, in order."""
    images, infos, labels = [], [], []
    links: dict[str, list[tuple[int, int]]] = {"categories": [], "tags": [], "audiences": []}
    for event, page in zip(events, pages, strict=True):
        images += image_rows(event, page)
        infos += info_rows(event, page)
        named = {
            "categories": lookups.named_objects(Category, page.categories),
            "tags": lookups.named_objects(Tag, page.tags),
            "audiences": lookups.named_objects(Audience, page.audiences),
        }
        for relation, objects in named.items():
            links[relation] += [(event.pk, o.pk) for o in objects]
        labels.append(tuple(sorted(o.name for o in objects) for objects in named.values()))
    insert_rows(Image, images)
    insert_rows(InfoField, infos)
    for relation, pairs in links.items():
        through = getattr(Event, relation).through
        target = getattr(Event, relation).field.m2m_reverse_field_name()
        insert_values(through, ["event_id", f"{target}_id"], pairs)
    return labels


def _create_sessions(
    events: list[Event], pages: Sequence[PageData], lookups: Lookups
) -> list[list[tuple[Session, list[str]]]]:
    """Insert the events' sessions and their formats; each event's sessions with the names of
    their formats, in order."""
    sessions, formats, by_event = [], [], []
    for event, page in zip(events, pages, strict=True):
        its_sessions = []
        values = [
            session_values(p, event_mode=event.attendance_mode, event_place=event.place)
            for p in page.sessions
        ] or [
            whole_event_values(
                event=event,
                event_mode=event.attendance_mode,
                event_place=event.place,
                info_fields=info_rows(event, page),
            )
        ]
        for position, value in enumerate(values):
            place = (
                lookups.place(name=value.place_key[0], address=value.place_key[1])
                if value.place_key
                else None
            )
            session = Session(event=event, position=position, place=place, **value.fields())
            sessions.append(session)
            its_formats = lookups.named_objects(Format, value.formats)
            formats += [(session, f) for f in its_formats]
            its_sessions.append((session, sorted(f.name for f in its_formats)))
        # In the models' order (by name, by start), as a rebuild of the index reads them.
        by_event.append(
            sorted(its_sessions, key=lambda item: (item[0].starts_at, item[0].position))
        )
    insert_rows(Session, sessions)
    pairs = [(session.pk, f.pk) for session, f in formats]
    insert_values(Session.formats.through, ["session_id", "format_id"], pairs)
    return by_event
