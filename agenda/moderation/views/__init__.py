from .bulk import bulk_import, bulk_template_csv, bulk_template_xlsx
from .moderation import audit_log, decide, decide_revision, moderation_event, queue
from .space import event_create, event_edit, event_overview, event_preview, event_submit, space

__all__ = [
    "bulk_import",
    "bulk_template_csv",
    "bulk_template_xlsx",
    "audit_log",
    "decide",
    "decide_revision",
    "event_create",
    "event_edit",
    "event_overview",
    "event_preview",
    "event_submit",
    "moderation_event",
    "queue",
    "space",
]
