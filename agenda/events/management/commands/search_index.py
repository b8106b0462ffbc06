"""`agenda search_index [--rebuild]`: index the events that have no search words (or all)."""

from django.core.management.base import BaseCommand

from agenda.events import search


class Command(BaseCommand):
    help = "Indexe pour la recherche les événements qui ne le sont pas (--rebuild : tous)."

    def add_arguments(self, parser) -> None:
        parser.add_argument("--rebuild", action="store_true", help="réécrit tout l’index")

    def handle(self, *args, rebuild: bool = False, **options) -> None:
        count = search.rebuild() if rebuild else search.fill_missing()
        self.stdout.write(f"{count} événement(s) indexé(s).")
