import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from agenda.checks import problem_dict
from agenda.exchange.keymaps import add_key_options, keys_of
from agenda.exchange.reading import display_path
from agenda.exchange.services import ImportReport, import_paths


class Command(BaseCommand):
    help = "Importe des pages Jekyll (fichiers, ou dossiers parcourus récursivement)."

    def add_arguments(self, parser):
        parser.add_argument("paths", nargs="+", metavar="PATH")
        parser.add_argument(
            "--site",
            metavar="DIR",
            help="racine du site Jekyll : les images des pages y sont lues et copiées",
        )
        add_key_options(parser)
        parser.add_argument(
            "--quiet", action="store_true", help="sans progression ni problèmes de contenu"
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="text : chemin:ligne:colonne: code: message ; json : un objet {imported, "
            "sessions, failed, problems, conflicts}",
        )

    def handle(self, *args, paths: list[str], quiet: bool = False, **options):
        as_json = options.get("format") == "json"
        show_progress = not quiet and not as_json and sys.stderr.isatty()

        def progress(index: int, total: int, path) -> None:
            if show_progress and total > 1:
                line = f"\r[{index}/{total}] {display_path(path)}"
                self.stderr.write(line[:120].ljust(120), ending="")

        site = options.get("site")
        if site and not Path(site).is_dir():
            raise CommandError(f"--site {site} : dossier introuvable")
        report = import_paths(paths, progress=progress, site=site, keys=keys_of(options))
        if show_progress:
            self.stderr.write("")
        if options.get("verbosity", 1) >= 2:
            for item in report.skipped:
                self.stderr.write(f"{display_path(item.path)}: ignoré : {item.reason}")
        if as_json:
            self.stdout.write(json.dumps(_as_json(report), ensure_ascii=False, indent=1))
        else:
            self._write_text(report, quiet)
        if report.failed:
            failed = len(report.failed)
            raise CommandError(f"{failed} page(s) n’ont pas pu être importées", returncode=1)

    def _write_text(self, report: ImportReport, quiet: bool) -> None:
        if not quiet:
            for problem in [*report.problems, *report.conflicts]:
                self.stderr.write(str(problem))
        for problem in report.failed:
            self.stderr.write(str(problem))
        errors = sum(problem.severity == "error" for problem in report.problems)
        self.stdout.write(
            f"{len(report.imported)} page(s) importée(s), {report.sessions} séance(s), "
            f"{len(report.failed)} en échec ; contenu : {errors} erreur(s), "
            f"{len(report.problems) - errors} avertissement(s) (voir agenda check)"
            + (
                f" ; {len(report.conflicts)} conflit(s) avec la modération"
                if report.conflicts
                else ""
            )
        )


def _as_json(report: ImportReport) -> dict:
    return {
        "imported": [event.source_path for event in report.imported],
        "sessions": report.sessions,
        "failed": [problem_dict(p) for p in report.failed],
        "problems": [problem_dict(p) for p in report.problems],
        "conflicts": [problem_dict(p) for p in report.conflicts],
    }
