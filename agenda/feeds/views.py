"""The registry's outputs over HTTP (one view serves every `Feed` at its route) and the
open-data page."""

from collections.abc import Callable
from itertools import chain

from django.http import (
    Http404,
    HttpRequest,
    HttpResponse,
    HttpResponseBadRequest,
    StreamingHttpResponse,
)
from django.shortcuts import render
from django.utils.cache import get_conditional_response
from django.utils.http import http_date
from django.views.decorators.http import require_safe

from agenda.events.caching import public_page
from agenda.events.filters import AgendaFilters, parse_filters

from . import opendata as opendata_module
from .registry import Document, Feed


def filter_errors(filters: AgendaFilters) -> HttpResponse:
    return HttpResponseBadRequest(
        "\n".join(filters.errors) + "\n", content_type="text/plain; charset=utf-8"
    )


# A document up to this size is sent in one write (and the page cache can keep it); a larger
# one is streamed as it is read (the server never holds a whole programme).
STREAM_ABOVE = 1024 * 1024


def document_response(request: HttpRequest, document: Document) -> HttpResponse:
    """The document with its headers; 304 when the client holds the same ETag."""
    headers = {"Content-Type": document.content_type}
    if document.filename:
        kind = "attachment" if document.attachment else "inline"
        headers["Content-Disposition"] = f'{kind}; filename="{document.filename}"'
    if document.cache_control:
        headers["Cache-Control"] = document.cache_control
    if document.last_modified:
        headers["Last-Modified"] = http_date(document.last_modified.timestamp())
    etag = document.validator()
    if etag:
        headers["ETag"] = f'"{etag}"'
        # Validated on the ETag only: an event unpublished or deleted leaves the others' dates
        # unchanged, so If-Modified-Since would wrongly answer 304.
        conditional = get_conditional_response(request, etag=headers["ETag"])
        if conditional is not None:
            for name in ("ETag", "Cache-Control", "Last-Modified"):
                if name in headers:
                    conditional[name] = headers[name]
            return conditional
    chunks = iter(document.chunks)
    head: list[bytes] = []
    size = 0
    for chunk in chunks:
        head.append(chunk)
        size += len(chunk)
        if size > STREAM_ABOVE:
            return StreamingHttpResponse(chain(head, chunks), headers=headers)
    return HttpResponse(b"".join(head), headers=headers)


def serve(feed: Feed) -> Callable[..., HttpResponse]:
    """The view of one feed: its filters from the query string, its document, 404 if none."""

    @require_safe
    def view(request: HttpRequest, **kwargs) -> HttpResponse:
        filters = None
        if feed.filtered:
            filters = parse_filters(request.GET)
            if filters.errors:
                return filter_errors(filters)
        document = feed.write(filters, **kwargs)
        if document is None:
            raise Http404("Rien n’est publié à cette adresse.")
        return document_response(request, document)

    view.__name__ = view.__qualname__ = f"serve_{feed.name}"
    return public_page(view)


TYPE_LABELS = {
    "string": "texte",
    "integer": "nombre entier",
    "number": "nombre décimal",
    "boolean": "booléen (true ou false)",
    "date": "date (AAAA-MM-JJ)",
    "time": "heure (HH:MM:SS)",
    "datetime": "date et heure UTC (ISO 8601)",
}


@public_page
def opendata(request: HttpRequest) -> HttpResponse:
    """The open-data page: the files, their licence, their columns (from the schema)."""
    schema = opendata_module.schema()
    fields = [
        {**field, "type_label": "identifiant UUID" if field.get("format") == "uuid"
         else TYPE_LABELS.get(field["type"], field["type"])}
        for field in schema["fields"]
    ]  # fmt: skip
    context = {
        "schema": {**schema, "fields": fields},
        "licence": opendata_module.LICENCE,
        "licence_url": opendata_module.LICENCE_URL,
    }
    return render(request, "feeds/opendata.html", context)
