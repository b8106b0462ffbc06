"""A place's department and region, kept in step with its INSEE city code and its postcode.

Whoever writes a place (imports, forms, the geocoder filling `city_code`) just saves it: the
area follows after every save, the postcode standing in only while no city code is known.
"""

from __future__ import annotations

from agenda.lib.areas import area

from .models import Place


def fill_area(place: Place) -> bool:
    """Store the area the place's codes give, when it differs; whether it did."""
    department, region = area(city_code=place.city_code, postcode=place.postcode)
    if (department, region) == (place.department, place.region):
        return False
    Place.objects.filter(pk=place.pk).update(department=department, region=region)
    place.department, place.region = department, region
    return True


def fill_areas() -> int:
    """Every place whose area is not yet what its codes give (after migrating); how many."""
    places = Place.objects.exclude(city_code="", postcode="").only(
        "city_code", "postcode", "department", "region"
    )
    return sum(fill_area(place) for place in places.iterator())


def _place_saved(sender, instance: Place, **kwargs) -> None:
    fill_area(instance)


def connect() -> None:
    from django.db.models.signals import post_save

    post_save.connect(_place_saved, sender=Place, dispatch_uid="place-area")
