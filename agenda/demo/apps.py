from django.apps import AppConfig


class DemoConfig(AppConfig):
    """The demo programme and `agenda load_demo`."""

    name = "agenda.demo"
    verbose_name = "Démonstration"
