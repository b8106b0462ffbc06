from django.apps import AppConfig


class SiteConfig(AppConfig):
    """The public website: the agenda, event pages, the accessibility statement."""

    name = "agenda.site"
    label = "site"
    verbose_name = "Site public"

    def ready(self) -> None:
        from agenda.events.caching import pages_changed

        from .publishing_runs import after_commit

        # The published files follow every committed change (PUBLISH_DIR: docs/deploy.md).
        pages_changed.connect(after_commit, dispatch_uid="publish-after-commit")
