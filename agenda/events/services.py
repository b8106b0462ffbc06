"""Business logic on events: saving an imported page, keeping session identities stable.

Keyword-only functions; callers (the importer, forms, the API) never touch models directly.
"""

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import PurePath

from django.conf import settings
from django.db import transaction
from django.utils.text import slugify

from agenda.lib.frontmatter import text_says_draft
from agenda.lib.markup import (
    map_images,
    plain_text,
    render_markdown,
    render_parts,
    resolve_liquid_urls,
)
from agenda.lib.pages import Moment, PageData

from .models import (
    Category,
    Event,
    Format,
    Image,
    InfoField,
    Organisation,
    Place,
    Programme,
    Session,
    Tag,
    aware,
)
from .sessions import (
    WallClock,
    keep_agenda_registration,
    retire_session,
    session_fields,
    write_session,
)

SLUG_LENGTH = 200  # Event.slug's column
POSTCODE_CITY = re.compile(r"(?P<postcode>\b\d{5}\b|\b\d{2} ?\d{3}\b)\s+(?P<city>[^\d,]+?)\s*$")
ONLINE_WORDS = re.compile(
    r"\b(en ligne|webinaire|webinar|visio|distanciel|à distance|live)\b", re.I
)
OFFLINE_WORDS = re.compile(r"\b(présentiel|salle|auditorium|avenue|rue|boulevard|place)\b", re.I)


def default_programme() -> Programme:
    programme, _ = Programme.objects.get_or_create(
        slug=slugify(settings.PROGRAMME_NAME) or "programme",
        defaults={"name": settings.PROGRAMME_NAME},
    )
    return programme


def split_address(address: str) -> tuple[str, str, str]:
    """'77 avenue de Ségur, 75015 Paris' → ('77 avenue de Ségur', '75015', 'Paris')."""
    match = POSTCODE_CITY.search(address)
    if not match:
        return address.strip(" ,"), "", ""
    street = address[: match.start()].strip(" ,")
    return street, match["postcode"].replace(" ", ""), match["city"].strip(" ,")


@lru_cache(maxsize=4096)
def _label_slug(name: str) -> str:
    """A label's slug (Category, Tag, Format, Organisation): the same few names come back on
    every page of an import, and `slugify` is not cheap."""
    return slugify(name)[:200] or "x"


class Lookups:
    """Categories, tags, formats, places, organisations already seen during one import, so a
    batch of pages does not ask the database for the same rows again. Cleared when a page fails
    (its rows were rolled back)."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.named: dict[tuple[type, str], object] = {}
        self.places: dict[tuple[str, str], Place] = {}
        self.programme: Programme | None = None

    def default_programme(self) -> Programme:
        if self.programme is None:
            self.programme = default_programme()
        return self.programme

    def named_objects(self, model, names: list[str]) -> list:
        """Rows of Category, Tag, Format or Organisation for these names, created when missing."""
        slugs = {name: _label_slug(name) for name in names}
        missing = {slug for slug in slugs.values() if (model, slug) not in self.named}
        if missing:
            for obj in model.objects.filter(slug__in=missing):
                self.named[(model, obj.slug)] = obj
        for name, slug in slugs.items():
            if (model, slug) not in self.named:
                self.named[(model, slug)] = model.objects.create(name=name[:200], slug=slug)
        return list({slug: self.named[(model, slug)] for slug in slugs.values()}.values())

    def place(self, *, name: str, address: str, access: list | None = None) -> Place | None:
        if not address and not name:
            return None
        street, postcode, city = split_address(address)
        key = (name[:300], street[:300])
        place = self.places.get(key)
        if place is None:
            place, _ = Place.objects.get_or_create(
                name=key[0],
                address=key[1],
                defaults={"postcode": postcode, "city": city[:200], "access": access or []},
            )
            self.places[key] = place
        if access and place.access != access:
            place.access = access
            place.save(update_fields=["access"])
        return place


def find_place(*, name: str, address: str, access: list | None = None) -> Place | None:
    return Lookups().place(name=name, address=address, access=access)


def find_organisation(name: str, lookups: "Lookups | None" = None) -> Organisation | None:
    if not name:
        return None
    return (lookups or Lookups()).named_objects(Organisation, [name])[0]


def event_attendance_mode(page: PageData) -> str:
    label = page.place_label
    online = bool(ONLINE_WORDS.search(label))
    offline = (
        bool(page.address) or bool(OFFLINE_WORDS.search(label)) or (bool(label) and not online)
    )
    if online and offline:
        return Session.AttendanceMode.MIXED
    return Session.AttendanceMode.ONLINE if online else Session.AttendanceMode.OFFLINE


@dataclass
class SessionValues:
    """What a page says of a session: matched against the stored ones, then written."""

    start: WallClock
    end: WallClock | None
    title: str
    description: str
    formats: list[str]
    attendance_mode: str
    place_key: tuple[str, str] | None
    accessibility: str
    is_free: bool | None
    registration_url: str
    registration_required: bool
    source_line: int
    whole_event: bool = False

    @property
    def starts_at(self) -> dt.datetime:
        return aware(self.start)[0]

    def fields(self) -> dict:
        return session_fields(
            start=self.start,
            end=self.end,
            title=self.title,
            description=self.description,
            attendance_mode=self.attendance_mode,
            accessibility=self.accessibility,
            is_free=self.is_free,
            registration=Session.Registration.EXTERNAL
            if self.registration_url
            else Session.Registration.NONE,
            registration_url=self.registration_url,
            registration_required=self.registration_required,
            source_line=self.source_line,
            whole_event=self.whole_event,
        )


def session_values(parsed, *, event_mode: str, event_place: Place | None) -> SessionValues:
    labels = list(parsed.labels)
    text = " ".join([*labels, parsed.title or "", parsed.description])
    mode = event_mode
    if parsed.place_lines:
        mode = (
            Session.AttendanceMode.MIXED
            if ONLINE_WORDS.search(text) and event_mode != "offline"
            else "offline"
        )
    elif any(ONLINE_WORDS.search(label) for label in labels):
        mode = Session.AttendanceMode.ONLINE
    place_key = None
    if parsed.place_lines:
        place_key = _place_key_from_lines(parsed.place_lines)
    elif mode != Session.AttendanceMode.ONLINE and event_place:
        place_key = (event_place.name, event_place.address)
    return SessionValues(
        start=parsed.start,
        end=parsed.end or None,
        title=plain_text(parsed.title or ""),
        description=parsed.description.strip(),
        formats=labels,
        attendance_mode=mode,
        place_key=place_key,
        accessibility="\n".join(parsed.accessibility),
        is_free=parsed.is_free,
        registration_url=parsed.registration_url or "",
        registration_required=parsed.registration_required,
        source_line=parsed.line or 0,
    )


def whole_event_values(
    *, event: Event, event_mode: str, event_place: Place | None, info_fields: list | None = None
) -> SessionValues:
    """The occurrence of an event without programme: its dates, its registration info field."""
    fields = list(event.info_fields.all()) if info_fields is None else info_fields
    info = " ".join(f"{f.label} {f.content}" for f in fields)
    registration = next(
        (f.link for f in fields if f.link and "inscri" in f"{f.label} {f.content}".lower()), ""
    )
    return SessionValues(
        start=event.start,
        end=event.end,
        title="",
        description="",
        formats=[],
        attendance_mode=event_mode,
        place_key=(event_place.name, event_place.address) if event_place else None,
        accessibility="",
        is_free=True if "gratuit" in info.lower() else None,
        registration_url=registration,
        registration_required="inscription" in info.lower(),
        source_line=0,
        whole_event=True,
    )


def _place_key_from_lines(lines: list[str]) -> tuple[str, str]:
    address = next((line for line in lines if POSTCODE_CITY.search(line)), lines[-1])
    name = next((line for line in lines if line != address), "")
    return name, address


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


_LINE_BREAK = re.compile(r"\r\n|\n|\r")


def body_texts(body: str, programme_lines: list | None) -> list[str]:
    """The markdown texts an event's body is shown from: the whole, and when the programme was
    read from `programme_lines` of it (ranges of lines), the text before them and the other
    lines, which the public page shows before and after the structured sessions."""
    whole = resolve_liquid_urls(body)
    if not programme_lines:
        return [whole]
    lines = _LINE_BREAK.split(whole)
    ranges = [(int(first), int(last)) for first, last in programme_lines]
    read = {n for first, last in ranges for n in range(first, last + 1)}
    start = ranges[0][0]
    rest = [line for n, line in enumerate(lines[start:], start) if n not in read]
    return [whole, "\n".join(lines[:start]), "\n".join(rest)]


def page_html(page: PageData) -> dict[str, str]:
    """Every markdown text saving this page renders (body parts, session descriptions) and its
    HTML: what the importer renders ahead (`lib.markup.prerendered`). The body is parsed once;
    its parts, and the descriptions written as whole lines of it, are rendered from its blocks
    when they are whole blocks (the others are rendered on their own: the same HTML)."""
    texts = body_texts(page.body, page.programme_lines)
    whole = texts[0]
    lines = _LINE_BREAK.split(whole)
    parts: dict[str, set[int] | None] = {}
    if len(texts) > 1:
        ranges = [(int(first), int(last)) for first, last in page.programme_lines]
        read = {n for first, last in ranges for n in range(first, last + 1)}
        start = ranges[0][0]
        parts[texts[1]] = set(range(start))
        parts.setdefault(texts[2], {n for n in range(start, len(lines)) if n not in read})
        parts.pop(whole, None)
    for session in page.sessions:
        description = session.description.strip()
        if description and description not in parts and description != whole:
            parts[description] = _lines_within(description, lines)
    chosen = [(text, lines_of) for text, lines_of in parts.items() if lines_of is not None]
    html, rendered = render_parts(whole, [lines_of for _, lines_of in chosen])
    result = {whole: html}
    result.update(zip([text for text, _ in chosen], rendered, strict=True))
    for text in parts:
        if result.get(text) is None:
            result[text] = render_markdown(text)
    return result


def _lines_within(text: str, lines: list[str]) -> set[int] | None:
    """The numbers of the lines of `lines` that `text` is made of, when it is a run of them."""
    own = _LINE_BREAK.split(text)
    for first, line in enumerate(lines):
        if line == own[0] and lines[first : first + len(own)] == own:
            return set(range(first, first + len(own)))
    return None


def set_body(
    event: Event,
    body: str,
    programme_lines: list | None = None,
    image_urls: dict[str, str | None] | None = None,
) -> None:
    """The body and its HTML (`body_texts`: the whole for staff and the API; the text before
    the programme and the other lines for the public page). `image_urls`: where the import
    stored the body's images (None: not found, left out; `exchange.site_images`)."""
    html = [
        map_images(render_markdown(text), image_urls or {})
        for text in body_texts(body, programme_lines)
    ]
    event.body = body
    event.body_html = html[0]
    if len(html) == 1:
        event.programme_lines = None
        event.intro_html = event.closing_html = ""
        return
    event.programme_lines = [[int(first), int(last)] for first, last in programme_lines]
    event.intro_html, event.closing_html = html[1], html[2]


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
    set_body(event, page.body, page.programme_lines, page.image_urls)
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


def slug_for(text: str) -> str:
    """An event slug for a title or a file name: `Atelier données` → `atelier-donnees`."""
    return slugify(text)[:SLUG_LENGTH].strip("-_") or "evenement"


def free_slug(*, programme: Programme, text: str) -> str:
    """`slug_for(text)`, numbered (`-2`, `-3`…) when an event of the programme already has it:
    pages, forms and tables may all want the same slug."""
    base = slug_for(text)
    events = Event.objects.filter(programme=programme).order_by()
    if not events.filter(slug=base).exists():
        return base
    stem = base[: SLUG_LENGTH - 10].rstrip("-_")  # room for `-NNN`
    taken = set(events.filter(slug__startswith=f"{stem}-").values_list("slug", flat=True))
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


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


def sync_sessions(
    *,
    event: Event,
    parsed_sessions: list,
    event_mode: str,
    event_place: Place | None,
    lookups: Lookups | None = None,
    is_new: bool = False,
) -> None:
    """Match incoming sessions to stored ones (same start and title, else same start, else same
    position) so UIDs survive re-imports; the session writer decides SEQUENCE and who is told."""
    lookups = lookups or Lookups()
    existing = [] if is_new else list(event.sessions.prefetch_related("formats"))
    unmatched = {s.pk: s for s in existing}
    values = [
        session_values(p, event_mode=event_mode, event_place=event_place) for p in parsed_sessions
    ]
    if not values:
        values = [whole_event_values(event=event, event_mode=event_mode, event_place=event_place)]
    for position, value in enumerate(values):
        session = _match(unmatched, value, position)
        if session is None:
            session = Session(event=event)
        else:
            del unmatched[session.pk]
        _apply(session, value, position, lookups)
    for session in unmatched.values():
        retire_session(session=session)


def _match(unmatched: dict, value: SessionValues, position: int) -> Session | None:
    candidates = list(unmatched.values())
    starts_at, title = value.starts_at, value.title[:500]
    for test in (
        lambda s: s.starts_at == starts_at and s.title == title,
        lambda s: s.title == title and bool(title),
        lambda s: s.starts_at == starts_at,
        lambda s: s.position == position,
    ):
        found = next((s for s in candidates if test(s)), None)
        if found:
            return found
    return None


def _apply(session: Session, value: SessionValues, position: int, lookups: Lookups) -> None:
    fields = keep_agenda_registration(session, {**value.fields(), "position": position})
    fields["place"] = (
        lookups.place(name=value.place_key[0], address=value.place_key[1])
        if value.place_key
        else None
    )
    formats = None  # the same names: no need to look the rows up
    if session.pk is None or sorted(f.name for f in session.formats.all()) != sorted(value.formats):
        formats = lookups.named_objects(Format, value.formats)
    write_session(session=session, fields=fields, formats=formats)
