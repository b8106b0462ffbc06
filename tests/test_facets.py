"""Places and facets: a place's department and region, filters by place and conditions, each
filter's values with their counts, the panel behind a button on a phone."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.events import facets as facets_module
from agenda.events import search
from agenda.events.facets import agenda_facets
from agenda.events.filters import AgendaFilters, parse_filters
from agenda.events.models import Place
from agenda.lib.areas import DEPARTMENTS, area

from .conftest import paris, soon
from .test_site import titles_in

# --- areas ----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "city_code, postcode, expected",
    [
        ("75056", "75015", ("75", "Île-de-France")),
        ("2A004", "20000", ("2A", "Corse")),
        ("2B033", "20200", ("2B", "Corse")),
        ("", "20000", ("2A", "Corse")),
        ("", "20600", ("2B", "Corse")),
        ("97411", "97400", ("974", "La Réunion")),
        ("", "97200", ("972", "Martinique")),
        ("97608", "", ("976", "Mayotte")),
        ("", "98000", ("", "")),
        ("", "", ("", "")),
        # A postcode is not a city code: the city code wins (Bouches-du-Rhône, not Paris).
        ("13055", "75015", ("13", "Provence-Alpes-Côte d’Azur")),
    ],
)
def test_the_area_comes_from_the_city_code_then_the_postcode(city_code, postcode, expected):
    assert area(city_code=city_code, postcode=postcode) == expected


def test_every_department_of_france_is_known_once():
    assert len(DEPARTMENTS) == 96 + 6  # metropolitan (2A and 2B for Corsica), 971 to 976


def test_a_saved_place_gets_its_area_and_follows_its_city_code(db):
    place = Place.objects.create(name="Lieu", address="1 rue X", postcode="20000", city="Ajaccio")
    place.refresh_from_db()
    assert (place.department, place.region) == ("2A", "Corse")

    place.city_code = "2B033"  # the geocoder's answer
    place.save(update_fields=["city_code"])
    place.refresh_from_db()

    assert (place.department, place.region) == ("2B", "Corse")


# --- filters and facets ---------------------------------------------------------------------


@pytest.fixture
def places(make_event):
    paris_place = Place.objects.create(name="Ségur", postcode="75015", city="Paris")
    marseille = Place.objects.create(name="Friche", postcode="13003", city="Marseille")
    lyon = Place.objects.create(name="Halle", postcode="69002", city="Lyon")
    make_event(
        "Atelier à Paris",
        start=soon(3),
        organisation="DINUM",
        audiences=("Agents publics", "Élus"),
        sessions=[
            (soon(3), None, "Matin", {"place": paris_place, "is_free": True}),
            (soon(4), None, "Soir", {"place": paris_place, "accessibility": "Accès PMR"}),
        ],
    )
    make_event(
        "Forum à Marseille",
        start=soon(5),
        audiences=("Grand public",),
        sessions=[(soon(5), None, "Forum", {"place": marseille, "is_free": True})],
    )
    make_event(
        "Webinaire",
        start=soon(6),
        attendance_mode="online",
        audiences=("Agents publics",),
        sessions=[(soon(6), None, "En ligne", {"attendance_mode": "online"})],
    )
    make_event("Passé à Lyon", start=paris(2022, 3, 1, 10), place=lyon, audiences=("Entreprises",))


def options(facet) -> dict[str, int]:
    return {option.label: option.count for option in facet.options}


def test_each_filter_offers_only_values_with_upcoming_sessions_and_their_counts(places):
    facets = agenda_facets(AgendaFilters())

    assert options(facets["region"]) == {"Île-de-France": 2, "Provence-Alpes-Côte d’Azur": 1}
    assert options(facets["departement"]) == {"13 — Bouches-du-Rhône": 1, "75 — Paris": 2}
    assert options(facets["ville"]) == {"Marseille": 1, "Paris": 2}  # not Lyon: past
    assert options(facets["mode"]) == {"En ligne": 1, "En présentiel": 3}
    assert options(facets["organisation"]) == {"DINUM": 2}
    assert options(facets["gratuit"]) == {"Gratuit": 2}
    assert list(options(facets["accessible"]).values()) == [1]
    # Sessions per audience; "Entreprises" only has a past event.
    assert options(facets["public"]) == {"Agents publics": 3, "Élus": 2, "Grand public": 1}


def test_beyond_the_limit_the_facets_count_the_next_sessions_only_and_say_so(
    places, monkeypatch, client, settings
):
    settings.CACHE_SECONDS = 0
    monkeypatch.setattr(facets_module, "FACET_LIMIT", 3)
    capped = agenda_facets(AgendaFilters())

    # Matin, Soir (Paris), Forum (Marseille): the webinar is the fourth session.
    assert options(capped["mode"]) == {"En présentiel": 3}
    assert options(capped["public"]) == {"Agents publics": 2, "Élus": 2, "Grand public": 1}
    assert all(facet.capped for facet in capped.values())
    html = client.get("/").content.decode()
    assert "Les nombres entre parenthèses comptent les 3 prochaines séances." in html

    monkeypatch.setattr(facets_module, "FACET_LIMIT", 4)
    exact = agenda_facets(AgendaFilters())

    assert options(exact["mode"]) == {"En ligne": 1, "En présentiel": 3}
    assert not any(facet.capped for facet in exact.values())
    assert "prochaines séances." not in client.get("/").content.decode()


def test_the_home_runs_the_same_queries_below_and_beyond_the_facet_limit(
    client, make_event, monkeypatch, settings
):
    settings.CACHE_SECONDS = 0
    monkeypatch.setattr(facets_module, "FACET_LIMIT", 5)

    def count() -> tuple[int, str]:
        cache.clear()
        search.refresh_stale()
        with CaptureQueriesContext(connection) as context:
            html = client.get("/").content.decode()
        return len(context.captured_queries), html

    def add(n: int) -> None:
        make_event(
            f"Atelier {n}",
            start=soon(3),
            organisation=f"Org {n % 3}",
            categories=(f"Catégorie {n % 4}",),
            tags=(f"tag {n}",),
            audiences=("Élus",),
            sessions=[(soon(3 + n % 4), None, f"Séance {n}", {"formats": [f"F{n % 2}"]})],
        )

    add(0)
    below, html = count()
    assert "prochaines séances" not in html
    for n in range(1, 40):
        add(n)
    beyond, html = count()

    assert "Les nombres entre parenthèses comptent les 5 prochaines séances." in html
    assert "Élus (5)" in html  # counted over the next five sessions
    assert beyond == below


def test_a_filter_counts_the_others_values_but_not_its_own(places):
    facets = agenda_facets(parse_filters({"region": "11"}))

    assert options(facets["region"]) == {"Île-de-France": 2, "Provence-Alpes-Côte d’Azur": 1}
    assert options(facets["ville"]) == {"Paris": 2}
    assert options(facets["gratuit"]) == {"Gratuit": 1}
    assert "en-ligne" not in {o.value for o in facets["mode"].options}


def test_a_search_counts_the_other_values_of_a_chosen_filter(places, make_event):
    segur = Place.objects.get(name="Ségur")
    make_event(
        "Forum à Paris", start=soon(7), sessions=[(soon(7), None, "Forum", {"place": segur})]
    )

    facets = agenda_facets(parse_filters({"q": "forum", "region": "93"}))

    assert options(facets["region"]) == {"Île-de-France": 1, "Provence-Alpes-Côte d’Azur": 1}
    assert options(facets["ville"]) == {"Marseille": 1}
    assert options(facets["gratuit"]) == {"Gratuit": 1}


@pytest.mark.parametrize(
    "query, expected",
    [
        ("region=11", {"Matin", "Soir"}),
        ("region=93", {"Forum"}),
        ("departement=13", {"Forum"}),
        ("ville=paris", {"Matin", "Soir"}),
        ("gratuit=oui", {"Matin", "Forum"}),
        ("accessible=oui", {"Soir"}),
        ("mode=en-ligne", {"En ligne"}),
        ("region=11&gratuit=oui", {"Matin"}),
        ("public=elus", {"Matin", "Soir"}),
        ("public=grand-public", {"Forum"}),
        ("public=agents-publics&mode=en-ligne", {"En ligne"}),
        ("public=entreprises", set()),  # its only event is over
    ],
)
def test_each_place_and_condition_filter_narrows_the_home_list(client, places, query, expected):
    assert titles_in(client.get(f"/?{query}").content.decode()) == expected


def test_the_audience_facet_counts_under_the_other_filters_and_they_under_it(places):
    facets = agenda_facets(parse_filters({"public": "agents-publics", "mode": "presentiel"}))

    assert options(facets["public"]) == {"Agents publics": 2, "Élus": 2, "Grand public": 1}
    assert options(facets["ville"]) == {"Paris": 2}  # not Marseille: for the general public
    assert options(facets["mode"]) == {"En ligne": 1, "En présentiel": 2}
    assert facets["public"].selected == "agents-publics"


def test_the_audience_filter_is_in_the_panel_with_its_counts(client, places):
    html = client.get("/?public=elus").content.decode()

    assert '<label class="fr-label" for="filtre-public">Public visé</label>' in html
    assert '<option value="elus" selected>Élus (2)</option>' in html
    assert '<option value="grand-public">Grand public (1)</option>' in html
    assert 'value="entreprises"' not in html  # no upcoming session


def test_an_unknown_audience_is_told_and_the_rest_applies(client, places):
    html = client.get("/?public=inconnu&region=93").content.decode()

    assert "« inconnu » n’est pas un public connu." in html
    assert titles_in(html) == {"Forum"}


def test_unknown_place_values_are_told_not_failed(client, places):
    html = client.get("/?region=99&departement=100&gratuit=peut-etre").content.decode()

    assert "« 99 » n’est pas un code de région connu." in html
    assert "« 100 » n’est pas un numéro de département connu." in html
    assert "seule la valeur « oui » est comprise" in html
    assert len(titles_in(html)) == 4


def test_the_panel_shows_counts_keeps_the_choices_and_sits_behind_a_button(client, places):
    html = client.get("/?region=11&gratuit=oui").content.decode()

    assert '<option value="11" selected>Île-de-France (1)</option>' in html  # free ones
    assert '<option value="93">Provence-Alpes-Côte d’Azur (1)</option>' in html
    assert '<option value="13">' not in html  # departments of the region chosen only
    assert 'name="gratuit" value="oui" checked' in html
    assert re.search(r'<details class="agenda-filters-panel[^"]*">\s*<summary', html)
    assert "<script" not in html.split("<details", 1)[1].split("</details>", 1)[0]


def test_the_feeds_and_the_api_read_the_same_place_filters(client, places):
    api = client.get("/api/events?region=93").json()

    assert [event["title"] for event in api["results"]] == ["Forum à Marseille"]
    for_elected = client.get("/api/events?public=elus").json()["results"]
    assert [event["title"] for event in for_elected] == ["Atelier à Paris"]
    assert for_elected[0]["audiences"] == [
        {"name": "Agents publics", "slug": "agents-publics"},
        {"name": "Élus", "slug": "elus"},
    ]
    feed = client.get("/agenda.ics?public=grand-public").content.decode()
    assert feed.count("BEGIN:VEVENT") == 1 and "SUMMARY:Forum" in feed


def test_the_home_runs_the_same_queries_for_one_or_thirty_places(client, make_event):
    def count() -> int:
        cache.clear()
        search.refresh_stale()
        with CaptureQueriesContext(connection) as context:
            client.get("/?region=11&gratuit=oui&ville=paris")
        return len(context.captured_queries)

    def add(n: int) -> None:
        place = Place.objects.create(name=f"Salle {n}", postcode=f"{75001 + n % 20}", city="Paris")
        make_event(
            f"Atelier {n}",
            start=soon(3),
            organisation=f"Org {n % 3}",
            tags=(f"tag {n}",),
            sessions=[(soon(3 + n % 4), None, "Séance", {"place": place, "is_free": True})],
        )

    add(0)
    with_one = count()
    for n in range(1, 30):
        add(n)

    assert count() == with_one


def test_the_list_filtered_by_audience_runs_the_same_queries_for_one_or_thirty_events(
    client, make_event
):
    audiences = ("Agents publics", "Élus", "Grand public", "Entreprises")

    def count() -> tuple[int, set[str]]:
        cache.clear()
        search.refresh_stale()
        with CaptureQueriesContext(connection) as context:
            html = client.get("/?public=agents-publics&gratuit=oui").content.decode()
        return len(context.captured_queries), titles_in(html)

    def add(n: int) -> None:
        make_event(
            f"Atelier {n}",
            start=soon(3),
            organisation=f"Org {n % 3}",
            audiences=(audiences[n % 4], audiences[(n + 1) % 4]),
            sessions=[(soon(3 + n % 4), None, f"Séance {n}", {"is_free": True})],
        )

    add(0)
    with_one, listed = count()
    assert listed == {"Séance 0"}
    for n in range(1, 30):
        add(n)
    with_thirty, listed = count()

    # For public agents: n % 4 == 0 or (n + 1) % 4 == 0, 15 events, all on the first page.
    assert len(listed) == 15 and "Séance 3" in listed and "Séance 1" not in listed
    assert with_thirty == with_one


def test_facets_are_kept_until_the_content_changes(places, settings):
    from agenda.events.facets import cached_facets
    from agenda.lib import content_version

    settings.CACHE_SECONDS = 60
    cache.clear()
    first = cached_facets(AgendaFilters())
    with CaptureQueriesContext(connection) as again:
        assert cached_facets(AgendaFilters()) == first
    content_version.bump()  # what a committed change does
    with CaptureQueriesContext(connection) as after_change:
        cached_facets(AgendaFilters())

    assert len(again.captured_queries) == 0
    # The next sessions (are there more than FACET_LIMIT?), the combinations, one per label.
    assert len(after_change.captured_queries) == 6
