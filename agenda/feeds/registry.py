"""Every output of the site by URL: one registration per output, read by everyone who serves it.

An output is registered once (`REGISTRY.register(...)`) with its URL name, content type and
writer, in a module of `agenda/feeds/outputs/` or in an app's `outputs.py`, both loaded when the
feeds app is ready. From the registry:
- the dynamic site serves every `Feed` at its route (`agenda/feeds/urls.py`), with the agenda's
  filters from the query string when it takes them, ETag and Last-Modified;
- `agenda export` offers every output that has an `Export` as a `--format`;
- a static publication lists every URL of the current data with `REGISTRY.paths()` and writes
  each one's bytes with `REGISTRY.render(path)` (its content type comes with them).

Two kinds of outputs: a `Feed` is written here (calendars, Atom, open data…): its writer returns
a `Document`; a `Page` is served by an existing view (HTML pages, the JSON API) and rendered, for
the publication, by an anonymous GET through Django's whole request handling, so the bytes are
those a visitor gets.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Any, Protocol
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.handlers.base import BaseHandler
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotFound
from django.test.client import RequestFactory
from django.urls import Resolver404, resolve, reverse

from agenda.events.caching import FRESH
from agenda.events.filters import parse_filters
from agenda.events.models import Event

FEED_CACHE_CONTROL = "public, max-age=300"


@dataclass
class Document:
    """The body of one URL, with what its response says about it."""

    content_type: str
    chunks: Iterable[bytes]  # produced lazily: a large document is never whole in memory
    # A strong validator, without quotes, or a function computing it (only the dynamic view
    # asks: a feed then checks its fragments before streaming them).
    etag: str | Callable[[], str] | None = None
    last_modified: dt.datetime | None = None
    filename: str | None = None  # Content-Disposition's file name
    attachment: bool = False  # downloaded rather than shown (spreadsheets)
    cache_control: str = FEED_CACHE_CONTROL

    def read(self) -> bytes:
        return b"".join(self.chunks)

    def validator(self) -> str | None:
        return self.etag() if callable(self.etag) else self.etag


@dataclass(frozen=True)
class Export:
    """How `agenda export --format <format>` writes events with this output's writer: `one`
    writes an event's own document (`--out DIR`: one file per event, `<slug>.<suffix>`), `many`
    a document of them all (standard output, or `--out DIR` when there is no `one`)."""

    format: str
    suffix: str
    many: Callable[[list[Event]], bytes]
    one: Callable[[Event], bytes] | None = None
    filename: str = ""  # of the one file written with --out when there is no `one`


class Output(Protocol):
    name: str  # the URL name, unique
    content_type: str
    export: Export | None

    def paths(self, *, event: Event | None = None) -> Iterable[str]:
        """Every URL path this output has for the current data (only those that show `event`
        when given, for outputs made of events)."""

    def render(self, path: str) -> Document | None:
        """The body of one of its paths (None: nothing there)."""

    def documents(self, events: list[Event]) -> Iterable[tuple[Event, str, Document | None]]:
        """(event, path, document) of every path showing one of these public events (each with
        a slug no other public event has): what `paths(event=…)` and `render` give, made
        together in a few queries for them all by a `per_event` output's `batch`."""


# An output's way of making many events' documents at once (Output.documents).
Batch = Callable[[Any, list[Event]], Iterable[tuple[Event, str, Document | None]]]


_shared: ContextVar[dict | None] = ContextVar("batch_shared", default=None)


@contextmanager
def one_batch() -> Iterator[None]:
    """Within the block, the outputs making documents of the same events share what they read
    (`shared`): an event's calendar and its sessions' read their VEVENTs once."""
    token = _shared.set({})
    try:
        yield
    finally:
        _shared.reset(token)


def shared(key: tuple, make: Callable[[], Any]) -> Any:
    """`make()`, made once per `key` within `one_batch()` (each time outside one)."""
    memo = _shared.get()
    if memo is None:
        return make()
    if key not in memo:
        memo[key] = make()
    return memo[key]


def one_by_one(output: Output, events: list[Event]) -> Iterator[tuple[Event, str, Document | None]]:
    for event in events:
        for path in output.paths(event=event):
            yield event, path, output.render(path)


def at_slug(output: Output, events: list[Event]) -> Iterator[tuple[Event, str, Document | None]]:
    """The batch of an output with one URL per event, at its slug (its page, its JSON-LD…)."""
    for event in events:
        path = reverse(output.name, kwargs={"slug": event.slug})
        yield event, path, output.render(path)


@dataclass(frozen=True)
class Feed:
    """An output written by this package and served by the registry's view at `route`.

    `urls(event)` gives the keyword arguments of each URL it has (of those showing `event` when
    given); `write(filters, **kwargs)` its document, or None for a URL with nothing (a 404).
    A `filtered` feed reads the agenda's filters from the query string (`write` then gets them;
    otherwise None)."""

    name: str
    route: str
    content_type: str
    urls: Callable[[Event | None], Iterable[dict[str, Any]]]
    write: Callable[..., Document | None]
    filtered: bool = False
    calendar: bool = False  # an ICS a calendar application subscribes to (webcal:// too)
    export: Export | None = None
    per_event: bool = False  # each URL shows one event (or one of its sessions) and nothing else
    batch: Batch | None = None  # how `documents` makes many events' at once (per_event only)

    def paths(self, *, event: Event | None = None) -> Iterator[str]:
        for kwargs in self.urls(event):
            yield reverse(self.name, kwargs=kwargs)

    def documents(self, events: list[Event]) -> Iterable[tuple[Event, str, Document | None]]:
        return (self.batch or one_by_one)(self, events)

    def render(self, path: str) -> Document | None:
        parts = urlsplit(path)
        match = resolve(parts.path)
        filters = parse_filters(_query(parts.query)) if self.filtered else None
        return self.write(filters, **match.kwargs)


@dataclass(frozen=True)
class Page:
    """An output served by an existing view (an HTML page, the JSON API): `urls(event)` lists
    its paths (query string included, e.g. "/?page=2"); it is rendered by an anonymous GET."""

    name: str  # the view's URL name, namespace included ("api:list_events")
    content_type: str
    urls: Callable[[Event | None], Iterable[str]]
    export: Export | None = None
    per_event: bool = False  # each URL shows one event (or one of its sessions) and nothing else
    batch: Batch | None = None  # how `documents` makes many events' at once (per_event only)

    def paths(self, *, event: Event | None = None) -> Iterable[str]:
        return self.urls(event)

    def documents(self, events: list[Event]) -> Iterable[tuple[Event, str, Document | None]]:
        return (self.batch or one_by_one)(self, events)

    def render(self, path: str) -> Document | None:
        response = anonymous_view(path)
        if response.status_code != 200:
            return None
        chunks = response.streaming_content if response.streaming else [response.content]
        return Document(
            content_type=response["Content-Type"],
            chunks=chunks,
            etag=(response.get("ETag") or "").strip('"') or None,
            cache_control=response.get("Cache-Control", ""),
        )


@dataclass
class Registry:
    outputs: dict[str, Feed | Page] = field(default_factory=dict)

    def register(self, output: Feed | Page) -> Feed | Page:
        if output.name in self.outputs:
            raise ValueError(f"une sortie « {output.name} » est déjà enregistrée")
        formats = {o.export.format for o in self.outputs.values() if o.export}
        if output.export and output.export.format in formats:
            raise ValueError(f"le format d’export « {output.export.format} » existe déjà")
        self.outputs[output.name] = output
        return output

    def unregister(self, name: str) -> None:
        del self.outputs[name]

    def __iter__(self) -> Iterator[Feed | Page]:
        return iter(list(self.outputs.values()))

    def feeds(self) -> list[Feed]:
        return [output for output in self if isinstance(output, Feed)]

    def exports(self) -> dict[str, Export]:
        return {o.export.format: o.export for o in self if o.export}

    def paths(self, *, event: Event | None = None) -> Iterator[tuple[Feed | Page, str]]:
        """(output, path) for every URL of the current data (those showing `event` if given)."""
        for output in self:
            for path in output.paths(event=event):
                yield output, path

    def output_at(self, path: str) -> Feed | Page | None:
        try:
            match = resolve(urlsplit(path).path)
        except Resolver404:
            return None
        return self.outputs.get(match.view_name)

    def render(self, path: str) -> Document | None:
        """The document at `path` as an anonymous visitor gets it (None: no output there)."""
        output = self.output_at(path)
        return output.render(path) if output else None


REGISTRY = Registry()


def _query(query: str) -> dict[str, str]:
    from django.http import QueryDict

    return QueryDict(query).dict()


class _AnonymousHandler(BaseHandler):
    """Django's request handling (middleware included) for requests built in-process."""

    def __init__(self) -> None:
        super().__init__()
        self.load_middleware()


_handler: _AnonymousHandler | None = None
_factory: tuple[str, RequestFactory] | None = None


def anonymous_request(path: str) -> HttpRequest:
    """A GET of `path` by an anonymous visitor at SITE_URL (no cookie), to be rendered now
    rather than read from the page cache."""
    global _factory
    if _factory is None or _factory[0] != settings.SITE_URL:
        site = urlsplit(settings.SITE_URL)
        port = site.port or (443 if site.scheme == "https" else 80)
        factory = RequestFactory(SERVER_NAME=site.hostname or "localhost", SERVER_PORT=str(port))
        _factory = (settings.SITE_URL, factory)
    secure = settings.SITE_URL.startswith("https:")
    return _factory[1].get(path, secure=secure, **{FRESH: True})  # never a cached copy


def anonymous_get(path: str) -> HttpResponse:
    """The response to an anonymous GET of `path`, through the middleware (headers included)."""
    global _handler
    if _handler is None:
        _handler = _AnonymousHandler()
    return _handler.get_response(anonymous_request(path))


def anonymous_view(path: str) -> HttpResponse:
    """The view's own response to an anonymous GET of `path`: the body a visitor gets, made
    without the middleware (for an anonymous GET they only add headers and cookies) — the
    publication renders thousands of pages. A missing page is a 404 response."""
    request = anonymous_request(path)
    try:
        match = resolve(request.path_info)
    except Resolver404:
        return HttpResponseNotFound()
    request.resolver_match = match
    request.user = AnonymousUser()
    try:
        response = match.func(request, *match.args, **match.kwargs)
    except Http404:
        return HttpResponseNotFound()
    if not getattr(response, "is_rendered", True):  # a TemplateResponse
        response.render()
    return response
