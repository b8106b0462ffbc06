"""Every feed and document by URL: query counts that do not grow with the data, the API's cursor
beyond the counted pages, webcal links of subscribable calendars."""

import pytest

from agenda.events import queries
from agenda.feeds import api as api_module
from agenda.feeds.registry import REGISTRY
from tests.conftest import count_queries, soon


def add_events(make_event, count: int) -> list:
    return [
        make_event(
            "Atelier",
            start=soon(2),
            categories=("Rencontre",),
            tags=("IA",),
            organisation="DINUM",
            sessions=[
                (soon(2, 9), soon(2, 10), "Matin", {"formats": ["Meetup"]}),
                (soon(2, 14), soon(2, 15), "Après-midi", {"formats": ["Atelier"]}),
            ],
        )  # fmt: skip
        for _ in range(count)
    ]


@pytest.mark.parametrize(
    "url",
    [
        "/organisations/dinum.ics",
        "/flux.atom?categorie=rencontre",
        "/donnees/seances.csv",
        "/donnees/seances.json",
        "/donnees/seances.xlsx",
        "/api/events?etiquette=ia",
        "/",
    ],
)
def test_lists_and_feeds_cost_the_same_queries_for_1_or_30_events(client, make_event, url):
    add_events(make_event, 1)
    count_queries(client, url)  # stores the first event's fragments
    with_one = count_queries(client, url)
    add_events(make_event, 29)
    count_queries(client, url)  # stores the new ones' (one batch: as many queries)
    assert count_queries(client, url) == with_one


@pytest.mark.parametrize(
    "url", ["/evenements/{slug}.ics", "/evenements/{slug}.jsonld", "/evenements/{slug}.md"]
)
def test_an_event_document_costs_the_same_queries_for_1_or_30_sessions(client, make_event, url):
    def event_with(count: int):
        sessions = [(soon(2, 8), soon(2, 9), f"Séance {i}", {"formats": ["Atelier"]})
                    for i in range(count)]  # fmt: skip
        return make_event("Journée", start=soon(2), organisation="DINUM", sessions=sessions)

    one, thirty = event_with(1), event_with(30)
    for event in (one, thirty):
        count_queries(client, url.format(slug=event.slug))
    assert count_queries(client, url.format(slug=one.slug)) == count_queries(
        client, url.format(slug=thirty.slug)
    )


@pytest.fixture
def capped(monkeypatch):
    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    monkeypatch.setattr(api_module, "PAGE_SIZE", 2)


def test_the_api_goes_beyond_the_counted_pages_with_a_cursor(client, make_event, capped):
    for day in range(1, 8):
        make_event(f"Atelier {day}", start=soon(day))
    first = client.get("/api/events").json()
    assert (first["count"], first["count_capped"], first["pages"]) == (3, True, 2)
    assert first["next"].endswith("/api/events?page=2")
    titles = [event["title"] for event in first["results"]]
    page = client.get(first["next"]).json()
    while True:
        titles += [event["title"] for event in page["results"]]
        if page["next"] is None:
            break
        assert "apres=" in page["next"] and "page=" not in page["next"]
        page = client.get(page["next"]).json()
        assert page["page"] == 0
    assert titles == [f"Atelier {day}" for day in range(1, 8)]


def test_a_cursor_keeps_the_filters_and_costs_the_same_deep_or_not(client, make_event, capped):
    add_events(make_event, 6)
    url = client.get("/api/events?page=2&organisation=dinum").json()["next"]
    assert "organisation=dinum" in url and "apres=" in url
    count_queries(client, url)  # stores the page's items
    shallow = count_queries(client, url)
    add_events(make_event, 20)
    assert count_queries(client, url) == shallow
    assert len(client.get(url).json()["results"]) == 2


def test_an_unknown_cursor_is_a_400_in_french(client, db):
    response = client.get("/api/events?apres=n-importe-quoi")
    assert response.status_code == 400
    assert response.json()["errors"] == ["apres : curseur inconnu"]


def test_every_calendar_is_an_ics_a_calendar_app_can_subscribe_to(db):
    calendars = {output.name for output in REGISTRY.feeds() if output.calendar}
    assert calendars == {"ics_agenda", "ics_event", "ics_session", "ics_organisation"}
    assert all(REGISTRY.outputs[name].route.endswith(".ics") for name in calendars)
