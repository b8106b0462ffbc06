"""Business logic on events: saving an imported page as an event, its children and sessions.

Keyword-only functions; callers (the importer, forms, the API) never touch models directly.
The rows an import looks up are in `lookups`, the body's HTML in `bodies`, the matching of a
page's sessions in `page_sessions`, slugs in `slugs`.
"""

import datetime as dt
from pathlib import PurePath

from django.db import transaction

from agenda.lib.frontmatter import text_says_draft
from agenda.lib.pages import Moment, PageData

from .bodies import set_body
from .lookups import Lookups, find_organisation
from .models import Audience, Category, Event, Image, InfoField, Place, Programme, Tag, aware
from .page_sessions import event_attendance_mode, sync_sessions
from .slugs import free_slug


def _moment_fields(moment: Moment | None, prefix: str) -> dict:
    if moment is None:
        return {f"{prefix}s_at": None, f"has_{prefix}_time": True}
    value, has_time = aware(moment.value)
    return {f"{prefix}s_at": value, f"has_{prefix}_time": has_time}


def event_span(page: PageData) -> tuple[Moment | None, Moment | None]:
    """The front matter's dates; else the programme's first and last days; else publication."""
    start, end = page.start, page.end
    if start is None and page.sessions:
        start = Moment(min(_as_date(s.start) for s in page.sessions))
        end = end or Moment(max(_as_date(s.end or s.start) for s in page.sessions))
    if start is None and page.published_at:
        start = Moment(_as_date(page.published_at.value))
    return start, end


def _as_date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def page_status(page: PageData) -> str:
    """The status a page asks for: `published: false` is a draft, any other page is public."""
    return _status_of(draft=page.draft)


def _status_of(*, draft: bool) -> str:
    return Event.Status.DRAFT if draft else Event.Status.PUBLISHED


def imported_status(event: Event, page: PageData) -> str:
    """The page's status, unless someone decided otherwise since the last import (a moderator
    cancelled the event, published a draft, asked for changes…): moderation wins, and the
    importer reports the conflict (`exchange.services`). Read before the event's source text
    is replaced."""
    if event.pk is None:
        return page_status(page)
    previous = text_says_draft(event.source_text)
    if previous is not None and event.status == _status_of(draft=previous):
        return page_status(page)
    return event.status


def fill_event(
    event: Event,
    *,
    page: PageData,
    span: tuple[Moment, Moment | None],
    place: Place | None,
    problems: list | None,
    lookups: Lookups,
) -> None:
    """Set an event's own fields from a page (no save: callers save one by one or in bulk)."""
    event.title = page.title[:300]
    event.chapeau = page.chapeau
    set_body(event, page.body, page.programme_lines, page.image_urls, first_line=page.body_line)
    event.status = imported_status(event, page)
    event.published_at = aware(page.published_at.value)[0] if page.published_at else None
    event.place_label = page.place_label[:300]
    event.place = place
    event.show_map = bool(page.show_map)
    event.attendance_mode = event_attendance_mode(page)
    event.organisation = find_organisation(page.organisation, lookups)
    event.source_path = page.path[:500]
    event.source_text = page.text
    event.extra_front_matter = page.extra
    event.problems = [
        vars(problem) for problem in (problems if problems is not None else page.warnings)
    ]
    moments = {**_moment_fields(span[0], "start"), **_moment_fields(span[1], "end")}
    for key, value in moments.items():
        setattr(event, key, value)


@transaction.atomic
def save_page(
    *,
    page: PageData,
    programme: Programme | None = None,
    problems: list | None = None,
    lookups: Lookups | None = None,
) -> Event:
    """Create or update the event a page describes; sessions keep their identity when unchanged."""
    lookups = lookups or Lookups()
    programme = programme or lookups.default_programme()
    start, end = event_span(page)
    if start is None:
        raise ValueError("no date")
    place = lookups.place(
        name=page.place_label if page.address else "", address=page.address, access=page.access
    )
    event = _find_event(programme, page)
    is_new = event.pk is None
    fill_event(event, page=page, span=(start, end), place=place, problems=problems, lookups=lookups)
    event.save()
    set_many(event.categories, lookups.named_objects(Category, page.categories), is_new)
    set_many(event.tags, lookups.named_objects(Tag, page.tags), is_new)
    set_many(event.audiences, lookups.named_objects(Audience, page.audiences), is_new)
    _replace_children(event, page, is_new)
    sync_sessions(
        event=event,
        parsed_sessions=page.sessions,
        event_mode=event.attendance_mode,
        event_place=place,
        lookups=lookups,
        is_new=is_new,
    )
    return event


def set_many(manager, objects: list, is_new: bool) -> None:
    """`manager.set()` reads the current rows first; a new object has none to read."""
    if is_new:
        if objects:
            manager.add(*objects)
    else:
        manager.set(objects)


def _find_event(programme: Programme, page: PageData) -> Event:
    """The event a page was imported into before (same file name), or a new one with a free slug:
    two files may share a slug (`x.md` and `x.markdown`) and still be two events."""
    name = PurePath(page.path).name
    events = Event.objects.filter(programme=programme).order_by()
    # No ORDER BY (first() would add one): SQLite then walks the primary key instead of the index.
    event = next(iter(events.filter(source_name=name)[:1]), None)
    if event:
        return event
    slug = free_slug(programme=programme, text=page.slug)
    return Event(programme=programme, slug=slug, source_name=name)


def image_rows(event: Event, page: PageData) -> list[Image]:
    return [
        Image(
            event=event, position=i, path=im.path[:500], alt=im.alt[:500], caption=im.caption[:500]
        )
        for i, im in enumerate(page.images)
    ]


def info_rows(event: Event, page: PageData) -> list[InfoField]:
    return [
        InfoField(
            event=event,
            position=i,
            label=f.label[:300],
            content=f.content,
            link=f.link[:1000],
            raw=f.raw,
        )
        for i, f in enumerate(page.info_fields)
    ]


def _replace_children(event: Event, page: PageData, is_new: bool) -> None:
    if not is_new:
        event.images.all().delete()
        event.info_fields.all().delete()
    if page.images:
        Image.objects.bulk_create(image_rows(event, page))
    if page.info_fields:
        InfoField.objects.bulk_create(info_rows(event, page))
