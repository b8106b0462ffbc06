"""French dates and hours, image paths, feed links and JSON-LD for the public templates."""

from __future__ import annotations

import datetime as dt
import json
import re
from urllib.parse import quote, urlsplit, urlunsplit

from django import template
from django.conf import settings
from django.core.paginator import Page
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.text import capfirst

from agenda.events.models import PARIS, Event, Session
from agenda.events.seats import RegistrationState, state_of
from agenda.feeds.jsonld import event_jsonld_once
from agenda.feeds.opendata import ics_path
from agenda.lib.frenchdates import MONTHS, format_date_range_fr, format_hour_fr, weekday_fr
from agenda.lib.links import safe_link as _safe_link
from agenda.lib.markup import plain_text, render_inline, shift_headings
from agenda.lib.searchtext import SearchQuery

register = template.Library()


def _local(value: dt.datetime) -> dt.datetime:
    return value.astimezone(PARIS) if value.tzinfo else value


@register.filter
def jour_fr(value: dt.date | dt.datetime | None) -> str:
    """date(2023, 11, 3) → "vendredi 3 novembre 2023" (1er for the first of the month)."""
    if value is None:
        return ""
    day = _local(value).date() if isinstance(value, dt.datetime) else value
    number = "1er" if day.day == 1 else str(day.day)
    return f"{weekday_fr(day)} {number} {MONTHS[day.month - 1]} {day.year}"


@register.filter
def mois_fr(value: dt.date) -> str:
    """date(2023, 11, 1) → "novembre 2023"."""
    return f"{MONTHS[value.month - 1]} {value.year}"


@register.filter
def heure_fr(value: dt.datetime | None) -> str:
    """An instant as Paris wall-clock time in the French style: "10 h", "16 h 15"."""
    if not isinstance(value, dt.datetime):
        return ""
    return format_hour_fr(_local(value))


@register.filter
def periode_fr(item: Event | Session) -> str:
    """The French period of an event or session: "Du jeudi 2 au jeudi 30 novembre 2023"."""
    if item.start is None:
        return ""
    return capfirst(format_date_range_fr(item.start, item.end))


@register.filter
def horaire_fr(session: Session) -> str:
    """The hours of a session within its day: "16 h 15 – 18 h 15", "À partir de 9 h 30",
    "Toute la journée"; a session over several days gives its whole period."""
    start, end = session.start, session.end
    if end is not None and _date(end) != _date(start):
        return periode_fr(session)
    if not isinstance(start, dt.datetime):
        return "Toute la journée"
    if isinstance(end, dt.datetime):
        return f"{heure_fr(start)} – {heure_fr(end)}"
    return f"À partir de {heure_fr(start)}"


def _date(value: dt.date | dt.datetime) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


@register.filter
def iso_moment(value: dt.date | dt.datetime | None) -> str:
    """The machine-readable value of a <time> element (Paris offset, or a bare date)."""
    if value is None:
        return ""
    return _local(value).isoformat() if isinstance(value, dt.datetime) else value.isoformat()


@register.filter
def image_src(path: str) -> str:
    """An absolute URL as is; a stored path ("/uploads/x.png") as is; a bare name under
    MEDIA_URL; nothing for what the URL policy refuses."""
    if not path or "://" in path or path.startswith("/"):
        return _safe_link(path)
    return settings.MEDIA_URL + path


@register.filter
def absolute_src(path: str) -> str:
    """An image path as an absolute URL on SITE_URL (for OpenGraph)."""
    src = image_src(path)
    return src if "://" in src or not src else settings.SITE_URL + src


@register.filter
def safe_link(url: str | None) -> str:
    """The link when the URL policy allows it (`lib.links`), else "": never a script."""
    return _safe_link(url)


@register.filter
def webcal_url(url: str) -> str:
    """https://host/x.ics → webcal://host/x.ics (calendar apps subscribe to webcal links)."""
    parts = urlsplit(url or "")
    if parts.scheme not in ("http", "https"):
        return url or ""
    return urlunsplit(("webcal", *parts[1:]))


@register.simple_tag(takes_context=True)
def absolute_uri(context: template.Context, path: str, query: str = "") -> str:
    """`{% absolute_uri path query as url %}`: the path on the host of the current request."""
    location = f"{path}?{query}" if query else path
    request = context.get("request")
    if request is None:
        return settings.SITE_URL + location
    return request.build_absolute_uri(location)


@register.filter
def with_query(path: str, query: str) -> str:
    return f"{path}?{query}" if query else path


@register.filter
def inline_markup(text: str) -> SafeString:
    """One line of markdown (chapeau, info field) as sanitised inline HTML."""
    return mark_safe(render_inline(text))  # render_inline sanitises with nh3


@register.filter
def titres_hierarchises(html: str, top: int = 2) -> SafeString:
    """Editors' headings renumbered from h<top> (h2 by default) without gaps
    (`lib.markup.shift_headings`). The HTML is already sanitised (body_html, description_html)."""
    return mark_safe(shift_headings(html or "", int(top)))


@register.filter
def texte_brut(text: str) -> str:
    return plain_text(text)


@register.filter
def status_badge_class(status: str) -> str:
    return {
        Session.Status.CANCELLED: "fr-badge--error",
        Session.Status.POSTPONED: "fr-badge--warning",
        Session.Status.FULL: "fr-badge--warning",
        Session.Status.MOVED_ONLINE: "fr-badge--info",
    }.get(status, "fr-badge--info")


@register.filter
def etat_inscription(session: Session) -> RegistrationState:
    """The session's registration state (events/seats.py), attached by the view in one query."""
    return state_of(session)


@register.filter
def ics_seance(session: Session) -> str:
    """The session's calendar path, as `{% url 'ics_session' uid=session.uid as … %}` gives it
    ("" without that output), from its pattern reversed once (`opendata.ics_path`)."""
    try:
        return ics_path(session.uid)
    except NoReverseMatch:
        return ""


@register.simple_tag
def event_jsonld(event: Event) -> SafeString:
    """<script type="application/ld+json"> for the event."""
    data = json.dumps(event_jsonld_once(event, site_url=settings.SITE_URL), ensure_ascii=False)
    data = data.replace("<", "\\u003c")  # no "</script>" nor "<!--" can end the element
    return format_html('<script type="application/ld+json">{}</script>', mark_safe(data))


@register.simple_tag(takes_context=True)
def page_url(context: template.Context, number: int) -> str:
    """?<filters>&page=N for the pagination links (the filters stay in the URL); without
    filters, a path (/page/N/) where the list has one, which a static publication holds."""
    query = context["filters"].query_string() if context.get("filters") else ""
    match = getattr(context.get("request"), "resolver_match", None)
    if not query and match and match.url_name:
        name = match.url_name.removesuffix("_page")
        try:
            return reverse(name) if number == 1 else reverse(f"{name}_page", args=[number])
        except NoReverseMatch:
            pass
    return "?" + "&".join(part for part in (query, f"page={number}") if part)


@register.simple_tag
def elided_pages(page: Page) -> list:
    """Page numbers around the current one, with the paginator's ellipsis between runs."""
    return list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))


@register.filter
def nombre_fr(value: int) -> str:
    """12345 → "12 345" (a narrow no-break space between thousands, as French writes it)."""
    return f"{value:,}".replace(",", "\u202f")


_WORDS = re.compile(r"(\w+)")


@register.simple_tag(takes_context=True)
def surligne(context: template.Context, text: str) -> SafeString:
    """The text, escaped, with the words the page's search (`query`, if any) found in <mark>."""
    query: SearchQuery | None = context.get("query")
    if not query:
        return format_html("{}", text)
    parts = _WORDS.split(text or "")
    return mark_safe(
        "".join(
            format_html("<mark>{}</mark>", part)
            if index % 2 and query.matches(part)
            else format_html("{}", part)
            for index, part in enumerate(parts)
        )
    )


@register.simple_tag(takes_context=True)
def lien_partage(context: template.Context, event: Event) -> str:
    """The event's public address (SITE_URL + its path): the link to share."""
    return f"{context.get('SITE_URL') or settings.SITE_URL}{event.get_absolute_url()}"


@register.simple_tag
def courriel_partage(event: Event, url: str) -> str:
    """A mailto: link with the event's title as subject and its address as body (no recipient:
    the visitor's own mail program chooses), through the one URL policy."""
    subject = quote(event.title, safe="")
    body = quote(f"{event.title}\n{url}", safe="")
    return _safe_link(f"mailto:?subject={subject}&body={body}")
