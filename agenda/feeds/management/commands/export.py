"""`agenda export --format <format> [--out DIR] [--published]`: every output of the registry
that has an `Export` (jekyll, jsonld, ics, the open-data tables…)."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db.models import Prefetch, QuerySet

from agenda.events.models import Event, Session
from agenda.feeds.registry import REGISTRY, Export
from agenda.lib.french import compte


def exported_events(*, published_only: bool) -> QuerySet[Event]:
    """Every event with what the writers read, in a query count independent of size."""
    # Prefetched sessions get their parent event (and its organisation) from this query.
    sessions = Session.objects.select_related("place").order_by("starts_at", "position", "pk")
    events = (
        Event.objects.select_related("organisation", "place", "programme")
        .prefetch_related(
            "categories",
            "tags",
            "audiences",
            "images",
            "info_fields",
            Prefetch("sessions", queryset=sessions.prefetch_related("formats")),
        )
        .order_by("starts_at", "slug", "pk")
    )
    return events.published() if published_only else events


class Command(BaseCommand):
    help = (
        "Exporte les événements (brouillons compris sauf --published) dans un des formats du "
        "site : sur la sortie standard, ou dans un dossier avec --out (un fichier par événement "
        "quand le format en a un)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--format", choices=sorted(REGISTRY.exports()), required=True)
        parser.add_argument("--out", type=Path, help="dossier où écrire les fichiers")
        parser.add_argument("--published", action="store_true", help="événements publiés seuls")

    def handle(self, *args, **options) -> None:
        export = REGISTRY.exports()[options["format"]]
        events = list(exported_events(published_only=options["published"]))
        if options["out"]:
            self.write_files(events, export, options["out"])
            return
        body = export.many(events)
        try:
            self.stdout.write(body.decode(), ending="")
        except UnicodeDecodeError as exc:
            raise CommandError(
                f"Le format {export.format} n’est pas du texte : indiquez un dossier avec --out."
            ) from exc

    def write_files(self, events: list[Event], export: Export, out: Path) -> None:
        try:
            out.mkdir(parents=True, exist_ok=True)
        except OSError as exc:
            raise CommandError(f"Impossible de créer le dossier {out} : {exc}") from exc
        if export.one is None:
            path = out / f"{export.filename or export.format}.{export.suffix}"
            path.write_bytes(export.many(events))
            self.stderr.write(
                f"{compte(len(events), 'événement exporté', 'événements exportés')} dans {path}."
            )
            return
        for event in events:
            (out / f"{event.slug}.{export.suffix}").write_bytes(export.one(event))
        self.stderr.write(
            f"{compte(len(events), 'événement exporté', 'événements exportés')} dans {out}."
        )
