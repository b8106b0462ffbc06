from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from agenda.demo.places import locate_demo_places
from agenda.demo.programme import demo_pages
from agenda.demo.seats import open_demo_seats
from agenda.events.models import PARIS
from agenda.events.services import save_page
from agenda.exchange.jekyll import parse_page, slug_from_path
from agenda.lib.french import compte
from agenda.lib.images import clean_image

DEMO_IMAGES = Path(__file__).resolve().parents[2] / "static" / "uploads" / "demo"


class Command(BaseCommand):
    help = "Charge le programme de démonstration (dates relatives à aujourd’hui) ; idempotent."

    def handle(self, *args, **options):
        today = timezone.localtime(timezone.now(), PARIS).date()
        sessions, slugs = 0, []
        pages = demo_pages(today)
        for name, text in sorted(pages.items()):
            page = parse_page(text, path=f"demo/{name}", slug=slug_from_path(name))
            event = save_page(page=page)
            sessions += event.sessions.count()
            slugs.append(event.slug)
        self._copy_images()
        locate_demo_places()
        opened = open_demo_seats(slugs=slugs, now=timezone.now())
        self.stdout.write(
            f"Démo : {compte(len(pages), 'événement')}, {compte(sessions, 'séance')}, "
            f"dont {opened} avec inscription sur l’agenda."
        )

    def _copy_images(self) -> None:
        target = Path(settings.MEDIA_ROOT) / "demo"
        target.mkdir(parents=True, exist_ok=True)
        for image in DEMO_IMAGES.glob("*"):  # through the same gate as every image
            safe = clean_image(image.read_bytes(), name=str(image))
            (target / f"{image.stem}.{safe.extension}").write_bytes(safe.data)
