"""Rows an import finds by name or creates (programme, organisations, categories, tags, formats,
places), remembered for the length of one import so a batch of pages asks the database once."""

import re
from functools import lru_cache

from django.conf import settings
from django.utils.text import slugify

from .models import Organisation, Place, Programme

POSTCODE_CITY = re.compile(r"(?P<postcode>\b\d{5}\b|\b\d{2} ?\d{3}\b)\s+(?P<city>[^\d,]+?)\s*$")


def default_programme() -> Programme:
    programme, _ = Programme.objects.get_or_create(
        slug=slugify(settings.PROGRAMME_NAME) or "programme",
        defaults={"name": settings.PROGRAMME_NAME},
    )
    return programme


def split_address(address: str) -> tuple[str, str, str]:
    """'77 avenue de Ségur, 75015 Paris' → ('77 avenue de Ségur', '75015', 'Paris')."""
    match = POSTCODE_CITY.search(address)
    if not match:
        return address.strip(" ,"), "", ""
    street = address[: match.start()].strip(" ,")
    return street, match["postcode"].replace(" ", ""), match["city"].strip(" ,")


@lru_cache(maxsize=4096)
def _label_slug(name: str) -> str:
    """A label's slug (Category, Tag, Format, Organisation): the same few names come back on
    every page of an import, and `slugify` is not cheap."""
    return slugify(name)[:200] or "x"


class Lookups:
    """Categories, tags, audiences, formats, places, organisations already seen during one
    import, so a batch of pages does not ask the database for the same rows again. Cleared when
    a page fails (its rows were rolled back)."""

    def __init__(self) -> None:
        self.clear()

    def clear(self) -> None:
        self.named: dict[tuple[type, str], object] = {}
        self.places: dict[tuple[str, str], Place] = {}
        self.programme: Programme | None = None

    def default_programme(self) -> Programme:
        if self.programme is None:
            self.programme = default_programme()
        return self.programme

    def named_objects(self, model, names: list[str]) -> list:
        """Rows of Category, Tag, Audience, Format or Organisation for these names (created)."""
        slugs = {name: _label_slug(name) for name in names}
        missing = {slug for slug in slugs.values() if (model, slug) not in self.named}
        if missing:
            for obj in model.objects.filter(slug__in=missing):
                self.named[(model, obj.slug)] = obj
        for name, slug in slugs.items():
            if (model, slug) not in self.named:
                self.named[(model, slug)] = model.objects.create(name=name[:200], slug=slug)
        return list({slug: self.named[(model, slug)] for slug in slugs.values()}.values())

    def place(self, *, name: str, address: str, access: list | None = None) -> Place | None:
        if not address and not name:
            return None
        street, postcode, city = split_address(address)
        key = (name[:300], street[:300])
        place = self.places.get(key)
        if place is None:
            place, _ = Place.objects.get_or_create(
                name=key[0],
                address=key[1],
                defaults={"postcode": postcode, "city": city[:200], "access": access or []},
            )
            self.places[key] = place
        if access and place.access != access:
            place.access = access
            place.save(update_fields=["access"])
        return place


def find_place(*, name: str, address: str, access: list | None = None) -> Place | None:
    return Lookups().place(name=name, address=address, access=access)


def find_organisation(name: str, lookups: "Lookups | None" = None) -> Organisation | None:
    if not name:
        return None
    return (lookups or Lookups()).named_objects(Organisation, [name])[0]
