"""`agenda export --format jekyll|jsonld|ics [--out DIR] [--published]`."""

import json
from collections.abc import Callable
from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Prefetch, QuerySet

from agenda.events.models import Event, Session
from agenda.feeds.ics import calendar_for_sessions
from agenda.feeds.jsonld import event_jsonld

SUFFIXES = {"jekyll": "markdown", "jsonld": "jsonld", "ics": "ics"}


def jekyll_page(event: Event) -> str:
    # Imported late: the writer is optional for the other formats.
    from agenda.exchange.jekyll_writer import write_page

    return write_page(event)


def jsonld_text(event: Event) -> str:
    return json.dumps(event_jsonld(event, site_url=settings.SITE_URL), ensure_ascii=False, indent=2)


def ics_text(event: Event) -> str:
    return calendar_for_sessions(
        event.sessions.all(), name=event.title, site_url=settings.SITE_URL
    ).decode()


WRITERS: dict[str, Callable[[Event], str]] = {
    "jekyll": jekyll_page,
    "jsonld": jsonld_text,
    "ics": ics_text,
}


def exported_events(*, published_only: bool) -> QuerySet[Event]:
    """Every event with what the three writers read, in a query count independent of size."""
    # Prefetched sessions get their parent event (and its organisation) from this query.
    sessions = Session.objects.select_related("place")
    events = (
        Event.objects.select_related("organisation", "place", "programme")
        .prefetch_related(
            "categories",
            "tags",
            "images",
            "info_fields",
            Prefetch("sessions", queryset=sessions.prefetch_related("formats")),
        )
        .order_by("starts_at", "slug", "pk")
    )
    return events.published() if published_only else events


class Command(BaseCommand):
    help = (
        "Exporte les événements (brouillons compris sauf --published) en pages Jekyll, JSON-LD "
        "ou iCalendar : sur la sortie standard, ou un fichier par événement avec --out."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(WRITERS), required=True)
        parser.add_argument("--out", type=Path, help="dossier : un fichier par événement")
        parser.add_argument("--published", action="store_true", help="événements publiés seuls")

    def handle(self, *args, **options) -> None:
        kind = options["format"]
        events = list(exported_events(published_only=options["published"]))
        if options["out"]:
            self.write_files(events, kind, options["out"])
        else:
            self.stdout.write(self.stdout_text(events, kind), ending="")

    def write_files(self, events: list[Event], kind: str, out: Path) -> None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Impossible de créer le dossier {out} : {exc}") from exc
        for event in events:
            path = out / f"{event.slug}.{SUFFIXES[kind]}"
            path.write_text(WRITERS[kind](event), encoding="utf-8", newline="")
        self.stderr.write(f"{len(events)} événement(s) exporté(s) dans {out}.")

    def stdout_text(self, events: list[Event], kind: str) -> str:
        """Stdout holds one document: a JSON list, one calendar, or the pages one after another."""
        if kind == "jsonld":
            data = [event_jsonld(event, site_url=settings.SITE_URL) for event in events]
            return json.dumps(data, ensure_ascii=False, indent=2) + "\n"
        if kind == "ics":
            sessions = [session for event in events for session in event.sessions.all()]
            body = calendar_for_sessions(
                sessions, name=settings.PROGRAMME_NAME, site_url=settings.SITE_URL
            )
            return body.decode()
        return "\n".join(jekyll_page(event) for event in events)
