"""`agenda backup ARCHIVE`: the database (any engine) and the uploads in one tar.gz."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agenda.lib.backup import BackupError, backup
from agenda.lib.french import compte


class Command(BaseCommand):
    help = (
        "Sauvegarde la base (tout moteur, format portable) et les fichiers téléversés dans "
        "une archive .tar.gz (docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "archive", type=Path, help="archive à écrire, par exemple sauvegarde.tar.gz"
        )

    def handle(self, *args, archive: Path, **options):
        try:
            summary = backup(archive, progress=lambda line: self.stderr.write(f"  {line}"))
        except (BackupError, OSError) as error:
            raise CommandError(f"{archive}: error: {error}") from None
        self.stdout.write(
            f"{archive} : {compte(summary.objects, 'objet')}, "
            f"{compte(summary.files, 'fichier téléversé')}."
        )
