"""`agenda import_table FILE --organisation SLUG`: a programme table (CSV, XLSX) or calendar
(ICS) imported as drafts of one organisation, like the « Importer un programme » page.

Problems are printed like a compiler's, one a line on stderr: `file:line:column: code: message`
(column: the column's number, A = 1). Exit status 1 when a row is in error (the good rows are
imported all the same), 0 otherwise. Django command names cannot hold « - »: the command is
`import_table`.
"""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agenda.events.models import Organisation
from agenda.exchange import bulk
from agenda.lib.french import compte


class Command(BaseCommand):
    help = (
        "Importe un programme (CSV, XLSX : une ligne par séance ; ou calendrier ICS) en "
        "brouillons d’une organisation. Réimporter le même fichier ne crée rien en double."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", metavar="FICHIER")
        parser.add_argument(
            "--organisation", required=True, metavar="SLUG", help="slug de l’organisation"
        )

    def handle(self, *args, file: str, organisation: str, **options):
        path = Path(file)
        if not path.is_file():
            raise CommandError(f"{file}:1:1: not-found: fichier introuvable", returncode=2)
        owner = Organisation.objects.filter(slug=organisation).first()
        if owner is None:
            raise CommandError(f"organisation inconnue : « {organisation} »", returncode=2)
        report = bulk.import_file(path.read_bytes(), filename=str(file), organisation=owner)
        for problem in report.problems:
            where = f" [colonne {problem.field}]" if problem.field else ""
            self.stderr.write(f"{problem}{where}")
        counts = report.counts
        self.stdout.write(
            f"{compte(len(report.events), 'événement')} ; séances : "
            f"{compte(counts['created'], 'créée')}, "
            f"{compte(counts['updated'], 'mise à jour', 'mises à jour')}, "
            f"{compte(counts['unchanged'], 'inchangée')} ; "
            f"{compte(len(report.errors), 'erreur')}, "
            f"{compte(len(report.warnings), 'avertissement')}"
        )
        if report.errors:
            raise CommandError(
                f"{compte(len(report.errors), 'erreur')} : voir ci-dessus", returncode=1
            )
