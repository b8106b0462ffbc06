from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "agenda.events"
    verbose_name = "Événements"
