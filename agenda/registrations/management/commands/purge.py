"""`agenda purge [--days N]`: erase registrants' personal data N days after their session
(default: REGISTRATION_RETENTION_DAYS, 30), keeping the counts. Run it daily from cron."""

from django.core.management.base import BaseCommand, CommandError

from agenda.lib.french import compte, word
from agenda.registrations.services import purge


class Command(BaseCommand):
    help = "Efface les données personnelles des inscriptions N jours après la séance."

    def add_arguments(self, parser) -> None:
        parser.add_argument(
            "--days",
            type=int,
            default=None,
            help="jours après la séance (défaut : REGISTRATION_RETENTION_DAYS)",
        )

    def handle(self, *args, **options) -> None:
        if options["days"] is not None and options["days"] < 0:
            raise CommandError("--days doit être positif ou nul.")
        done = purge(days=options["days"])
        if options["verbosity"]:
            self.stdout.write(
                f"{compte(done.registrations, 'inscription anonymisée')}, "
                f"{compte(done.attempts, 'tentative')} et "
                f"{compte(done.unconfirmed, 'demande non confirmée', 'demandes non confirmées')} "
                f"{word(done.attempts + done.unconfirmed, 'effacée')}."
            )
