"""Read-only views of the moderation records for the editorial team."""

from django.contrib import admin

from .models import AuditEntry, Revision


@admin.register(Revision)
class RevisionAdmin(admin.ModelAdmin):
    list_display = ("event", "state", "author", "created_at", "decided_by", "decided_at")
    list_filter = ("state",)
    search_fields = ("event__title",)
    readonly_fields = [f.name for f in Revision._meta.fields]


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ("created_at", "action", "event", "actor", "status_before", "status_after")
    list_filter = ("action",)
    search_fields = ("event__title", "comment")
    readonly_fields = [f.name for f in AuditEntry._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False
