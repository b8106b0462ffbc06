"""The agenda's filters, read from a query string and applied to events or sessions.

One definition for the HTML list, the ICS and Atom feeds and the JSON API, so a filtered URL
means the same thing everywhere. Invalid values become messages, never a server error.
"""

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field, fields
from urllib.parse import urlencode

from django.db.models import Exists, OuterRef, Q, QuerySet

from agenda.lib.areas import DEPARTMENTS, REGIONS
from agenda.lib.limits import clamp_date
from agenda.lib.searchtext import parse_query
from agenda.lib.text import single_line

from .models import Audience, Category, Event, Format, Organisation, Session, Tag
from .search import best_ids

MODES = {"en-ligne": ("online", "mixed"), "presentiel": ("offline", "mixed")}
# Filters on the event itself (one category, tag, audience or organisation per slug: no
# duplicate rows).
EVENT_FILTERS = {
    "categorie": "categories__slug",
    "etiquette": "tags__slug",
    "public": "audiences__slug",
    "organisation": "organisation__slug",
}
# Filters that read sessions (the others read the event itself).
SESSION_FILTERS = (
    "du", "au", "format", "mode", "region", "departement", "ville", "gratuit", "accessible", "q",
)  # fmt: skip
SLUG_FILTERS = {
    "categorie": Category,
    "etiquette": Tag,
    "public": Audience,
    "format": Format,
    "organisation": Organisation,
}
# What an unknown slug is not, agreed in gender (no "un(e) … connu(e)").
UNKNOWN = {
    "categorie": "une catégorie connue",
    "etiquette": "une étiquette connue",
    "public": "un public connu",
    "format": "un format connu",
    "organisation": "une organisation connue",
}


@dataclass
class AgendaFilters:
    du: dt.date | None = None  # from this day (Paris)
    au: dt.date | None = None  # up to this day, included
    categorie: str = ""
    etiquette: str = ""
    public: str = ""  # an audience's slug ("agents-publics")
    format: str = ""
    organisation: str = ""
    mode: str = ""  # "en-ligne" or "presentiel"
    region: str = ""  # INSEE region code ("11")
    departement: str = ""  # department code ("75", "2A", "974")
    ville: str = ""
    gratuit: str = ""  # "oui": free sessions only
    accessible: str = ""  # "oui": sessions saying how they are accessible (PMR, LSF…)
    q: str = ""
    errors: list[str] = field(default_factory=list)

    @property
    def active(self) -> bool:
        return bool(self.query_string())

    def query_string(self) -> str:
        """The filters as a query string, in a stable order (for links, feeds, cache keys)."""
        pairs = []
        for f in fields(self):
            value = getattr(self, f.name)
            if f.name != "errors" and value:
                pairs.append((f.name, value.isoformat() if isinstance(value, dt.date) else value))
        return urlencode(pairs)


def _param(params: Mapping[str, str], name: str) -> str:
    """A query-string value as text of one line: no control character (a NUL would reach the
    database), at most 200 characters."""
    return single_line(params.get(name))[:200]


def _date(raw: str, filters: AgendaFilters) -> dt.date | None:
    try:
        day = dt.date.fromisoformat(raw)
    except ValueError:
        filters.errors.append(f"La date « {raw} » n’est pas valide (format attendu : AAAA-MM-JJ).")
        return None
    if clamp_date(day) != day:
        day = clamp_date(day)
        filters.errors.append(
            f"La date « {raw} » est hors de l’agenda : elle est ramenée au "
            f"{day.strftime('%d/%m/%Y')}."
        )
    return day


def parse_filters(params: Mapping[str, str]) -> AgendaFilters:
    filters = AgendaFilters()
    for name in ("du", "au"):
        raw = _param(params, name)
        if raw:
            setattr(filters, name, _date(raw, filters))
    if filters.du and filters.au and filters.au < filters.du:
        filters.errors.append(
            "La date de fin est antérieure à la date de début : elle est ignorée."
        )
        filters.au = None
    for name, model in SLUG_FILTERS.items():
        raw = _param(params, name)
        if raw and not model.objects.filter(slug=raw).exists():
            filters.errors.append(f"« {raw} » n’est pas {UNKNOWN[name]}.")
        elif raw:
            setattr(filters, name, raw)
    mode = _param(params, "mode")
    if mode and mode not in MODES:
        filters.errors.append(f"Le mode « {mode} » est inconnu (en-ligne ou presentiel).")
    elif mode:
        filters.mode = mode
    _parse_places(params, filters)
    for name in ("gratuit", "accessible"):
        raw = _param(params, name)
        if raw and raw != "oui":
            filters.errors.append(f"« {name}={raw} » : seule la valeur « oui » est comprise.")
        elif raw:
            setattr(filters, name, raw)
    filters.q = _param(params, "q")
    return filters


def _parse_places(params: Mapping[str, str], filters: AgendaFilters) -> None:
    region, department = _param(params, "region"), _param(params, "departement").upper()
    if region and region not in REGIONS:
        filters.errors.append(f"« {region} » n’est pas un code de région connu.")
    elif region:
        filters.region = region
    if department and department not in DEPARTMENTS:
        filters.errors.append(f"« {department} » n’est pas un numéro de département connu.")
    elif department:
        filters.departement = department
    filters.ville = _param(params, "ville")


def _day_start(day: dt.date) -> dt.datetime:
    from .models import aware

    return aware(day)[0]


def filter_sessions(sessions: QuerySet[Session], filters: AgendaFilters) -> QuerySet[Session]:
    if filters.du:
        start = _day_start(filters.du)
        sessions = sessions.filter(
            Q(ends_at__gte=start) | Q(ends_at__isnull=True, starts_at__gte=start)
        )
    if filters.au:
        sessions = sessions.filter(starts_at__lt=_day_start(filters.au + dt.timedelta(days=1)))
    sessions = _filter_many_to_many(sessions, filters)
    if filters.organisation:
        sessions = sessions.filter(event__organisation__slug=filters.organisation)
    if filters.mode:
        sessions = sessions.filter(attendance_mode__in=MODES[filters.mode])
    sessions = sessions.filter(_place_condition(filters))
    if filters.gratuit:
        sessions = sessions.filter(is_free=True)
    if filters.accessible:
        sessions = sessions.exclude(accessibility="")
    if filters.q:
        sessions = sessions.filter(_question(filters.q, among=sessions))
    return sessions


def _question(text: str, *, among: QuerySet[Session]) -> Q:
    """The sessions of the events a question finds among those of `among`: at most
    queries.RANK_LIMIT of them, the last added (search.best_ids, one query now), so that a
    frequent word costs the pages, feeds and API no more than the list (every match of a
    word in 40,000 events made each query read 100,000 sessions: 0.2 to 0.5 s CPU)."""
    from .queries import RANK_LIMIT, sql_numbers  # queries builds on this module

    if not parse_query(text):
        return Q()
    ids, _more = best_ids(text, among=among, limit=RANK_LIMIT)
    return Q(event_id__in=sql_numbers(ids))


def _place_condition(filters: AgendaFilters) -> Q:
    """Region, department and city of a session's place (its event's when it has none)."""
    condition = Q()
    for column, value in (
        ("region", REGIONS.get(filters.region, "")),
        ("department", filters.departement),
        ("city__iexact", filters.ville),
    ):
        if value:
            condition &= Q(**{f"place__{column}": value}) | Q(
                place__isnull=True, **{f"event__place__{column}": value}
            )
    return condition


def _filter_many_to_many(sessions: QuerySet[Session], filters: AgendaFilters) -> QuerySet[Session]:
    """Category, tag, audience and format go through many-to-many joins, which repeat a
    session once per match: they are applied in a subquery of ids, so the list needs no
    DISTINCT over its (wide) rows and keeps its select_related / prefetch_related."""
    conditions = {
        "event__categories__slug": filters.categorie,
        "event__tags__slug": filters.etiquette,
        "event__audiences__slug": filters.public,
        "formats__slug": filters.format,
    }
    conditions = {key: value for key, value in conditions.items() if value}
    if not conditions:
        return sessions
    return sessions.filter(pk__in=Session.objects.filter(**conditions).values("pk"))


def filter_events(events: QuerySet[Event], filters: AgendaFilters) -> QuerySet[Event]:
    """Events having at least one session that passes the filters. With no filter, every
    event (each has a session, its own one at least): no subquery over every session."""
    if not filters.active:
        return events
    if not any(getattr(filters, name) for name in SESSION_FILTERS):
        # Only the event's own properties: filtered on the events, not through the sessions.
        for name, lookup in EVENT_FILTERS.items():
            if getattr(filters, name):
                events = events.filter(**{lookup: getattr(filters, name)})
        return events
    sessions = Session.objects.all()
    if parse_query(filters.q):  # it keeps the last added of its matches among these events
        sessions = sessions.filter(Exists(events.filter(pk=OuterRef("event_id"))))
    return events.filter(pk__in=filter_sessions(sessions, filters).values("event_id"))
