from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The public website: the agenda, event pages, the accessibility statement."""

    name = "agenda.site"
    label = "site"
    verbose_name = "Site public"
