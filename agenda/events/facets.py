"""Facets: each filter's values that have upcoming sessions, with how many.

A filter's counts apply every other filter but itself (choosing a region shows the other regions
still reachable), so each filter is one grouped query whatever the data: the count of queries
of the agenda does not grow with events. Values without a session are not offered; the value
chosen stays offered even when other filters leave it none (the form keeps it).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Count, F, Q, QuerySet
from django.db.models.functions import Coalesce

from agenda.lib.areas import REGIONS, department_label, region_code
from agenda.lib.frenchdates import fold

from .filters import MODES, SLUG_FILTERS, AgendaFilters
from .models import Session
from .queries import upcoming_matching


@dataclass(frozen=True)
class Option:
    value: str
    label: str
    count: int


@dataclass(frozen=True)
class Facet:
    name: str  # the query-string key
    label: str
    all_label: str  # the option that clears it
    options: tuple[Option, ...]
    selected: str


# Name → (label, "all" option, what a session is grouped by, its value, its label).
GROUPED = {
    "region": ("Région", "Toutes les régions", "region"),
    "departement": ("Département", "Tous les départements", "department"),
    "ville": ("Ville", "Toutes les villes", "city"),
    "organisation": ("Organisation", "Toutes les organisations", None),
    "categorie": ("Catégorie", "Toutes les catégories", None),
    "etiquette": ("Étiquette", "Toutes les étiquettes", None),
    "format": ("Format", "Tous les formats", None),
}
RELATED = {  # slug and name of the labels an event or a session carries
    "organisation": ("event__organisation__slug", "event__organisation__name"),
    "categorie": ("event__categories__slug", "event__categories__name"),
    "etiquette": ("event__tags__slug", "event__tags__name"),
    "format": ("formats__slug", "formats__name"),
}


def _without(filters: AgendaFilters, name: str) -> AgendaFilters:
    return replace(filters, **{name: ""}, errors=[])


def _grouped(sessions: QuerySet[Session], name: str) -> list[tuple[str, str, int]]:
    """(value, label, sessions) for one filter, from one grouped query."""
    if name in RELATED:
        slug, label = RELATED[name]
        rows = sessions.values(value=F(slug), name=F(label))
    else:
        column = GROUPED[name][2]
        area = Coalesce(f"place__{column}", f"event__place__{column}")
        rows = sessions.values(value=area, name=area)
    rows = rows.annotate(n=Count("pk", distinct=True)).order_by()
    found = [(row["value"], row["name"], row["n"]) for row in rows if row["value"]]
    if name == "region":
        return [(region_code(region), region, n) for _, region, n in found if region_code(region)]
    if name == "departement":
        return [(code, department_label(code), n) for code, _, n in found]
    return found


def _label_of(name: str, value: str) -> str:
    """The label of a chosen value no session has under the other filters."""
    if name == "region":
        return REGIONS.get(value, value)
    if name == "departement":
        return department_label(value)
    if name in SLUG_FILTERS:
        names = SLUG_FILTERS[name].objects.filter(slug=value).values_list("name", flat=True)
        return names.first() or value
    return value


def _facet(name: str, filters: AgendaFilters, now: dt.datetime | None) -> Facet:
    label, all_label, _ = GROUPED[name]
    selected = getattr(filters, name)
    rows = _grouped(upcoming_matching(_without(filters, name), now), name)
    if name == "ville":  # "Paris" and "PARIS" are one city (the filter ignores case)
        merged: dict[str, list] = {}
        for value, text, n in rows:
            entry = merged.setdefault(value.casefold(), [value, text, 0])
            entry[2] += n
        rows = [tuple(entry) for entry in merged.values()]
    options = [Option(value, text, n) for value, text, n in rows]
    if selected and not any(o.value.casefold() == selected.casefold() for o in options):
        options.append(Option(selected, _label_of(name, selected), 0))
    options.sort(key=lambda o: fold(o.label))
    return Facet(name, label, all_label, tuple(options), selected)


def _flags(filters: AgendaFilters, now: dt.datetime | None) -> list[Facet]:
    """Mode of participation, free, accessible: one query each, counting with conditions."""
    modes = upcoming_matching(_without(filters, "mode"), now).aggregate(
        **{
            key.replace("-", "_"): Count("pk", filter=Q(attendance_mode__in=values))
            for key, values in MODES.items()
        }  # fmt: skip
    )
    mode_labels = {"en-ligne": "En ligne", "presentiel": "En présentiel"}
    facets = [
        Facet(
            "mode",
            "Mode de participation",
            "En ligne et en présentiel",
            tuple(
                Option(key, mode_labels[key], modes[key.replace("-", "_")])
                for key in MODES
                if modes[key.replace("-", "_")] or filters.mode == key
            ),
            filters.mode,
        )
    ]
    for name, label, condition in (
        ("gratuit", "Gratuit", Q(is_free=True)),
        ("accessible", "Accessibilité précisée (PMR, LSF, sous-titres…)", ~Q(accessibility="")),
    ):
        n = upcoming_matching(_without(filters, name), now).filter(condition).count()
        if n or getattr(filters, name):
            facets.append(
                Facet(name, label, "", (Option("oui", label, n),), getattr(filters, name))
            )
    return facets


def agenda_facets(filters: AgendaFilters, now: dt.datetime | None = None) -> dict[str, Facet]:
    """Every facet of the upcoming agenda, by filter name."""
    facets = {name: _facet(name, filters, now) for name in GROUPED}
    facets.update({facet.name: facet for facet in _flags(filters, now)})
    return facets
