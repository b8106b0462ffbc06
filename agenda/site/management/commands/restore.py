"""`agenda restore ARCHIVE [--replace]`: back from `agenda backup`, onto any engine."""

from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agenda.lib.backup import BackupError, restore
from agenda.lib.french import compte, word


class Command(BaseCommand):
    help = (
        "Restaure une sauvegarde d’`agenda backup` dans une base migrée et vide (SQLite ou "
        "PostgreSQL), puis ses fichiers téléversés (docs/backup.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path)
        parser.add_argument(
            "--replace",
            action="store_true",
            help="vider d’abord la base (tout ce qu’elle contient est remplacé)",
        )

    def handle(self, *args, archive: Path, replace: bool, **options):
        try:
            summary = restore(
                archive, replace=replace, progress=lambda line: self.stderr.write(f"  {line}")
            )
        except (BackupError, OSError) as error:
            raise CommandError(f"{archive}: error: {error}") from None
        self.stdout.write(
            f"{archive} : {compte(summary.objects, 'objet')} et "
            f"{compte(summary.files, 'fichier')} "
            f"{word(summary.objects + summary.files, 'restauré')}."
        )
