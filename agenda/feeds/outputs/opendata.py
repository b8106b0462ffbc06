"""Open data (`/donnees/`): the published programme, one row per session, as CSV, XLSX and JSON,
with its Table Schema; each session's row is a stored fragment. `agenda export --format
csv|xlsx|json` writes the same files for the events it exports."""

import json

from django.conf import settings
from django.urls import reverse

from agenda.events.models import Event, Session
from agenda.events.queries import public_sessions
from agenda.feeds import fragments, opendata
from agenda.feeds.calendars import VEVENT
from agenda.feeds.registry import REGISTRY, Document, Export, Feed, Page
from agenda.lib.prefetch import attach

CACHE_CONTROL = "public, max-age=3600"
ONE_URL = lambda event: [{}]  # noqa: E731 (one document, whatever the event)


def _load(sessions):
    return sessions.select_related("event__organisation", "event__place", "place").prefetch_related(
        "formats", "event__categories", "event__tags", "event__audiences"
    )


def _load_rows(ids: list[int]) -> list[Session]:
    """The sessions with their event's to-many relations read once per event: prefetched
    through `event__…`, each session's own copy of its event had them read again (10,000 sets
    of managers at 4,000 events, 0.1 ms a session)."""
    sessions = Session.objects.filter(pk__in=ids).only(*ROW.fields)
    sessions = list(sessions.select_related("event__organisation", "event__place", "place"))
    events: dict[int, Event] = {}
    for session in sessions:
        session.event = events.setdefault(session.event_id, session.event)
    attach(sessions, "formats")
    attach(list(events.values()), "categories", "tags", "audiences")
    return sessions


def _write_row(session: Session) -> str:
    return json.dumps(opendata.row(session, site_url=settings.SITE_URL), ensure_ascii=False)


# Everything `opendata.row` reads, and nothing else (tests/test_fragments.py holds it).
ROW = fragments.FragmentKind(
    name="opendata_row",
    model=Session,
    fields=(
        *VEVENT.fields,
        "status_reason",
        "is_free",
        "registration_required",
        "place__latitude",
        "place__longitude",
        "event__status_reason",
        "event__place__latitude",
        "event__place__longitude",
        "event__organisation__acronym",
    ),  # fmt: skip
    many=(
        "formats__name",
        "event__categories__name",
        "event__tags__name",
        "event__audiences__name",
    ),
    load=_load_rows,
    write=_write_row,
)


# A row holds all a VEVENT shows: both refreshed from one load of the sessions.
fragments.refreshed_with_events((ROW, VEVENT), lambda ids: public_sessions().filter(event__in=ids))


def published_rows():
    """Every public session, past ones included (the whole archive), by start."""
    return fragments.assemble(ROW, public_sessions().order_by("starts_at", "position", "pk"))


def head() -> dict:
    return {
        "titre": f"{settings.PROGRAMME_NAME} : séances du programme",
        "producteur": settings.SITE_NAME,
        "source": settings.SITE_URL,
        "licence": opendata.LICENCE,
        "licence_url": opendata.LICENCE_URL,
        "schema": settings.SITE_URL + reverse("opendata_schema"),
    }


def _document(content_type: str, filename: str, chunks, assembly, attachment: bool = False):
    return Document(
        content_type=content_type,
        chunks=chunks,
        etag=lambda: fragments.digest_of(filename, json.dumps(head()), assembly.digest()),
        filename=filename,
        attachment=attachment,
        cache_control=CACHE_CONTROL,
    )


def _rows(assembly) -> map:
    return map(json.loads, assembly.texts())


def csv_document(filters, **kwargs) -> Document:
    assembly = published_rows()
    chunks = fragments.buffered(opendata.csv_chunks(_rows(assembly)))
    return _document(opendata.CSV_TYPE, "seances.csv", chunks, assembly, attachment=True)


def json_document(filters, **kwargs) -> Document:
    assembly = published_rows()
    chunks = fragments.buffered(opendata.json_chunks(assembly.texts(), head=head()))
    return _document(opendata.JSON_TYPE, "seances.json", chunks, assembly)


def xlsx_document(filters, **kwargs) -> Document:
    assembly = published_rows()
    title = head()["titre"]
    chunks = opendata.xlsx_chunks(_rows(assembly), title=title, source=settings.SITE_URL)
    return _document(opendata.XLSX_TYPE, "seances.xlsx", chunks, assembly, attachment=True)


def schema_document(filters, **kwargs) -> Document:
    body = opendata.SCHEMA_PATH.read_bytes()
    return Document(
        opendata.JSON_TYPE,
        [body],
        etag=fragments.digest_of(body.decode()),
        filename="seances.schema.json",
        cache_control=CACHE_CONTROL,
    )


# --- agenda export: the same files for the events exported (drafts included unless told) ----


def _exported_rows(events: list[Event]):
    for event in events:
        for session in event.sessions.all():
            yield opendata.row(session, site_url=settings.SITE_URL)


def export_csv(events: list[Event]) -> bytes:
    return "".join(opendata.csv_chunks(_exported_rows(events))).encode()


def export_json(events: list[Event]) -> bytes:
    texts = (json.dumps(values, ensure_ascii=False) for values in _exported_rows(events))
    return "".join(opendata.json_chunks(texts, head=head())).encode()


def export_xlsx(events: list[Event]) -> bytes:
    title = head()["titre"]
    return b"".join(
        opendata.xlsx_chunks(_exported_rows(events), title=title, source=settings.SITE_URL)
    )


for name, route, content_type, write, export in (
    ("opendata_csv", "donnees/seances.csv", opendata.CSV_TYPE, csv_document,
     Export(format="csv", suffix="csv", many=export_csv, filename="seances")),
    ("opendata_xlsx", "donnees/seances.xlsx", opendata.XLSX_TYPE, xlsx_document,
     Export(format="xlsx", suffix="xlsx", many=export_xlsx, filename="seances")),
    ("opendata_json", "donnees/seances.json", opendata.JSON_TYPE, json_document,
     Export(format="json", suffix="json", many=export_json, filename="seances")),
    ("opendata_schema", "donnees/seances.schema.json", opendata.JSON_TYPE, schema_document,
     None),
):  # fmt: skip
    REGISTRY.register(
        Feed(
            name=name,
            route=route,
            content_type=content_type,
            urls=ONE_URL,
            write=write,
            export=export,
        )  # fmt: skip
    )

# The page that lists them (agenda/feeds/views.py), in the site's design.
REGISTRY.register(Page(name="opendata", content_type="text/html; charset=utf-8",
                       urls=lambda event: [reverse("opendata")]))  # fmt: skip
