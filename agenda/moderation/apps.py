from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "agenda.moderation"
    verbose_name = "Contribution et modération"

    def ready(self) -> None:
        from agenda.exchange.bulk import event_imported

        from .services import record_import

        event_imported.connect(record_import, dispatch_uid="moderation-record-import")
