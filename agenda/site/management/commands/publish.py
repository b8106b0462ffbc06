"""`agenda publish --out DIR [--changed | --event SLUG]`: the public site as files."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from agenda.events.models import Event
from agenda.site.publishing import PublishError, publish_all, publish_event
from agenda.site.publishing_runs import run_changed, run_lock


class Command(BaseCommand):
    help = (
        "Publie le site public en fichiers (pages, flux, données ouvertes, fichiers "
        "statiques) dans un dossier que nginx sert ; seuls les fichiers dont le contenu "
        "change sont réécrits (docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", type=Path, help="dossier de la publication (sinon : PUBLISH_DIR)"
        )
        which = parser.add_mutually_exclusive_group()
        which.add_argument(
            "--changed",
            action="store_true",
            help="ce qui a changé depuis la dernière fois (listes, flux, séances passées), "
            "au plus une fois par PUBLISH_COALESCE_SECONDS : pour cron et après chaque "
            "modification",
        )
        which.add_argument("--event", metavar="SLUG", help="les fichiers d’un seul événement")
        parser.add_argument(
            "--jobs",
            type=int,
            default=1,
            metavar="N",
            help="publication complète : pages rendues par N processus (un par cœur)",
        )

    def handle(
        self, *args, out: Path | None, changed: bool, event: str | None, jobs: int, **options
    ):
        out = out or (Path(settings.PUBLISH_DIR) if settings.PUBLISH_DIR else None)
        if out is None:
            raise CommandError("--out: error: aucun dossier (ni --out ni PUBLISH_DIR)")
        try:
            if changed:
                report = run_changed(out=out)
                if report is None:
                    self.stdout.write(f"{out} : une autre publication est en cours.")
                    return
            elif event:
                pk = Event.objects.filter(slug=event).values_list("pk", flat=True).first()
                if pk is None:
                    raise CommandError(f"--event: error: événement « {event} » inconnu")
                report = publish_event(out=out, event_id=pk)
            else:
                report = self.publish_everything(out, jobs=max(1, jobs))
        except (PublishError, OSError) as error:
            raise CommandError(f"{out}: error: {error}") from None
        self.stdout.write(f"{out} : {report.summary()}.")

    def publish_everything(self, out: Path, *, jobs: int):
        from agenda.site.publishing import prepare

        prepare(out)
        with run_lock(out, wait=True):
            return publish_all(out=out, jobs=jobs)
