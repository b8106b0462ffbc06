"""`agenda nginx-snippet [--kind pages|widget|uploads] [--out FILE]`."""

from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from agenda.lib.security import nginx_snippet


class Command(BaseCommand):
    help = (
        "Écrit les en-têtes de sécurité du site (CSP, HSTS…) pour nginx, tirés des mêmes "
        "réglages que Django : à inclure dans chaque bloc location qui sert des fichiers."
    )

    def add_arguments(self, parser):
        parser.add_argument("--kind", choices=("pages", "widget", "uploads"), default="pages")
        parser.add_argument("--out", type=Path, help="fichier à écrire (sinon : la sortie)")

    def handle(self, *args, kind: str, out: Path | None, **options):
        text = nginx_snippet(settings, kind=kind)
        if out is None:
            self.stdout.write(text, ending="")
        else:
            out.write_text(text, encoding="utf-8")
