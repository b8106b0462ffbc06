"""One change, every path: the session writer decides SEQUENCE and what registrants are told.

The same session (an untitled workshop of "Atelier des données", Saturday 30 October 2027,
10:00–12:00, Salle Marianne, registration on the agenda with one seat, one person confirmed and
one waiting) is written by each path that changes sessions, then changed through that path. Each
change must give the same SEQUENCE, the same e-mails (read back from a real SMTP exchange) and
the same VEVENT, whatever the path. The move crosses the end of summer time (31 October 2027).
"""

import datetime as dt
import re
from dataclasses import dataclass, replace

import pytest
from django.urls import reverse

from agenda.events.models import Event, Organisation, Session
from agenda.events.services import save_page
from agenda.exchange.bulk import import_calendar, import_table
from agenda.exchange.jekyll import parse_page
from agenda.feeds.ics import calendar_for_sessions
from agenda.moderation import revisions
from agenda.moderation import services as moderation
from agenda.moderation.editions import copy_event
from agenda.moderation.models import Revision
from agenda.moderation.snapshot import event_snapshot
from agenda.registrations import services as registrations
from tests import contributors as t
from tests.html_forms import form_values
from tests.moderating import edit_url, errors_in

pytestmark = pytest.mark.django_db
TITLE = "Atelier des données"
SITE = "https://agenda.example"
SUBJECT = "[Agenda public] {} : Atelier des données"


@pytest.fixture(autouse=True)
def _site(settings):
    settings.SITE_URL, settings.SITE_NAME = SITE, "Agenda public"


@dataclass(frozen=True)
class Spec:
    """What the sources say of the session (Paris wall-clock times)."""

    start: dt.datetime = dt.datetime(2027, 10, 30, 10)
    end: dt.datetime = dt.datetime(2027, 10, 30, 12)
    cancelled: bool = False
    capacity: int | None = None  # None: the source does not say


MOVED = Spec(start=dt.datetime(2027, 11, 1, 14), end=dt.datetime(2027, 11, 1, 16))
CANCELLED = replace(Spec(), cancelled=True)
TWO_SEATS = replace(Spec(), capacity=2)


# --- the paths -------------------------------------------------------------------------------


class Form:
    """The contributor space: the organiser creates and submits, a moderator publishes; a
    moderator's later edit of the published event is a revision they accept themselves."""

    def __init__(self, client) -> None:
        self.client = client
        self.organisation = t.organisation("DINUM")
        self.organiser = t.person("camille@dinum.example", role="organiser", of=self.organisation)
        self.moderator = t.person("modo@programme.example", role="moderator")
        self.event = None

    def write(self, spec: Spec) -> None:
        if self.event is None:
            self.create(spec)
        else:
            self.edit(spec)

    def create(self, spec: Spec) -> None:
        place = {"id": None, "name": "Salle Marianne", "address": "20 avenue de Ségur"}
        data = t.snapshot(
            self.organisation,
            title=TITLE,
            place={**place, "postcode": "75007", "city": "Paris"},
            sessions=[self.session({}, spec)],
        )
        self.client.force_login(self.organiser)
        self.post(data, {}, action="submit")
        self.event = Event.objects.get(title=TITLE)
        moderation.publish_event(actor=self.moderator, event=self.event)

    def edit(self, spec: Spec) -> None:
        stored = event_snapshot(self.event)
        changed = {**stored, "sessions": [self.session(stored["sessions"][0], spec)]}
        self.client.force_login(self.moderator)
        self.post(changed, stored)
        revision = Revision.objects.filter(event=self.event, state=Revision.State.PENDING).first()
        if revision is not None:  # none when the edit changed nothing
            revisions.accept_revision(actor=self.moderator, revision=revision)

    def session(self, item: dict, spec: Spec) -> dict:
        item = item or t.session("", formats=[], accessibility="", is_free=None)
        item = {**item, "start": spec.start.isoformat()[:16], "end": spec.end.isoformat()[:16]}
        if spec.cancelled:
            item.update(status="cancelled", status_reason="Salle indisponible.")
        if spec.capacity is not None:
            item.update(capacity=spec.capacity)
        return item

    def post(self, data: dict, stored: dict, action: str = "save") -> None:
        url = edit_url(self.event) if self.event else "/espace/evenements/nouveau/"
        post = t.form_post(data, action=action, stored=stored, acknowledge_warnings="on")
        response = self.client.post(url, post)
        assert response.status_code == 302, errors_in(response.content.decode())


class RevisionAccepted(Form):
    """The organiser edits the published event: a revision, which a moderator accepts."""

    def edit(self, spec: Spec) -> None:
        stored = event_snapshot(self.event)
        changed = {**stored, "sessions": [self.session(stored["sessions"][0], spec)]}
        self.client.force_login(self.organiser)
        self.post(changed, stored)
        revision = Revision.objects.get(event=self.event, state=Revision.State.PENDING)
        revisions.accept_revision(actor=self.moderator, revision=revision)


class CancelledEvent(Form):
    """A moderator cancels the whole event."""

    def edit(self, spec: Spec) -> None:
        assert spec == CANCELLED
        moderation.cancel_event(actor=self.moderator, event=self.event, reason="Grève.")


class NextEdition(Form):
    """Last year's edition (Saturday 31 October 2026, imported) copied to this year's as the
    next edition (same weekday: Saturday 30 October 2027), submitted and published; then edited
    in the contributor space like any event. Its session, one line of a programme, stays one
    when the form edits it (the form used to make it the whole event: a new SEQUENCE, a new URL,
    for a change of seats)."""

    def create(self, spec: Spec) -> None:
        assert spec == Spec()
        last_year = "\n".join(
            [
                "---",
                f"title: {TITLE}",
                "event_start_date: 2026-10-31 00:00:00 +01:00",
                "lieu: Salle Marianne",
                "adresse: 20 avenue de Ségur, 75007 Paris",
                "organisation: DINUM",
                "---",
                "",
                "**[Le samedi 31/10 de 10h à 12h]**",
                "",
            ]
        )
        source = save_page(page=parse_page(last_year, path="atelier-2026.md", slug="atelier"))
        self.event = copy_event(source=source, target_year=2027, actor=self.moderator).copy
        moderation.submit_event(actor=self.moderator, event=self.event, acknowledge_warnings=True)
        moderation.publish_event(actor=self.moderator, event=self.event)


class Jekyll:
    """A Jekyll page imported, then imported again. A page cannot cancel a session: it drops
    it from its programme (a second session, « Bilan », keeps the programme going)."""

    LINES = {
        dt.datetime(2027, 10, 30, 10): "**[Le samedi 30/10 de 10h à 12h]**",
        dt.datetime(2027, 11, 1, 14): "**[Le lundi 01/11 de 14h à 16h]**",
    }

    def write(self, spec: Spec) -> None:
        programme = [] if spec.cancelled else [self.LINES[spec.start], ""]
        text = "\n".join(
            [
                "---",
                f"title: {TITLE}",
                "event_start_date: 2027-10-30 00:00:00 +02:00",
                "event_end_date: 2027-11-02 00:00:00 +01:00",
                "lieu: Salle Marianne",
                "adresse: 20 avenue de Ségur, 75007 Paris",
                "organisation: DINUM",
                "---",
                "",
                *programme,
                "**[Le mardi 02/11 de 9h à 10h]**\\",
                "*Bilan*",
                "",
            ]
        )
        save_page(page=parse_page(text, path="atelier.md", slug="atelier"))


class Table:
    """A CSV table of the organisation imported, then imported again (drafts only)."""

    def __init__(self) -> None:
        self.organisation = Organisation.objects.create(name="DINUM", slug="dinum")

    def write(self, spec: Spec) -> None:
        header = "identifiant;evenement;date;debut;fin;lieu;adresse;code_postal;ville"
        row = (
            f"a-1;{TITLE};{spec.start:%d/%m/%Y};{spec.start:%H:%M};{spec.end:%H:%M};"
            "Salle Marianne;20 avenue de Ségur;75007;Paris"
        )
        if spec.capacity is not None:
            header, row = f"{header};inscription;places", f"{row};native;{spec.capacity}"
        data = f"{header}\r\n{row}\r\n".encode()
        report = import_table(data, filename="programme.csv", organisation=self.organisation)
        assert report.ok, report.problems


class IcsCalendar:
    """An ICS calendar of the organisation imported, then imported again (drafts only)."""

    def __init__(self) -> None:
        self.organisation = Organisation.objects.create(name="DINUM", slug="dinum")

    def write(self, spec: Spec) -> None:
        lines = [
            "BEGIN:VCALENDAR",
            "VERSION:2.0",
            "PRODID:-//test//FR",
            "BEGIN:VEVENT",
            "UID:atelier@dinum.example",
            f"SUMMARY:{TITLE}",
            f"DTSTART;TZID=Europe/Paris:{spec.start:%Y%m%dT%H%M%S}",
            f"DTEND;TZID=Europe/Paris:{spec.end:%Y%m%dT%H%M%S}",
            "LOCATION:Salle Marianne\\, 20 avenue de Ségur\\, 75007 Paris",
            f"STATUS:{'CANCELLED' if spec.cancelled else 'CONFIRMED'}",
            "END:VEVENT",
            "END:VCALENDAR",
        ]
        data = ("\r\n".join(lines) + "\r\n").encode()
        report = import_calendar(data, filename="agenda.ics", organisation=self.organisation)
        assert report.ok, report.problems


class Admin(Jekyll):
    """Written by a page, then changed by the editorial team in the Django admin: the event's
    change page, its sessions inline, posted as a browser would."""

    def __init__(self, client) -> None:
        self.client = client
        self.written = False

    def write(self, spec: Spec) -> None:
        if not self.written:
            self.written = True
            return super().write(spec)
        session = our_session()
        self.client.force_login(
            t.person("admin@programme.example", is_staff=True, is_superuser=True)
        )
        url = reverse("admin:events_event_change", args=[session.event_id])
        data = form_values(self.client.get(url).content.decode(), "event_form")
        prefix = next(
            key.removesuffix("-id")
            for key, value in data.items()
            if key.startswith("sessions-") and key.endswith("-id") and value == str(session.pk)
        )
        data.update(
            {
                f"{prefix}-starts_at_0": f"{spec.start:%d/%m/%Y}",  # as the French admin writes
                f"{prefix}-starts_at_1": f"{spec.start:%H:%M:%S}",
                f"{prefix}-ends_at_0": f"{spec.end:%d/%m/%Y}",
                f"{prefix}-ends_at_1": f"{spec.end:%H:%M:%S}",
                "_save": "Enregistrer",
            }
        )
        response = self.client.post(url, data)
        assert response.status_code == 302, re.findall(
            r"errorlist[^>]*>(.*?)</ul>", response.content.decode(), re.S
        )


class Seats:
    """The organiser's registration settings (the registrations space)."""

    def __init__(self, jekyll: Jekyll) -> None:
        self.jekyll = jekyll

    def write(self, spec: Spec) -> None:
        if spec.capacity is None:
            return self.jekyll.write(spec)
        session = our_session()
        registrations.configure(
            session=session,
            registration=session.registration,
            capacity=spec.capacity,
            waitlist_enabled=True,
            online_url=session.online_url,
        )


# --- what every path must give ---------------------------------------------------------------


def our_session() -> Session:
    """The untitled session (this year's: a next edition's source has one too)."""
    return Session.objects.select_related("event").filter(title="").latest("starts_at")


def open_registration() -> Session:
    """Registration on the agenda, one seat: p1 holds it, p2 waits. The bulk import only
    writes unpublished events: theirs is published for the people to register, then put back."""
    session = our_session()
    status = session.event.status
    Event.objects.filter(pk=session.event_id).update(status=Event.Status.PUBLISHED)
    session = our_session()
    registrations.configure(session=session, registration="native", capacity=1)
    for n in (1, 2):
        registrations.register(
            session=session, name=f"Personne {n}", email=f"p{n}@example.org", consent=True
        )
    Event.objects.filter(pk=session.event_id).update(status=status)
    return our_session()


WANTED = ("UID", "SEQUENCE", "DTSTART", "DTEND", "SUMMARY", "LOCATION", "STATUS")


def lines(ics: bytes, uid) -> list[str]:
    """The calendar's METHOD, then the VEVENT's properties a change of time, place or status
    shows in, as written, in name order (UID made generic: each path has its own)."""
    unfolded = ics.decode().replace("\r\n ", "").split("\r\n")
    vevent = unfolded[unfolded.index("BEGIN:VEVENT") : unfolded.index("END:VEVENT")]
    method = [line for line in unfolded if line.startswith("METHOD:")]
    found = sorted(line for line in vevent if line.split(";")[0].split(":")[0] in WANTED)
    return [line.replace(str(uid), "<uid>") for line in method + found]


def feed(session: Session) -> list[str]:
    session = Session.objects.select_related("event__organisation", "event__place", "place").get(
        pk=session.pk
    )
    return lines(calendar_for_sessions([session], name=TITLE, site_url=SITE), session.uid)


def mails(messages, uid) -> list[tuple]:
    """(recipient, subject, calendar lines or None) of each e-mail to a registrant, by
    recipient (the moderation's own e-mails to organisers and moderators are left out)."""
    found = []
    for message in messages:
        if not str(message["To"]).endswith("@example.org"):
            continue
        parts = [p for p in message.iter_attachments() if p.get_content_type() == "text/calendar"]
        ics = lines(parts[0].get_payload(decode=True), uid) if parts else None
        found.append((str(message["To"]), str(message["Subject"]).strip(), ics))
    return sorted(found)


@pytest.fixture
def paths(client):
    jekyll = Jekyll()
    return {
        "form": lambda: Form(client),
        "next_edition": lambda: NextEdition(client),
        "revision": lambda: RevisionAccepted(client),
        "cancel_event": lambda: CancelledEvent(client),
        "jekyll": lambda: jekyll,
        "table": Table,
        "calendar": IcsCalendar,
        "admin": lambda: Admin(client),
        "registrations": lambda: Seats(jekyll),
    }


def drive(paths, name: str, change: Spec, smtp_server, capture) -> tuple[Session, list]:
    source = paths[name]()
    source.write(Spec())
    session = open_registration()
    assert (session.sequence, session.registration) == (1, "native")
    smtp_server.clear()
    with capture(execute=True):
        source.write(change)
    after = Session.objects.get(pk=session.pk)
    assert after.uid == session.uid
    return after, mails(smtp_server, session.uid)


MOVE_PATHS = ["form", "next_edition", "revision", "jekyll", "table", "calendar", "admin"]
MOVED_VEVENT = sorted(
    [
        "UID:<uid>@agenda.example",
        "SEQUENCE:2",
        "DTSTART;TZID=Europe/Paris:20271101T140000",
        "DTEND;TZID=Europe/Paris:20271101T160000",
        f"SUMMARY:{TITLE}",
        "LOCATION:Salle Marianne\\, 20 avenue de Ségur\\, 75007 Paris",
        "STATUS:CONFIRMED",
    ]
)


@pytest.mark.parametrize("path", MOVE_PATHS)
def test_moving_a_session_across_the_clock_change_raises_its_sequence_once_and_tells_both(
    path, paths, smtp_server, django_capture_on_commit_callbacks
):
    session, sent = drive(paths, path, MOVED, smtp_server, django_capture_on_commit_callbacks)
    assert session.sequence == 2
    assert feed(session) == ["METHOD:PUBLISH", *MOVED_VEVENT]
    # Now an hour behind UTC, no longer two: 13:00 UTC.
    assert session.starts_at.astimezone(dt.UTC).hour == 13
    assert sent == [
        ("p1@example.org", SUBJECT.format("Séance modifiée"), ["METHOD:REQUEST", *MOVED_VEVENT]),
        ("p2@example.org", SUBJECT.format("Séance modifiée"), None),  # waiting: no invitation
    ]


CANCEL_PATHS = ["form", "next_edition", "revision", "cancel_event", "jekyll", "calendar"]
CANCELLED_VEVENT = sorted(
    [
        "UID:<uid>@agenda.example",
        "SEQUENCE:2",
        "DTSTART;TZID=Europe/Paris:20271030T100000",
        "DTEND;TZID=Europe/Paris:20271030T120000",
        f"SUMMARY:{TITLE}",
        "LOCATION:Salle Marianne\\, 20 avenue de Ségur\\, 75007 Paris",
        "STATUS:CANCELLED",
    ]
)


@pytest.mark.parametrize("path", CANCEL_PATHS)
def test_cancelling_or_dropping_a_session_with_registrants_cancels_it_once_and_tells_both(
    path, paths, smtp_server, django_capture_on_commit_callbacks
):
    session, sent = drive(paths, path, CANCELLED, smtp_server, django_capture_on_commit_callbacks)
    assert session.sequence == 2
    assert feed(session) == ["METHOD:PUBLISH", *CANCELLED_VEVENT]
    cancel = ["METHOD:CANCEL", *CANCELLED_VEVENT]
    assert sent == [
        ("p1@example.org", SUBJECT.format("Séance annulée"), cancel),
        ("p2@example.org", SUBJECT.format("Séance annulée"), cancel),
    ]


SEAT_PATHS = ["form", "next_edition", "revision", "table", "registrations"]
UNCHANGED_VEVENT = sorted(
    [
        "UID:<uid>@agenda.example",
        "SEQUENCE:1",
        "DTSTART;TZID=Europe/Paris:20271030T100000",
        "DTEND;TZID=Europe/Paris:20271030T120000",
        f"SUMMARY:{TITLE}",
        "LOCATION:Salle Marianne\\, 20 avenue de Ségur\\, 75007 Paris",
        "STATUS:CONFIRMED",
    ]
)


@pytest.mark.parametrize("path", SEAT_PATHS)
def test_a_second_seat_keeps_the_sequence_and_promotes_the_person_waiting(
    path, paths, smtp_server, django_capture_on_commit_callbacks
):
    """Seats are not shown in calendars: no new SEQUENCE, on any path (the bulk import used to
    raise it, the forms did not)."""
    session, sent = drive(paths, path, TWO_SEATS, smtp_server, django_capture_on_commit_callbacks)
    assert (session.sequence, session.capacity) == (1, 2)
    assert feed(session) == ["METHOD:PUBLISH", *UNCHANGED_VEVENT]
    assert sent == [
        (
            "p2@example.org",
            SUBJECT.format("Une place s’est libérée"),
            ["METHOD:REQUEST", *UNCHANGED_VEVENT],
        )
    ]
