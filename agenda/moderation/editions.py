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
from dataclasses import dataclass, field

from django.db import transaction

from agenda.checks.rules_sentences import sentence_at, tells_history
from agenda.events.bodies import body_first_line, set_body
from agenda.events.edition_text import EditionText, Note, rewrite
from agenda.events.editions import Shift, holiday_of, slug_for_year
from agenda.events.models import PARIS, Event, Image, InfoField, Session, aware, paris_value
from agenda.events.services import set_many
from agenda.events.sessions import session_fields, write_session
from agenda.events.slugs import free_slug

from .checking import check_data, stored_problems
from .edition_checklist import checklist_items
from .models import AuditEntry, EditionItem
from .snapshot import event_snapshot


@dataclass
class CopyReport:
    """What one copy did: for the command's output, the views' messages and the pair tests."""

    source: Event
    copy: Event | None
    slug: str
    shift: int
    sessions: list[tuple[str, str, str]] = field(default_factory=list)  # old, new, holiday
    fixed: list[tuple[str, Note]] = field(default_factory=list)  # (field, note)
    kept: list[tuple[str, Note]] = field(default_factory=list)  # years of history
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
        history=_tells_history,
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
    set_body(
        copy,
        texts.of("body", source.body),
        source.programme_lines,
        first_line=body_first_line(source),
    )
    new_start, new_end = shift.value(start), shift.optional(end)
    copy.starts_at, copy.has_start_time = aware(new_start)
    copy.ends_at, copy.has_end_time = aware(new_end) if new_end else (None, True)
    copy.save()
    set_many(copy.categories, list(source.categories.all()), True)
    set_many(copy.tags, list(source.tags.all()), True)
    set_many(copy.audiences, list(source.audiences.all()), True)
    _copy_children(source, copy, texts)
    _copy_sessions(source, copy, shift, texts, report)
    located = check_data(event_snapshot(copy), copy.slug)
    copy.problems = report.problems = stored_problems(located)
    copy.save(update_fields=["problems"])
    flagged = [(_field_of(where, texts), note) for where, note in texts.flagged]
    report.items = EditionItem.objects.bulk_create(
        checklist_items(copy, flagged=flagged, problems=report.problems)
    )
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


def _tells_history(text: str, position: int) -> bool:
    """The sentence at `position` speaks of the past or of another occurrence: the checks'
    reading, so that the copy keeps what `other-year` would not report."""
    return tells_history(text, *sentence_at(text, position))


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
            elif note.action == "kept":
                self.report.kept.append((where, note))
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
