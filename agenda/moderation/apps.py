from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "agenda.moderation"
    verbose_name = "Contribution et modération"
