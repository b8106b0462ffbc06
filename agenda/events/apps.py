from django.apps import AppConfig


class EventsConfig(AppConfig):
    name = "agenda.events"
    verbose_name = "Événements"

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_migrate, post_save, pre_save

        from agenda.lib import dbguard

        from . import geocoding, places, search
        from .caching import forget_pages

        dbguard.install()

        for model_name in ("Event", "Session"):
            model = self.get_model(model_name)
            post_save.connect(forget_pages, sender=model, dispatch_uid=f"forget-{model_name}")
            post_delete.connect(forget_pages, sender=model, dispatch_uid=f"forget-d-{model_name}")
        place = self.get_model("Place")
        pre_save.connect(geocoding.place_changing, sender=place, dispatch_uid="geocode-changing")
        post_save.connect(geocoding.place_saved, sender=place, dispatch_uid="geocode-saved")

        search.connect()
        places.connect()
        post_migrate.connect(_fill_search, sender=self, dispatch_uid="search-fill-missing")


def _fill_search(sender, using: str = "default", **kwargs) -> None:
    """Events without search words and places without an area (a database migrated from
    before them) get them."""
    from . import places, search

    search.fill_missing()
    places.fill_areas()
