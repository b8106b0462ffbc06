from django.apps import AppConfig


class ChecksConfig(AppConfig):
    name = "agenda.checks"
    label = "checks"
    verbose_name = "Vérifications du contenu"
