"""`agenda send_reminders` (also `agenda send-reminders`): the day-before reminders, from cron.

Run it once a day (e.g. `0 10 * * *`): it reminds confirmed registrants of sessions starting
by the end of tomorrow. Safe to re-run or to run twice at once: each reminder is sent once.
"""

from django.core.management.base import BaseCommand

from agenda.lib.french import compte
from agenda.registrations.services import send_reminders


class Command(BaseCommand):
    help = "Envoie le rappel de la veille aux personnes inscrites (une seule fois)."

    def handle(self, *args, **options) -> None:
        sent = send_reminders()
        if options["verbosity"]:
            self.stdout.write(f"{compte(sent, 'rappel envoyé', 'rappels envoyés')}.")
