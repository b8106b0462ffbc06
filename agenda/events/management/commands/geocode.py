"""`agenda geocode`: places on the map, from the BAN address API (GEOCODER_URL).

Idempotent: geocodes the places never geocoded (new ones, and those a stopped run left), so it
can run from cron after imports; `--all` asks again for every place (after a change of the
service or of the minimum score), except those whose position staff set by hand. Exit status 1
when the service does not answer.
"""

from django.core.management.base import BaseCommand, CommandError

from agenda.events import geocoding
from agenda.lib.french import compte


class Command(BaseCommand):
    help = "Géocode les lieux (Base adresse nationale) : ceux qui ne l’ont jamais été."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--all", action="store_true", help="géocoder de nouveau tous les lieux")

    def handle(self, *args, **options) -> None:
        if not geocoding.enabled():
            raise CommandError("GEOCODER_URL n’est pas défini : aucun service de géocodage.")
        # Never a position set by hand, even with --all.
        places = geocoding.pending_places()
        if options["all"]:
            places = geocoding.geocodable_places()
        total = places.count()
        verbose = options["verbosity"] > 0

        def progress(summary: geocoding.Summary) -> None:
            if verbose:
                self.stdout.write(f"{summary.done}/{total} lieux traités")

        summary = geocoding.geocode_places(places.iterator(), progress=progress)
        for place, problem in summary.problems:
            self.stderr.write(f"lieu {place.pk} « {place} » : {problem}")
        if summary.unavailable:
            raise CommandError(summary.unavailable)
        if verbose:
            self.stdout.write(
                f"{compte(summary.located, 'lieu situé', 'lieux situés')}, "
                f"{compte(len(summary.problems), 'problème')}, "
                f"{compte(summary.asked, 'requête')} au service."
            )
