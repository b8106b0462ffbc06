from django.apps import AppConfig


class ModerationConfig(AppConfig):
    name = "agenda.moderation"
    verbose_name = "Contribution et modération"

    def ready(self) -> None:
        from agenda.accounts.signals import invitation_accepted
        from agenda.exchange.bulk import event_imported

        from .organisations import record_joined
        from .services import record_import

        event_imported.connect(record_import, dispatch_uid="moderation-record-import")
        invitation_accepted.connect(record_joined, dispatch_uid="moderation-record-joined")
