"""The form staff correct a place's position with: latitude and longitude, in degrees."""

from __future__ import annotations

import math

from django import forms

from agenda.lib.areas import in_france

from .base import DsfrForm


class CoordinateField(forms.CharField):
    """A coordinate in decimal degrees between ±`limit`, written with a point or a comma
    (French keyboards): every error names the field."""

    def __init__(self, *, name: str, limit: int, **kwargs):
        self.name, self.limit = name, limit
        super().__init__(
            max_length=40, widget=forms.TextInput(attrs={"inputmode": "decimal"}), **kwargs
        )
        self.error_messages["required"] = f"Indiquez la {name}."

    def clean(self, value) -> float:
        text = super().clean(value).replace("\u2212", "-").replace(",", ".").replace(" ", "")
        try:
            number = float(text)
        except ValueError:
            number = math.nan
        if not math.isfinite(number):
            raise forms.ValidationError(
                f"La {self.name} doit être un nombre en degrés décimaux, par exemple 48.8509."
            )
        if not -self.limit <= number <= self.limit:
            raise forms.ValidationError(
                f"La {self.name} doit être comprise entre −{self.limit} et {self.limit} "
                f"(reçu {text})."
            )
        return round(number, 7)


class PlacePositionForm(DsfrForm):
    latitude = CoordinateField(
        name="latitude",
        limit=90,
        label="Latitude",
        help_text="En degrés décimaux, de −90 à 90 (nord positif) : 48.8509 à Paris.",
    )
    longitude = CoordinateField(
        name="longitude",
        limit=180,
        label="Longitude",
        help_text="En degrés décimaux, de −180 à 180 (est positif) : 2.3067 à Paris.",
    )


def position_warning(latitude: float, longitude: float) -> str:
    """What to say of a position outside France (mainland, Corsica, overseas): it is saved, it
    may be right, but latitude and longitude swapped or mistyped are likelier."""
    if in_france(latitude, longitude):
        return ""
    swapped = " Latitude et longitude semblent inversées." if in_france(longitude, latitude) else ""
    return (
        f"La position enregistrée (latitude {latitude}, longitude {longitude}) est hors de "
        f"France, outre-mer compris : vérifiez la latitude et la longitude.{swapped}"
    )
