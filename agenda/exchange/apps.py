from django.apps import AppConfig


class ExchangeConfig(AppConfig):
    name = "agenda.exchange"
    verbose_name = "Échanges (import, export)"
