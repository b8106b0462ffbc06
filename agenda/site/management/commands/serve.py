from django.core.management import call_command
from django.core.management.base import BaseCommand


class Command(BaseCommand):
    help = "Sert le site (serveur de développement ; en production : gunicorn agenda.wsgi)."

    def add_arguments(self, parser):
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", default="8000")

    def handle(self, *args, host: str, port: str, **options):
        self.stdout.write(f"Agenda public : http://{host}:{port}/")
        call_command("runserver", f"{host}:{port}", use_reloader=False)
