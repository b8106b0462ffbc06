"""The JSON API: filters shared with the HTML agenda, published events only, OpenAPI schema."""

import datetime as dt

import pytest

from agenda.events.models import PARIS, Event, Place
from agenda.feeds import api as api_module


def paris(*args: int) -> dt.datetime:
    # A copy of conftest's helper: importing it depends on whether tests/ is a package.
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def events(make_event):
    place = Place.objects.create(
        name="Ségur", address="20 avenue de Ségur", postcode="75007", city="Paris"
    )
    return {
        "forum": make_event(
            "Forum des données", start=paris(2030, 11, 3, 16, 15), end=paris(2030, 11, 3, 18, 15),
            chapeau="Le **forum** annuel.", categories=("Rencontre",), tags=("Données",),
            organisation="DINUM", place=place,
            sessions=[
                (paris(2030, 11, 3, 16, 15), paris(2030, 11, 3, 17), "Ouverture",
                 {"formats": ["Table ronde"]}),
                (paris(2030, 11, 3, 17), paris(2030, 11, 3, 18, 15), "Ateliers",
                 {"formats": ["Atelier"], "attendance_mode": "online",
                  "online_url": "https://visio.example"}),
            ],
        ),
        "webinar": make_event(
            "Webinaire IA", start=paris(2030, 11, 10, 11), attendance_mode="online",
            categories=("Formation",), organisation="ANCT",
        ),
        "draft": make_event("Brouillon", start=paris(2030, 11, 5), status=Event.Status.DRAFT),
    }  # fmt: skip


def titles(response) -> list[str]:
    return [item["title"] for item in response.json()["results"]]


def test_list_returns_published_events_ordered_by_start(client, events):
    response = client.get("/api/events")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert (data["page"], data["pages"], data["next"], data["previous"]) == (1, 1, None, None)
    assert titles(response) == ["Forum des données", "Webinaire IA"]
    forum = data["results"][0]
    assert forum["start"] == "2030-11-03T16:15:00+01:00"
    assert forum["chapeau"] == "Le forum annuel."
    assert forum["organisation"]["slug"] == "dinum"
    assert forum["categories"] == [{"name": "Rencontre", "slug": "rencontre"}]
    assert forum["ics_url"].endswith(f"/evenements/{events['forum'].slug}.ics")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("categorie=formation", ["Webinaire IA"]),
        ("etiquette=donnees", ["Forum des données"]),
        ("format=atelier", ["Forum des données"]),
        ("organisation=anct", ["Webinaire IA"]),
        ("mode=en-ligne", ["Forum des données", "Webinaire IA"]),
        ("mode=presentiel", ["Forum des données"]),
        ("q=webinaire", ["Webinaire IA"]),
        ("du=2030-11-05", ["Webinaire IA"]),
        ("au=2030-11-04", ["Forum des données"]),
    ],
)
def test_list_filters_mean_what_they_mean_in_the_html_agenda(client, events, query, expected):
    assert titles(client.get(f"/api/events?{query}")) == expected


def test_bad_filters_answer_400_with_the_french_messages(client, events):
    response = client.get("/api/events?du=2030-13-01&mode=partout")
    assert response.status_code == 400
    data = response.json()
    assert data["detail"] == "Filtres invalides."
    assert any("La date « 2030-13-01 » n’est pas valide" in e for e in data["errors"])
    assert any("Le mode « partout » est inconnu" in e for e in data["errors"])


def test_a_malformed_page_number_is_a_400_too(client, events):
    response = client.get("/api/events?page=zero")
    assert response.status_code == 400
    assert response.json()["errors"]


def test_pages_link_to_each_other(client, make_event, monkeypatch):
    monkeypatch.setattr(api_module, "PAGE_SIZE", 2)
    for day in range(1, 6):
        make_event(f"Atelier {day}", start=paris(2030, 11, day, 10))
    first = client.get("/api/events?categorie=&page=1").json()
    assert (first["count"], first["pages"]) == (5, 3)
    assert first["next"].endswith("/api/events?categorie=&page=2")
    last = client.get("/api/events?page=3").json()
    assert [item["title"] for item in last["results"]] == ["Atelier 5"]
    assert last["next"] is None and last["previous"].endswith("page=2")
    assert client.get("/api/events?page=4").status_code == 404


def test_event_detail_has_sessions_places_formats_tags_and_categories(client, events):
    forum = events["forum"]
    response = client.get(f"/api/events/{forum.slug}")
    assert response.status_code == 200
    data = response.json()
    assert data["title"] == "Forum des données"
    assert [s["title"] for s in data["sessions"]] == ["Ouverture", "Ateliers"]
    assert [f["slug"] for f in data["formats"]] == ["atelier", "table-ronde"]
    assert data["places"][0]["city"] == "Paris"
    assert data["tags"] == [{"name": "Données", "slug": "donnees"}]
    ateliers = data["sessions"][1]
    assert ateliers["start"] == "2030-11-03T17:00:00+01:00"
    assert ateliers["attendance_mode"] == "online"
    assert ateliers["online_url"] == "https://visio.example"
    assert ateliers["url"].endswith(f"#seance-{ateliers['uid'].replace('-', '')[:8]}")


def test_drafts_and_unknown_events_are_not_found(client, events):
    assert client.get(f"/api/events/{events['draft'].slug}").status_code == 404
    assert client.get("/api/events/nulle-part").status_code == 404
    assert "Brouillon" not in titles(client.get("/api/events"))


def test_session_detail_names_its_event(client, events):
    session = events["forum"].sessions.get(title="Ouverture")
    data = client.get(f"/api/sessions/{session.uid}").json()
    assert data["uid"] == str(session.uid)
    assert data["sequence"] == 0
    assert data["event"]["slug"] == events["forum"].slug
    assert [f["name"] for f in data["formats"]] == ["Table ronde"]
    draft_session = events["draft"].sessions.get()
    assert client.get(f"/api/sessions/{draft_session.uid}").status_code == 404


def test_openapi_schema_documents_the_paths_and_filters(client, db):
    response = client.get("/api/openapi.json")
    assert response.status_code == 200
    schema = response.json()
    assert schema["info"] == {**schema["info"], "title": "Agenda public", "version": "1"}
    assert {"/api/events", "/api/events/{slug}", "/api/sessions/{uid}"} <= set(schema["paths"])
    parameters = {p["name"] for p in schema["paths"]["/api/events"]["get"]["parameters"]}
    assert parameters == {
        "du", "au", "categorie", "etiquette", "public", "format", "organisation", "mode", "q",
        "page", "region", "departement", "ville", "gratuit", "accessible",
        "apres",
    }  # fmt: skip


def test_docs_page_is_served(client, db):
    assert client.get("/api/docs").status_code == 200


def test_a_cancelled_event_stays_in_the_api_with_its_reason(client, make_event):
    event = make_event("Atelier annulé", start=paris(2030, 5, 2, 10), status="cancelled")
    event.status_reason = "Intervenant malade"
    event.save()
    detail = client.get(f"/api/events/{event.slug}").json()
    assert (detail["status"], detail["status_reason"]) == ("cancelled", "Intervenant malade")
    listed = client.get("/api/events").json()["results"]
    assert [(e["slug"], e["status"]) for e in listed] == [(event.slug, "cancelled")]


def test_a_draft_is_absent_from_the_api(client, make_event):
    draft = make_event("Brouillon", start=paris(2030, 5, 2, 10), status="draft")
    assert client.get(f"/api/events/{draft.slug}").status_code == 404
    assert client.get("/api/events").json()["count"] == 0
