"""Django admin for the editorial team: every model, events with their sessions, images and
information fields inline, and the problems found at import shown read-only."""

from django.contrib import admin
from django.db import models
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.html import format_html, format_html_join

from agenda.lib.markup import render_markdown

from .bodies import set_body
from .models import (
    Audience,
    Category,
    Event,
    Format,
    Image,
    InfoField,
    Organisation,
    Place,
    Programme,
    Session,
    Tag,
)
from .sessions import write_session


class SessionInline(admin.StackedInline):
    model = Session
    extra = 0
    show_change_link = True
    autocomplete_fields = ("place",)
    filter_horizontal = ("formats",)
    readonly_fields = ("uid", "sequence", "source_line", "whole_event")
    fields = (
        ("starts_at", "has_start_time"),
        ("ends_at", "has_end_time"),
        "title",
        "status",
        "formats",
        "description",
        ("attendance_mode", "place", "online_url"),
        "accessibility",
        ("is_free", "registration", "registration_required"),
        "registration_url",
        ("uid", "sequence", "source_line", "whole_event"),
    )


class ImageInline(admin.TabularInline):
    model = Image
    extra = 0
    fields = ("position", "path", "alt", "caption")


class InfoFieldInline(admin.TabularInline):
    model = InfoField
    extra = 0
    fields = ("position", "label", "content", "link")


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ("title", "starts_at", "status", "organisation", "problem_count")
    list_filter = ("status", "programme", "attendance_mode", "categories", "audiences")
    search_fields = ("title", "slug", "chapeau", "source_path")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("organisation", "place")
    filter_horizontal = ("categories", "tags", "audiences")
    readonly_fields = ("problems_list", "source_path", "created_at", "updated_at")
    exclude = ("problems", "source_text", "extra_front_matter", "body_html")
    inlines = (SessionInline, ImageInline, InfoFieldInline)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Event]:
        return super().get_queryset(request).select_related("organisation")

    def save_model(self, request: HttpRequest, obj: Event, form, change: bool) -> None:
        set_body(obj, obj.body)  # the public page shows the body's HTML
        super().save_model(request, obj, form, change)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        forms = {id(f.instance): f for f in formset.forms}
        for obj in formset.save(commit=False):
            if isinstance(obj, Session):
                save_session(obj, forms[id(obj)])
            else:
                obj.save()
        for obj in formset.deleted_objects:
            obj.delete()
        formset.save_m2m()

    @admin.display(description="problèmes")
    def problem_count(self, event: Event) -> int:
        return len(event.problems or [])

    @admin.display(description="problèmes détectés")
    def problems_list(self, event: Event) -> str:
        if not event.problems:
            return "Aucun"
        return format_html(
            "<ul>{}</ul>",
            format_html_join(
                "",
                "<li>[{}] ligne {} — {} <code>{}</code></li>",
                (
                    (
                        p.get("severity", ""),
                        p.get("line", "?"),
                        p.get("message", ""),
                        p.get("code", ""),
                    )
                    for p in event.problems
                ),
            ),
        )


@admin.register(Session)
class SessionAdmin(admin.ModelAdmin):
    list_display = ("__str__", "event", "starts_at", "status", "attendance_mode")
    list_filter = ("status", "attendance_mode", "formats")
    search_fields = ("title", "event__title")
    date_hierarchy = "starts_at"
    autocomplete_fields = ("event", "place")
    filter_horizontal = ("formats",)
    readonly_fields = ("uid", "sequence", "source_line", "whole_event", "updated_at")
    exclude = ("description_html",)

    def get_queryset(self, request: HttpRequest) -> QuerySet[Session]:
        return super().get_queryset(request).select_related("event")

    def save_model(self, request: HttpRequest, obj: Session, form, change: bool) -> None:
        save_session(obj, form)


def save_session(session: Session, form) -> None:
    """A session edited here goes through the session writer, as from any other path: a new
    SEQUENCE when calendars see the change, registrants told. The form has already set the new
    values on `session`: they are written onto the stored row."""
    session.description_html = render_markdown(session.description)
    if session.pk is None:
        session.save()
        return
    fields = {name: getattr(session, name) for name in form.changed_data if name != "formats"}
    if "description" in fields:
        fields["description_html"] = session.description_html
    formats = form.cleaned_data["formats"] if "formats" in form.changed_data else None
    write_session(session=Session.objects.get(pk=session.pk), fields=fields, formats=formats)


@admin.register(Place)
class PlaceAdmin(admin.ModelAdmin):
    list_display = (
        "name", "address", "postcode", "city", "city_code", "geocode_problem",
        "position_set_by_hand",
    )  # fmt: skip
    search_fields = ("name", "address", "city", "geocode_problem")
    # Coordinates are written by the geocoder (agenda/events/geocoding.py) and by staff's
    # audited correction (/espace/lieux/, agenda/moderation/places.py), never here.
    readonly_fields = (
        "latitude", "longitude", "city_code", "geocoded_at", "geocode_problem",
        "position_set_by_hand",
    )  # fmt: skip


@admin.register(Category, Tag, Audience, Format)
class NamedSlugAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    search_fields = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Organisation)
class OrganisationAdmin(admin.ModelAdmin):
    list_display = ("name", "acronym", "website")
    search_fields = ("name", "acronym")
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ("name", "slug")
    prepopulated_fields = {"slug": ("name",)}


@admin.register(Image)
class ImageAdmin(admin.ModelAdmin):
    list_display = ("path", "alt", "event")
    search_fields = ("path", "alt", "event__title")
    autocomplete_fields = ("event",)


@admin.register(InfoField)
class InfoFieldAdmin(admin.ModelAdmin):
    list_display = ("label", "content", "event")
    search_fields = ("label", "content", "event__title")
    autocomplete_fields = ("event",)
    readonly_fields = ("raw",)
