from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Sert le site (serveur de développement ; en production : gunicorn agenda.wsgi)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host: str, port: str, **options):
        address = f"http://{host}:{port}"
        if settings.SITE_URL_FOLLOWS_SERVER:
            # Feeds, JSON-LD and e-mails carry absolute links: they point where we serve.
            follow_address(address)
        self.stdout.write(f"Agenda public : {address}/")
        call_command("runserver", f"{host}:{port}", use_reloader=False)


def follow_address(address: str) -> None:
    """SITE_URL becomes `address`, and so do the trusted origins derived from it."""
    if settings.CSRF_TRUSTED_ORIGINS == [settings.SITE_URL]:
        settings.CSRF_TRUSTED_ORIGINS = [address]
    settings.SITE_URL = address
