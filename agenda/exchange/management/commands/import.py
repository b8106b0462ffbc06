import sys

from django.core.management.base import BaseCommand, CommandError

from agenda.exchange.services import import_paths


class Command(BaseCommand):
    help = "Importe des pages Jekyll (fichiers, ou dossiers parcourus récursivement)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--quiet", action="store_true", help="sans progression ni problèmes de contenu"
        )

    def handle(self, *args, paths: list[str], quiet: bool = False, **options):
        show_progress = not quiet and sys.stderr.isatty()

        def progress(index: int, total: int, path) -> None:
            if show_progress and total > 1:
                self.stderr.write(f"\r[{index}/{total}] {path}"[:120].ljust(120), ending="")

        report = import_paths(paths, progress=progress)
        if show_progress:
            self.stderr.write("")
        if options.get("verbosity", 1) >= 2:
            for item in report.skipped:
                self.stderr.write(f"{item.path}: ignoré : {item.reason}")
        if not quiet:
            for problem in report.problems:
                self.stderr.write(str(problem))
        for problem in report.failed:
            self.stderr.write(str(problem))
        errors = sum(problem.severity == "error" for problem in report.problems)
        self.stdout.write(
            f"{len(report.imported)} page(s) importée(s), {report.sessions} séance(s), "
            f"{len(report.failed)} en échec ; contenu : {errors} erreur(s), "
            f"{len(report.problems) - errors} avertissement(s) (voir agenda check)"
        )
        if report.failed:
            failed = len(report.failed)
            raise CommandError(f"{failed} page(s) n’ont pas pu être importées", returncode=1)
