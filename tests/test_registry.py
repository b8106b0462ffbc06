"""The output registry: every URL it lists renders the bytes a visitor gets, and a new format is
one registration (served, listed, exported) with nothing else to edit."""

import datetime as dt
import importlib
import io
import re

import pytest
from django.core.management import call_command
from django.urls import clear_url_caches

from agenda.events.models import PARIS, Event, Place
from agenda.feeds.registry import REGISTRY, Document, Export, Feed
from tests.conftest import soon

CSRF = re.compile(rb'name="csrfmiddlewaretoken" value="[^"]+"')


@pytest.fixture
def programme(make_event):
    place = Place.objects.create(name="Ségur", address="20 avenue de Ségur", city="Paris")
    forum = make_event(
        "Forum des données", start=soon(3, 9), organisation="DINUM", place=place,
        categories=("Rencontre",), tags=("Données",),
        sessions=[(soon(3, 9), soon(3, 12), "Matin", {"formats": ["Atelier"]}),
                  (soon(3, 14), soon(3, 17), "Après-midi", {})],
    )  # fmt: skip
    return {
        "forum": forum,
        "webinar": make_event("Webinaire", start=soon(5, 11), attendance_mode="online"),
        "past": make_event("Atelier passé", start=soon(-40, 10), organisation="ANCT"),
        "cancelled": make_event("Annulé", start=soon(8), status=Event.Status.CANCELLED),
        "draft": make_event("Brouillon", start=soon(4), status=Event.Status.DRAFT),
    }


def test_every_listed_url_renders_what_an_anonymous_visitor_gets(client, programme, settings):
    settings.SITE_URL = "http://testserver"  # the host the test client asks (pages show it)
    paths = list(REGISTRY.paths())
    assert {output.name for output, _ in paths} >= {
        "ics_agenda", "ics_event", "ics_session", "ics_organisation", "atom_agenda",
        "jsonld_event", "jekyll_event", "opendata_csv", "opendata_xlsx", "opendata_json",
        "opendata_schema", "opendata", "home", "past", "event", "api:list_events",
        "api:get_event", "api:get_session",
    }  # fmt: skip
    for _output, path in paths:
        document = REGISTRY.render(path)
        response = client.get(path)
        assert response.status_code == 200, path
        assert document.content_type == response["Content-Type"], path
        served = b"".join(response.streaming_content) if response.streaming else response.content
        # A form's CSRF token changes with every response, the rest may not.
        assert CSRF.sub(b"", document.read()) == CSRF.sub(b"", served), path


def test_drafts_have_no_url_and_cancelled_events_keep_theirs(programme):
    paths = [path for _, path in REGISTRY.paths()]
    assert not [path for path in paths if programme["draft"].slug in path]
    cancelled = programme["cancelled"].slug
    assert {f"/evenements/{cancelled}/", f"/evenements/{cancelled}.ics"} <= set(paths)


def test_the_paths_of_an_event_are_those_that_show_it(programme):
    forum = programme["forum"]
    paths = {path for _, path in REGISTRY.paths(event=forum)}
    assert f"/evenements/{forum.slug}/" in paths
    assert f"/evenements/{forum.slug}.ics" in paths
    assert {f"/seances/{s.uid}.ics" for s in forum.sessions.all()} <= paths
    assert "/organisations/dinum.ics" in paths and "/organisations/anct.ics" not in paths
    assert {"/agenda.ics", "/flux.atom", "/donnees/seances.csv", "/"} <= paths
    assert not [path for path in paths if programme["webinar"].slug in path]


def test_nothing_is_rendered_where_no_output_is(db):
    assert REGISTRY.render("/nulle-part/") is None
    assert REGISTRY.render("/evenements/inconnu.ics") is None


def test_two_outputs_cannot_share_a_name_or_an_export_format(db):
    with pytest.raises(ValueError, match="ics_agenda"):
        REGISTRY.register(REGISTRY.outputs["ics_agenda"])
    twin = Feed(
        name="autre",
        route="autre.ics",
        content_type="text/calendar",
        urls=lambda event: [],
        write=lambda filters: None,
        export=Export(format="ics", suffix="ics", many=lambda events: b""),
    )
    with pytest.raises(ValueError, match="ics"):
        REGISTRY.register(twin)


# --- a new format: one module's worth of code, registered, and nothing else ------------------


def text_of(event: Event) -> bytes:
    start = event.starts_at.astimezone(PARIS)
    return f"{event.title} : {start:%d/%m/%Y %H:%M}\n".encode()


def text_document(filters, *, slug: str) -> Document | None:
    event = Event.objects.public().filter(slug=slug).first()
    if event is None:
        return None
    body = text_of(event)
    return Document("text/plain; charset=utf-8", [body], etag=str(hash(body)))


TEXT_FORMAT = Feed(
    name="texte_evenement",
    route="evenements/<slug:slug>.txt",
    content_type="text/plain; charset=utf-8",
    urls=lambda event: [
        {"slug": e.slug} for e in Event.objects.public() if not event or e == event
    ],
    write=text_document,
    export=Export(
        format="texte",
        suffix="txt",
        one=text_of,
        many=lambda events: b"".join(text_of(event) for event in events),
    ),
)


@pytest.fixture
def text_format():
    """The new format registered, then the URLconf rebuilt as a new process would build it."""
    import agenda.urls

    def rebuild() -> None:
        importlib.reload(agenda.urls)
        clear_url_caches()

    REGISTRY.register(TEXT_FORMAT)
    rebuild()
    yield TEXT_FORMAT
    REGISTRY.unregister(TEXT_FORMAT.name)
    rebuild()


def test_a_new_format_is_served_listed_rendered_and_exported_once_registered(
    client, make_event, text_format, tmp_path
):
    event = make_event("Hackathon", start=dt.datetime(2030, 11, 20, 9, tzinfo=PARIS))
    path = f"/evenements/{event.slug}.txt"
    response = client.get(path)
    assert response.status_code == 200
    assert response.content == b"Hackathon : 20/11/2030 09:00\n"
    assert client.get(path, headers={"if-none-match": response["ETag"]}).status_code == 304
    assert client.get("/evenements/inconnu.txt").status_code == 404
    assert (text_format, path) in list(REGISTRY.paths())
    assert REGISTRY.render(path).read() == response.content
    out = io.StringIO()
    call_command("export", "--format", "texte", stdout=out, stderr=io.StringIO())
    assert out.getvalue() == "Hackathon : 20/11/2030 09:00\n"
    call_command("export", "--format", "texte", "--out", str(tmp_path), stderr=io.StringIO())
    assert (tmp_path / f"{event.slug}.txt").read_text() == "Hackathon : 20/11/2030 09:00\n"


def test_an_unregistered_format_is_gone_from_the_urls(client, make_event):
    event = make_event("Hackathon")
    assert client.get(f"/evenements/{event.slug}.txt").status_code == 404
    assert "texte_evenement" not in REGISTRY.outputs
