from django.apps import AppConfig
from django.utils.module_loading import autodiscover_modules


class FeedsConfig(AppConfig):
    name = "agenda.feeds"
    verbose_name = "Flux"

    def ready(self) -> None:
        """Fill the output registry: this app's formats, then every app's `outputs` module."""
        from .outputs import load_all

        load_all()
        autodiscover_modules("outputs")
