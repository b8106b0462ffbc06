from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "agenda.registrations"
    verbose_name = "Inscriptions"

    def ready(self) -> None:
        from . import signals

        signals.connect()
