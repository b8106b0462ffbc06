"""Registrations in the Django admin, read-only: for support (a person's access or erasure
request). Changes go through the organisers' space, which keeps seats and emails right."""

from django.contrib import admin

from .models import Registration


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ("name", "email", "session", "state", "position", "created_at", "purged_at")
    list_filter = ("state",)
    search_fields = ("name", "email", "organisation", "session__title", "session__event__title")
    list_select_related = ("session__event",)
    date_hierarchy = "created_at"

    def has_add_permission(self, request) -> bool:
        return False

    def has_change_permission(self, request, obj=None) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False  # deleting would free a seat without promoting anyone
