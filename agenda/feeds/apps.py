from django.apps import AppConfig


class FeedsConfig(AppConfig):
    name = "agenda.feeds"
    verbose_name = "Flux"
