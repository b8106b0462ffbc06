import sys

from django.core.management.base import BaseCommand, CommandError

from agenda.exchange.services import import_paths


class Command(BaseCommand):
    help = "Importe des pages Jekyll (fichiers, ou dossiers parcourus récursivement)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument("--quiet", action="store_true", help="ni progression ni avertissements")

    def handle(self, *args, paths: list[str], quiet: bool = False, **options):
        show_progress = not quiet and sys.stderr.isatty()

        def progress(index: int, total: int, path) -> None:
            if show_progress and total > 1:
                self.stderr.write(f"\r[{index}/{total}] {path}"[:120].ljust(120), ending="")

        report = import_paths(paths, progress=progress)
        if show_progress:
            self.stderr.write("")
        if not quiet:
            for warning in report.warnings:
                self.stderr.write(str(warning))
        for problem in report.failed:
            self.stderr.write(str(problem))
        sessions = sum(event.sessions.count() for event in report.imported)
        self.stdout.write(
            f"{len(report.imported)} page(s) importée(s), {sessions} séance(s), "
            f"{len(report.failed)} en échec, {len(report.warnings)} avertissement(s)"
        )
        if report.failed:
            raise CommandError(f"{len(report.failed)} page(s) n’ont pas pu être importées", returncode=1)
