"""The next edition of an event, copied from last year's: dates moved, year-bound text
rewritten, what may still point at last year listed for its editor.

`copy_event(source=…, target_year=…)` writes one draft in one transaction:
- dates moved by the event's `Shift` (events/editions.py): its sessions keep their order,
  rooms, lengths and Paris wall-clock times; a session landing on a public holiday is listed;
- title, chapeau, body, alt texts, captions, information fields and sessions' texts rewritten by
  `events.edition_text.rewrite` (years, edition numbers, dates written in the text);
- capacity and registrations emptied (never copied); registration and online links, links of
  the text and images kept but listed "to confirm" (`EditionItem`);
- the content checks run on the copy (what a submission would run) and their remaining
  problems are stored on it, as for every draft;
- the copy is a draft of the same organisation with `previous_edition` set, and a slug with
  the year replaced (or added).
`dry_run=True` does all of it and rolls back: the report says what the copy would be.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field

from django.db import transaction

from agenda.events.edition_text import EditionText, Note, rewrite
from agenda.events.editions import Shift, holiday_of, slug_for_year
from agenda.events.models import PARIS, Event, Image, InfoField, Session, aware, paris_value
from agenda.events.services import free_slug, set_body, set_many
from agenda.events.sessions import session_fields, write_session

from .checking import check_data, stored_problems
from .models import AuditEntry, EditionItem
from .snapshot import event_snapshot

# Links of a text: markdown targets and HTML hrefs (a site's bare home page never goes stale).
_TEXT_LINK = re.compile(r"\]\((https?://[^()\s]++)\)|href=\"(https?://[^\"]++)\"")
_HOME_PAGE = re.compile(r"https?://[^/]++/?")


@dataclass
class CopyReport:
    """What one copy did: for the command's output, the views' messages and the pair tests."""

    source: Event
    copy: Event | None
    slug: str
    shift: int
    sessions: list[tuple[str, str, str]] = field(default_factory=list)  # old, new, holiday
    fixed: list[tuple[str, Note]] = field(default_factory=list)  # (field, note)
    items: list[EditionItem] = field(default_factory=list)
    problems: list[dict] = field(default_factory=list)


class EditionError(Exception):
    """A copy that cannot be made (French, shown as is)."""


def edition_years(event: Event) -> frozenset[int]:
    start = paris_value(event.starts_at, True)
    end = paris_value(event.ends_at, True) if event.ends_at else start
    return frozenset(range(start.year, end.year + 1))


def copy_event(
    *,
    source: Event,
    target_year: int,
    days: int | None = None,
    actor=None,
    dry_run: bool = False,
) -> CopyReport:
    """The draft of `source`'s edition of `target_year` (see the module's docstring)."""
    start = paris_value(source.starts_at, True)
    years = target_year - start.year
    if years < 1:
        raise EditionError(
            f"« {source.title} » a lieu en {start.year} : rien à copier vers {target_year}."
        )
    with transaction.atomic():
        report = _copy(source, years=years, days=days, actor=actor)
        if dry_run:
            transaction.set_rollback(True)
            report.copy = None
    return report


def _copy(source: Event, *, years: int, days: int | None, actor) -> CopyReport:
    shift = Shift.of_event(source.start, years=years, days=days)
    start, end = source.start, source.end
    context = EditionText(
        shift=shift,
        years=edition_years(source),
        year_delta=years,
        start=_day(start),
        end=_day(end or start),
        next_number_known=years == 1,
    )
    target = paris_value(source.starts_at, True).year + years
    slug = free_slug(
        programme=source.programme, text=slug_for_year(source.slug, target - years, target)
    )
    report = CopyReport(source=source, copy=None, slug=slug, shift=shift.days)
    texts = _Texts(context, report)
    copy = Event(
        programme=source.programme,
        organisation=source.organisation,
        slug=slug,
        status=Event.Status.DRAFT,
        previous_edition=source,
        title=texts.of("title", source.title)[:300],
        chapeau=texts.of("chapeau", source.chapeau),
        place_label=source.place_label,
        place=source.place,
        show_map=source.show_map,
        attendance_mode=source.attendance_mode,
        extra_front_matter=source.extra_front_matter,
    )
    set_body(copy, texts.of("body", source.body), source.programme_lines)
    new_start, new_end = shift.value(start), shift.optional(end)
    copy.starts_at, copy.has_start_time = aware(new_start)
    copy.ends_at, copy.has_end_time = aware(new_end) if new_end else (None, True)
    copy.save()
    set_many(copy.categories, list(source.categories.all()), True)
    set_many(copy.tags, list(source.tags.all()), True)
    _copy_children(source, copy, texts)
    _copy_sessions(source, copy, shift, texts, report)
    located = check_data(event_snapshot(copy), copy.slug)
    copy.problems = report.problems = stored_problems(located)
    copy.save(update_fields=["problems"])
    items = _checklist(copy, texts)
    items += _dated_problems(copy, report.problems, start=len(items))
    report.items = EditionItem.objects.bulk_create(items)
    report.copy = copy
    comment = f"Copie de l’édition précédente (« {source.title} », {source.slug})."
    AuditEntry.objects.create(
        event=copy,
        actor=actor,
        action=AuditEntry.Action.CREATED,
        status_before=Event.Status.DRAFT,
        status_after=Event.Status.DRAFT,
        comment=comment,
    )
    return report


def _day(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


class _Texts:
    """Rewrites every text of the copy, remembering what it fixed and what it flagged where."""

    def __init__(self, context: EditionText, report: CopyReport):
        self.context, self.report = context, report
        self.flagged: list[tuple[str, Note]] = []
        self.session_uids: dict[str, str] = {}  # "sessions.3" → "sessions.<uid>"

    def of(self, where: str, text: str) -> str:
        new, notes = rewrite(text or "", self.context)
        for note in notes:
            if note.action == "fixed":
                self.report.fixed.append((where, note))
            else:
                self.flagged.append((where, note))
        return new


def _copy_children(source: Event, copy: Event, texts: _Texts) -> None:
    Image.objects.bulk_create(
        Image(
            event=copy,
            position=image.position,
            path=image.path,
            alt=texts.of(f"images.{n}.alt", image.alt)[:500],
            caption=texts.of(f"images.{n}.caption", image.caption)[:500],
        )
        for n, image in enumerate(source.images.all())
    )
    InfoField.objects.bulk_create(
        InfoField(
            event=copy,
            position=info.position,
            label=texts.of(f"info_fields.{n}.label", info.label)[:300],
            content=texts.of(f"info_fields.{n}.content", info.content),
            link=info.link,
            raw=info.raw,
        )
        for n, info in enumerate(source.info_fields.all())
    )


def _copy_sessions(
    source: Event, copy: Event, shift: Shift, texts: _Texts, report: CopyReport
) -> None:
    sessions = source.sessions.prefetch_related("formats").order_by("position", "starts_at")
    for session in sessions:
        start, end = shift.value(session.start), shift.optional(session.end)
        closes = session.registration_closes_at
        fields = session_fields(
            start=start,
            end=end,
            event=copy,
            position=session.position,
            title=texts.of(f"sessions.{session.position}.title", session.title),
            description=texts.of(f"sessions.{session.position}.description", session.description),
            attendance_mode=session.attendance_mode,
            place=session.place,
            online_url=session.online_url,
            accessibility=session.accessibility,
            is_free=session.is_free,
            registration=session.registration,
            registration_url=session.registration_url,
            registration_required=session.registration_required,
            capacity=None,  # seats are the new edition's decision
            waitlist_enabled=session.waitlist_enabled,
            registration_closes_at=closes + dt.timedelta(days=shift.days) if closes else None,
            source_line=session.source_line,
            whole_event=session.whole_event,
        )
        written = write_session(session=Session(), fields=fields, formats=session.formats.all())
        texts.session_uids[f"sessions.{session.position}"] = f"sessions.{written.session.uid}"
        report.sessions.append((_shown(session.start), _shown(start), holiday_of(start)))


def _checklist(copy: Event, texts: _Texts) -> list[EditionItem]:
    """What still points at last year, in the order the editor reads the event."""
    items: list[EditionItem] = []

    def add(kind: str, where: str, label: str, value: str) -> None:
        items.append(
            EditionItem(
                event=copy,
                position=len(items),
                kind=kind,
                where=where,
                label=label[:500],
                value=value,
            )
        )

    for where, note in texts.flagged:
        what = "numéro d’édition" if note.what == "edition" else "date"
        add("text", _field_of(where, texts), f"Texte : {what} à vérifier « {note.old} »", note.old)
    for n, image in enumerate(copy.images.all()):
        add(
            "image", f"images.{n}.path", f"Image de l’édition précédente : {image.path}", image.path
        )
    for n, info in enumerate(copy.info_fields.all()):
        if info.link:
            add(
                "link",
                f"info_fields.{n}.link",
                f"Lien « {info.label or info.content[:60]} »",
                info.link,
            )
    for url in _text_links(copy.chapeau):
        add("link", "chapeau", f"Lien du chapeau : {url}", url)
    for url in _text_links(copy.body):
        add("link", "body", f"Lien du texte : {url}", url)
    for session in copy.sessions.order_by("position", "starts_at"):
        name = session.title or copy.title
        where = f"sessions.{session.uid}"
        if session.registration_url:
            add(
                "link",
                f"{where}.registration_url",
                f"Lien d’inscription de « {name} »",
                session.registration_url,
            )
        if session.online_url:
            add("link", f"{where}.online_url", f"Lien en ligne de « {name} »", session.online_url)
        holiday = holiday_of(session.start)
        if holiday:
            day = _day(session.start).isoformat()
            add("date", f"{where}.start", f"« {name} » tombe un jour férié ({holiday})", day)
    return items


# What the checks may still find in a copy that says "last year": each is listed, never left
# unflagged (the copy writes no such date itself; a sentence it could not place may remain).
_YEAR_BOUND_CODES = ("other-year", "weekday-mismatch", "time-mismatch")
_EVIDENCE = re.compile(r"« ([^«»]++) »")


def _dated_problems(copy: Event, problems: list[dict], *, start: int) -> list[EditionItem]:
    items = []
    uids = [
        str(uid)
        for uid in copy.sessions.order_by("position", "starts_at").values_list("uid", flat=True)
    ]
    for problem in problems:
        evidence = _EVIDENCE.search(problem["message"])
        if problem["code"] not in _YEAR_BOUND_CODES or evidence is None:
            continue
        where = _problem_place(problem, uids)
        items.append(
            EditionItem(
                event=copy,
                position=start + len(items),
                kind=EditionItem.Kind.TEXT,
                where=where,
                label=f"Texte : {problem['message']}"[:500],
                value=evidence[1],
            )
        )
    return items


def _problem_place(problem: dict, uids: list[str]) -> str:
    """A stored problem's form place (checking.locate) as a snapshot path."""
    form, index, at = problem.get("form"), problem.get("index"), problem.get("at") or "body"
    if form == "images":
        return f"images.{index}.{at}"
    if form == "infos":
        return f"info_fields.{index}.{at}"
    if form == "sessions" and index is not None and index < len(uids):
        return f"sessions.{uids[index]}.start"
    return at


def _field_of(where: str, texts: _Texts) -> str:
    """A text's place as the checklist reads it back: a session's by its UID (known once the
    session is written), "sessions.3.title" → "sessions.<uid>.title"."""
    if not where.startswith("sessions."):
        return where
    head, key = where.rsplit(".", 1)
    return f"{texts.session_uids.get(head, head)}.{key}"


def _shown(value) -> str:
    """A Paris wall-clock value as the report prints it: "2023-11-02 16:15", "2023-11-02"."""
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    return value.isoformat()


def _text_links(text: str) -> list[str]:
    urls = []
    for match in _TEXT_LINK.finditer(text or ""):
        url = match[1] or match[2]
        if url not in urls and not _HOME_PAGE.fullmatch(url):
            urls.append(url)
    return urls


@dataclass
class SeasonReport:
    copied: list[CopyReport] = field(default_factory=list)
    skipped: list[tuple[Event, str]] = field(default_factory=list)  # event, why


def season_events(*, source_year: int, organisation=None, programme=None):
    """The published events that start in `source_year` (Paris), of an organisation or a
    programme (both optional), in date order."""
    start = dt.datetime(source_year, 1, 1, tzinfo=PARIS)
    end = dt.datetime(source_year + 1, 1, 1, tzinfo=PARIS)
    events = Event.objects.published().filter(starts_at__gte=start, starts_at__lt=end)
    if organisation is not None:
        events = events.filter(organisation=organisation)
    if programme is not None:
        events = events.filter(programme=programme)
    return events.select_related("programme", "organisation").order_by("starts_at", "pk")


def copy_season(
    *,
    events,
    target_year: int,
    days: int | None = None,
    actor=None,
    dry_run: bool = False,
) -> SeasonReport:
    """Copy each event once: an event that already has its edition of `target_year` is skipped,
    so running it again copies only what is new."""
    report = SeasonReport()
    for event in events:
        existing = existing_edition(event, target_year)
        if existing is not None:
            report.skipped.append((event, f"déjà copié : {existing.slug}"))
            continue
        try:
            report.copied.append(
                copy_event(
                    source=event, target_year=target_year, days=days, actor=actor, dry_run=dry_run
                )
            )
        except EditionError as error:
            report.skipped.append((event, str(error)))
    return report


def existing_edition(event: Event, target_year: int) -> Event | None:
    start = dt.datetime(target_year, 1, 1, tzinfo=PARIS)
    end = dt.datetime(target_year + 1, 1, 1, tzinfo=PARIS)
    return event.next_editions.filter(starts_at__gte=start, starts_at__lt=end).first()
