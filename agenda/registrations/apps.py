from django.apps import AppConfig


class RegistrationsConfig(AppConfig):
    name = "agenda.registrations"
    verbose_name = "Inscriptions"
