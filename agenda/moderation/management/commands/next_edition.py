"""`agenda next-edition --from 2022 --to 2023 [--organisation SLUG] [--programme SLUG]
[--days N] [--dry-run]`: copy the published events that start in one year to the next edition.

Each copy is a draft (moderation/editions.py): dates moved to the same weekday of the month (or
by N days), year-bound text rewritten, a checklist of what still points at last year. An event
already copied to that year is skipped, so the command can run again. `--dry-run` prints what
it would do and writes nothing. Exit status 1 when something could not be copied.
"""

from __future__ import annotations

from django.core.management.base import BaseCommand, CommandError

from agenda.events.models import Organisation, Programme
from agenda.moderation.editions import CopyReport, copy_season, season_events


class Command(BaseCommand):
    help = "Prépare l’édition suivante : copie en brouillon les événements publiés d’une année."

    def add_arguments(self, parser):
        parser.add_argument("--from", dest="source", type=int, required=True, help="année copiée")
        parser.add_argument("--to", dest="target", type=int, required=True, help="année visée")
        parser.add_argument("--organisation", help="slug de l’organisation (toutes sinon)")
        parser.add_argument("--programme", help="slug du programme (tous sinon)")
        parser.add_argument(
            "--days",
            type=int,
            help="décaler de N jours (sinon : même jour de la semaine du mois, "
            "« le 1er mardi de novembre »)",
        )
        parser.add_argument("--dry-run", action="store_true", help="affiche sans rien écrire")

    def handle(self, *args, **options):
        source, target = options["source"], options["target"]
        if target <= source:
            raise CommandError(f"--to {target} : l’année visée doit suivre --from {source}.")
        if options["days"] is not None and options["days"] <= 0:
            raise CommandError(f"--days {options['days']} : un nombre de jours positif.")
        events = season_events(
            source_year=source,
            organisation=_find(Organisation, options["organisation"], "--organisation"),
            programme=_find(Programme, options["programme"], "--programme"),
        )
        report = copy_season(
            events=events, target_year=target, days=options["days"], dry_run=options["dry_run"]
        )
        verb = "copierait" if options["dry_run"] else "copié"
        for copy in report.copied:
            self.stdout.write(describe(copy, verb))
        for event, why in report.skipped:
            self.stdout.write(f"{event.slug}: ignoré : {why}")
        self.stdout.write(
            f"{len(report.copied)} événement(s) {verb}(s), {len(report.skipped)} ignoré(s)"
            + (" (essai : rien n’a été écrit)" if options["dry_run"] else "")
        )


def _find(model, slug: str | None, option: str):
    if not slug:
        return None
    found = model.objects.filter(slug=slug).first()
    if found is None:
        raise CommandError(f"{option} {slug} : inconnu.")
    return found


def describe(report: CopyReport, verb: str) -> str:
    """A copy as the command prints it: dates, what was rewritten, what is left to check."""
    lines = [
        f"{report.source.slug} → {report.slug} ({verb}, {report.shift:+d} jours)",
        *(
            f"  séance {old} → {new}" + (f" (jour férié : {holiday})" if holiday else "")
            for old, new, holiday in report.sessions
        ),
        *(f"  corrigé ({where}) : « {n.old} » → « {n.new} »" for where, n in report.fixed),
        *(f"  à vérifier : {item.label}" for item in report.items),
        *(
            f"  {p['severity']} {p['code']} : {p['message']}"
            for p in report.problems
            if p.get("code")
        ),
    ]
    return "\n".join(lines)
