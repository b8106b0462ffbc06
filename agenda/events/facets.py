"""Facets: each filter's values that have upcoming sessions, with how many.

A filter's counts apply every other filter but itself (choosing a region shows the other regions
still reachable). A session's own properties (place, organisation, mode, price, accessibility)
are counted from one query of their combinations (a few hundred rows), each filter's counts then
summed here; categories, tags, audiences and formats (many-to-many) take one grouped query
each: five queries whatever the data. Values without a session are not offered; the value
chosen stays offered even when other filters leave it none (the form keeps it).

When more than FACET_LIMIT upcoming sessions pass a set of filters, the facets count the next
FACET_LIMIT of them (in start order, one query more), as the list counts "plus de 3 000
séances": counting every session of a large agenda cost 1.9 s CPU at 40,000 events (five
queries over 100,000 sessions), now the same whatever the size. A question counts the sessions
of the events it ranks (at most queries.RANK_LIMIT).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field, replace

from django.conf import settings
from django.core.cache import cache
from django.db.models import BooleanField, Case, Count, F, QuerySet, Value, When
from django.db.models.functions import Coalesce

from agenda.lib import content_version
from agenda.lib.areas import REGIONS, department_label, region_code
from agenda.lib.frenchdates import fold
from agenda.lib.searchtext import parse_query

from .filters import MODES, SLUG_FILTERS, AgendaFilters
from .models import Session
from .queries import (
    COUNT_CAP,
    Found,
    found_events,
    found_sessions,
    next_session_ids,
    paris_today,
    shared_by_the_pages,
    sql_numbers,
    upcoming_matching,
)

# Events found by a question, by the query string of the filters they were found under.
Searches = dict[str, Found]
FACET_LIMIT = COUNT_CAP


@dataclass
class _Counted:
    """What each set of filters counts, worked out once per set (by query string): a
    question's events, or the next FACET_LIMIT sessions when more pass (None: all of them)."""

    searches: Searches
    nexts: dict[str, list[int] | None] = field(default_factory=dict)

    def capped(self, filters: AgendaFilters) -> bool:
        return self.nexts.get(filters.query_string()) is not None


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
    capped: bool = False  # counted over the next FACET_LIMIT sessions only


# Name → (label, the option that clears it).
LABELS = {
    "region": ("Région", "Toutes les régions"),
    "departement": ("Département", "Tous les départements"),
    "ville": ("Ville", "Toutes les villes"),
    "mode": ("Mode de participation", "En ligne et en présentiel"),
    "organisation": ("Organisation", "Toutes les organisations"),
    "categorie": ("Catégorie", "Toutes les catégories"),
    "etiquette": ("Étiquette", "Toutes les étiquettes"),
    "public": ("Public visé", "Tous les publics"),
    "format": ("Format", "Tous les formats"),
    "gratuit": ("Gratuit", ""),
    "accessible": ("Accessibilité précisée (PMR, LSF, sous-titres…)", ""),
}
# Labels an event or a session carries through a many-to-many relation: one grouped query each.
RELATED = {
    "categorie": ("event__categories__slug", "event__categories__name"),
    "etiquette": ("event__tags__slug", "event__tags__name"),
    "public": ("event__audiences__slug", "event__audiences__name"),
    "format": ("formats__slug", "formats__name"),
}
# Properties of one session (its place, its event's organisation, its mode, price and
# accessibility): counted together from one query of their combinations.
COMBINED = ("region", "departement", "ville", "organisation", "mode", "gratuit", "accessible")
MODE_LABELS = {"en-ligne": "En ligne", "presentiel": "En présentiel"}


def _without(filters: AgendaFilters, *names: str) -> AgendaFilters:
    return replace(filters, **dict.fromkeys(names, ""), errors=[])


def _area(column: str) -> Coalesce:
    """The session's place's value, or its event's place's when it has none (as the filter)."""
    return Coalesce(f"place__{column}", f"event__place__{column}")


def _upcoming(filters: AgendaFilters, now: dt.datetime | None, counted: _Counted) -> QuerySet:
    """The upcoming sessions passing the filters, at most the next FACET_LIMIT; a question
    counts the sessions of the events it finds (at most queries.RANK_LIMIT, as the list
    shows), ranked once per set of filters."""
    key = filters.query_string()
    if parse_query(filters.q):
        if key not in counted.searches:
            counted.searches[key] = found_events(filters, now)
        return found_sessions(filters, counted.searches[key], now)
    if key not in counted.nexts:
        counted.nexts[key] = next_session_ids(filters, FACET_LIMIT, now)
    ids = counted.nexts[key]
    return upcoming_matching(filters, now) if ids is None else _sessions(ids)


def _sessions(ids: list[int]) -> QuerySet:
    return Session.objects.filter(pk__in=sql_numbers(ids))


def _combinations(filters: AgendaFilters, now: dt.datetime | None, counted: _Counted) -> list[dict]:
    """How many upcoming sessions have each combination of the combined properties, under
    the other filters (a few hundred rows however many sessions)."""
    sessions = _upcoming(_without(filters, *COMBINED), now, counted)
    accessible = Case(
        When(accessibility="", then=Value(False)), default=Value(True), output_field=BooleanField()
    )
    rows = sessions.values(
        region=_area("region"),
        departement=_area("department"),
        ville=_area("city"),
        organisation=F("event__organisation__slug"),
        organisation_name=F("event__organisation__name"),
        mode=F("attendance_mode"),
        gratuit=F("is_free"),
        accessible=accessible,
    )
    return list(rows.annotate(n=Count("pk")).order_by())


def _passes(row: dict, name: str, filters: AgendaFilters) -> bool:
    """Whether a combination passes one filter, as filters.filter_sessions reads it."""
    chosen = getattr(filters, name)
    if not chosen:
        return True
    if name == "region":
        return row["region"] == REGIONS[chosen]
    if name == "ville":
        return (row["ville"] or "").casefold() == chosen.casefold()
    if name == "mode":
        return row["mode"] in MODES[chosen]
    if name in ("gratuit", "accessible"):
        return row[name] is True
    return row[name] == chosen


def _combined_counts(rows: list[dict], name: str, filters: AgendaFilters) -> Counter:
    """Sessions by value of one combined property, under every other filter."""
    counts: Counter = Counter()
    others = [other for other in COMBINED if other != name]
    for row in rows:
        if all(_passes(row, other, filters) for other in others):
            for value in _values(row, name):
                counts[value] += row["n"]
    return counts


def _values(row: dict, name: str) -> list:
    """The value(s) of a combined property a combination counts for."""
    if name == "mode":
        return [key for key, modes in MODES.items() if row["mode"] in modes]
    if name in ("gratuit", "accessible"):
        return ["oui"] if row[name] is True else []
    if name == "region":
        code = region_code(row["region"] or "")
        return [code] if code else []
    if name == "ville":
        return [row["ville"]] if row["ville"] else []
    if name == "organisation":
        return [(row["organisation"], row["organisation_name"])] if row["organisation"] else []
    return [row[name]] if row[name] else []


def _label(name: str, value) -> tuple[str, str]:
    """(value, label) of a combined property's value."""
    if name == "region":
        return value, REGIONS[value]
    if name == "departement":
        return value, department_label(value)
    if name == "mode":
        return value, MODE_LABELS[value]
    if name == "organisation":
        return value
    if name in ("gratuit", "accessible"):
        return value, LABELS[name][0]
    return value, value


def _related(filters: AgendaFilters, name: str, now: dt.datetime | None, counted: _Counted) -> list:
    slug, label = RELATED[name]
    rows = _upcoming(_without(filters, name), now, counted).values(value=F(slug), name=F(label))
    # No DISTINCT: a label is once on an event (or a session), and the filters on labels are
    # subqueries of ids, so no join repeats a session under one value.
    rows = rows.annotate(n=Count("pk")).order_by()
    return [((row["value"], row["name"]), row["n"]) for row in rows if row["value"]]


def _label_of(name: str, value: str) -> str:
    """The label of a chosen value no session has under the other filters."""
    if name == "region":
        return REGIONS.get(value, value)
    if name == "departement":
        return department_label(value)
    if name == "mode":
        return MODE_LABELS.get(value, value)
    if name in ("gratuit", "accessible"):
        return LABELS[name][0]
    if name in SLUG_FILTERS:
        names = SLUG_FILTERS[name].objects.filter(slug=value).values_list("name", flat=True)
        return names.first() or value
    return value


def _facet(name: str, counted: list, filters: AgendaFilters, capped: bool) -> Facet:
    """A facet from its ((value, label), sessions) pairs: the chosen value kept, sorted by
    label (the mode in its own order)."""
    selected = getattr(filters, name)
    merged: dict[str, Option] = {}
    for (value, text), n in counted:
        key = value.casefold()  # "Paris" and "PARIS" are one city (the filter ignores case)
        known = merged.get(key)
        merged[key] = Option(value, text, n + (known.count if known else 0))
    options = list(merged.values())
    if selected and selected.casefold() not in merged:
        options.append(Option(selected, _label_of(name, selected), 0))
    order = list(MODES) if name == "mode" else None
    options.sort(key=lambda o: order.index(o.value) if order else fold(o.label))
    return Facet(name, *LABELS[name], tuple(options), selected, capped)


def agenda_facets(
    filters: AgendaFilters, now: dt.datetime | None = None, searches: Searches | None = None
) -> dict[str, Facet]:
    """Every facet of the upcoming agenda, by filter name: five queries whatever the data, and
    for each set of filters counted, one more (its next FACET_LIMIT sessions, or with a question
    its ranking, unless already in `searches`: the list's).
    The free and accessible facets are left out when no session is free or accessible."""
    counted = _Counted({} if searches is None else searches)
    rows = _combinations(filters, now, counted)
    capped = counted.capped(_without(filters, *COMBINED))
    facets = {}
    for name in COMBINED:
        counts = [(_label(name, v), n) for v, n in _combined_counts(rows, name, filters).items()]
        facets[name] = _facet(name, counts, filters, capped)
    for name in RELATED:
        counts = _related(filters, name, now, counted)
        facets[name] = _facet(name, counts, filters, counted.capped(_without(filters, name)))
    return {name: facet for name, facet in facets.items() if facet.options}


def cached_facets(filters: AgendaFilters, searches: Searches | None = None) -> dict[str, Facet]:
    """`agenda_facets`, kept CACHE_SECONDS under the content version (any committed change
    starts a new one) and the day: the next pages of a list, and the same filters asked again,
    reuse the counts (in a publication, without a cache: computed once for all pages)."""
    shared = shared_by_the_pages()
    if shared is not None:
        key = f"facets-{filters.query_string()}"
        if key not in shared:
            shared[key] = agenda_facets(filters, searches=searches)
        return shared[key]
    seconds = settings.CACHE_SECONDS
    if seconds <= 0:
        return agenda_facets(filters, searches=searches)
    asked = hashlib.sha256(filters.query_string().encode()).hexdigest()[:32]
    key = f"facets-{content_version.current()}-{paris_today()}-{asked}"
    facets = cache.get(key)
    if facets is None:
        facets = agenda_facets(filters, searches=searches)
        cache.set(key, facets, seconds)
    return facets
