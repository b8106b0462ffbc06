"""The public site: lists, filters, pagination, the event page, query counts, French dates."""

import datetime as dt
import json
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from agenda.events import search
from agenda.events.models import PARIS, Event, Image, InfoField, Place, Session

pytestmark = pytest.mark.django_db


def paris(*args: int) -> dt.datetime:
    # A copy of conftest's helper: importing it depends on whether tests/ is a package.
    return dt.datetime(*args, tzinfo=PARIS)


def soon(days: int, hour: int = 14, minute: int = 0) -> dt.datetime:
    """A Paris wall-clock moment `days` after today (real time, so the lists call it upcoming)."""
    today = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)
    return dt.datetime(today.year, today.month, today.day, hour, minute, tzinfo=PARIS)


def day_section(html: str, day: dt.date) -> str:
    """The HTML of the day group of `day` on a list page ('' when absent)."""
    start = html.find(f'id="jour-{day.isoformat()}"')
    if start < 0:
        return ""
    end = html.find("<section", start)
    return html[start : end if end > 0 else len(html)]


def titles_in(html: str) -> set[str]:
    return {
        re.sub(r"</?mark>", "", title).strip()
        for title in re.findall(r'<h3 class="fr-card__title">\s*<a[^>]*>(.+?)</a>', html)
    }


def freeze(monkeypatch, moment: dt.datetime) -> None:
    monkeypatch.setattr(timezone, "now", lambda: moment)


# --- home ----------------------------------------------------------------------------------


def test_home_lists_an_upcoming_session_under_its_french_day_heading(client, make_event):
    start = soon(10, 16, 15)
    make_event("Meetup des communs", sessions=[(start, start + dt.timedelta(hours=2), "Lancement")])

    html = client.get("/").content.decode()

    section = day_section(html, start.date())
    assert "Lancement" in section
    assert "16\u00a0h\u00a015 – 18\u00a0h\u00a015" in section
    assert "Meetup des communs" in section  # the event a session belongs to is named


def test_home_shows_the_event_title_for_a_whole_event_session(client, make_event):
    make_event("Exposition sans programme", start=soon(5, 9))

    html = client.get("/").content.decode()

    assert "Exposition sans programme" in titles_in(html)


def test_home_hides_drafts_past_sessions_and_past_events(client, make_event):
    make_event("Brouillon secret", start=soon(3), status=Event.Status.DRAFT)
    make_event("Événement terminé", start=paris(2020, 5, 4, 10))
    make_event(
        "Cycle en cours",
        start=soon(-20),
        end=soon(20),
        sessions=[(soon(-10), None, "Séance d’hier"), (soon(10), None, "Séance de demain")],
    )

    titles = titles_in(client.get("/").content.decode())

    assert titles == {"Séance de demain"}


def test_home_puts_an_ongoing_event_under_today(client, make_event):
    make_event("Exposition en cours", start=soon(-3, 0, 0), end=soon(3, 0, 0))

    html = client.get("/").content.decode()

    today = timezone.localtime(timezone.now(), PARIS).date()
    assert "Exposition en cours" in day_section(html, today)


def test_pages_have_french_titles_one_h1_and_skip_links(client, make_event):
    event = make_event("Atelier unique", start=soon(4))
    for url, title in [
        ("/", "À venir — Agenda public"),
        ("/passes/", "Événements passés — Agenda public"),
        (event.get_absolute_url(), "Atelier unique — Agenda public"),
        ("/accessibilite/", "Déclaration d’accessibilité — Agenda public"),
        ("/plan-du-site/", "Plan du site — Agenda public"),
    ]:
        html = client.get(url).content.decode()
        assert '<html lang="fr"' in html
        assert f"<title>{title}</title>" in html
        assert len(re.findall(r"<h1[ >]", html)) == 1, url
        assert 'href="#content"' in html and 'href="#navigation"' in html
        assert 'id="content"' in html and 'id="navigation"' in html
        assert "Accessibilité&nbsp;: non conforme" in html
        assert "Mois de l’innovation publique" in html


# --- past ----------------------------------------------------------------------------------


def test_past_page_lists_past_events_most_recent_first(client, make_event):
    make_event("Rencontre de 2021", start=paris(2021, 11, 3, 10))
    make_event("Rencontre de 2023", start=paris(2023, 11, 3, 10))
    make_event("Rencontre à venir", start=soon(8))
    make_event("Brouillon passé", start=paris(2022, 1, 3, 10), status=Event.Status.DRAFT)

    html = client.get("/passes/").content.decode()

    assert html.index("Rencontre de 2023") < html.index("Rencontre de 2021")
    assert "Novembre 2023" in html
    assert "Rencontre à venir" not in html
    assert "Brouillon passé" not in html
    assert "Le vendredi 3 novembre 2023 à 10\u00a0h" in html


# --- filters -------------------------------------------------------------------------------


@pytest.fixture
def varied(make_event):
    """Four upcoming events that differ in one way each."""
    make_event(
        "Webinaire données",
        start=soon(3),
        categories=("Webinaire",),
        tags=("open data",),
        organisation="Etalab",
        attendance_mode="online",
        sessions=[(soon(3), None, "Ouvrir ses données", {"formats": ["Webinaire"]})],
    )
    make_event(
        "Atelier design",
        start=soon(6),
        categories=("Atelier",),
        tags=("design",),
        organisation="Lab Ouest",
        sessions=[(soon(6), None, "Prototyper un accueil", {"formats": ["Atelier"]})],
    )
    make_event(
        "Hackathon accessibilité",
        start=soon(12),
        categories=("Hackathon",),
        tags=("RGAA",),
        organisation="Réseau Sud",
        sessions=[(soon(12), None, "Réparer des formulaires", {"formats": ["Hackathon"]})],
    )


@pytest.mark.parametrize(
    "query, expected",
    [
        ("categorie=atelier", {"Prototyper un accueil"}),
        ("etiquette=rgaa", {"Réparer des formulaires"}),
        ("format=webinaire", {"Ouvrir ses données"}),
        ("organisation=lab-ouest", {"Prototyper un accueil"}),
        ("mode=en-ligne", {"Ouvrir ses données"}),
        ("mode=presentiel", {"Prototyper un accueil", "Réparer des formulaires"}),
        ("q=hackathon", {"Réparer des formulaires"}),
        ("q=accueil", {"Prototyper un accueil"}),
    ],
)
def test_each_filter_narrows_the_home_list(client, varied, query, expected):
    html = client.get(f"/?{query}").content.decode()

    assert titles_in(html) == expected


def test_date_filters_narrow_the_home_list(client, varied):
    du, au = soon(5).date().isoformat(), soon(7).date().isoformat()

    assert titles_in(client.get(f"/?du={du}").content.decode()) == {
        "Prototyper un accueil",
        "Réparer des formulaires",
    }
    assert titles_in(client.get(f"/?au={au}").content.decode()) == {
        "Ouvrir ses données",
        "Prototyper un accueil",
    }
    assert titles_in(client.get(f"/?du={du}&au={au}").content.decode()) == {"Prototyper un accueil"}


def test_filters_also_narrow_the_past_page(client, make_event):
    make_event("Vieux webinaire", start=paris(2022, 3, 1, 10), categories=("Webinaire",))
    make_event("Vieil atelier", start=paris(2022, 3, 2, 10), categories=("Atelier",))

    html = client.get("/passes/?categorie=atelier").content.decode()

    assert titles_in(html) == {"Vieil atelier"}


def test_the_filter_form_keeps_the_chosen_values(client, varied):
    html = client.get("/?categorie=atelier&mode=en-ligne&q=accueil").content.decode()

    # Facets: each value with its upcoming sessions under the other filters.
    assert '<option value="atelier" selected>Atelier (0)</option>' in html
    assert '<option value="en-ligne" selected>En ligne (0)</option>' in html
    assert 'name="q" value="accueil"' in html
    assert '<label class="fr-label" for="filtre-categorie">Catégorie</label>' in html


def test_invalid_filter_values_give_a_french_alert_not_an_error(client, varied):
    response = client.get("/?du=2023-13-45&categorie=inconnue&mode=velo&page=abc")

    html = response.content.decode()
    assert response.status_code == 200
    assert "fr-alert" in html
    assert "La date « 2023-13-45 » n’est pas valide" in html
    assert "« inconnue » n’est pas une catégorie connue" in html
    assert "Le mode « velo » est inconnu" in html
    assert len(titles_in(html)) == 3  # the invalid filters are ignored, not applied


def test_invalid_filter_values_on_the_past_page_are_answered_too(client):
    response = client.get("/passes/?au=demain&etiquette=nope")

    assert response.status_code == 200
    assert "La date « demain » n’est pas valide" in response.content.decode()


# --- pagination ----------------------------------------------------------------------------


@pytest.fixture
def many_sessions(make_event):
    sessions = [(soon(2 + i // 4, 9 + i % 4), None, f"Séance numéro {i:02d}") for i in range(35)]
    return make_event("Semaine chargée", start=soon(2), end=soon(12), sessions=sessions)


def test_the_home_list_is_paginated_by_thirty_sessions(client, many_sessions):
    first = client.get("/").content.decode()
    second = client.get("/page/2/").content.decode()

    assert len(titles_in(first)) == 30
    assert titles_in(second) == {f"Séance numéro {i:02d}" for i in range(30, 35)}
    assert client.get("/?page=2").content.decode() == second  # links made before still work
    assert "page 1 sur 2" in first
    assert '<nav role="navigation" class="fr-pagination' in first
    assert 'href="/page/2/"' in first  # a path: a published file


def test_pagination_links_keep_the_filters(client, many_sessions):
    html = client.get("/?q=chargée").content.decode()

    assert 'href="?q=charg%C3%A9e&amp;page=2"' in html


@pytest.mark.parametrize("page, expected_first", [("abc", 0), ("999", 30), ("-1", 30), ("0", 30)])
def test_a_bad_page_number_gives_a_valid_page(client, many_sessions, page, expected_first):
    response = client.get(f"/?page={page}")

    assert response.status_code == 200
    assert f"Séance numéro {expected_first:02d}" in response.content.decode()


# --- feeds links ---------------------------------------------------------------------------


def test_home_offers_ics_webcal_and_atom_links_for_the_filtered_list(client, varied):
    html = client.get("/?categorie=atelier").content.decode()
    ics = reverse("ics_agenda")

    assert f'href="{ics}?categorie=atelier"' in html
    assert f'href="webcal://testserver{ics}?categorie=atelier"' in html
    assert "S’abonner (ICS)" in html
    assert f'href="{reverse("atom_agenda")}?categorie=atelier"' in html


# --- event page ----------------------------------------------------------------------------


@pytest.fixture
def rich_event(make_event):
    place = Place.objects.create(
        name="Les Champs Libres",
        address="10 cours des Alliés",
        postcode="35000",
        city="Rennes",
        access=[{"type": "Métro", "lignes": [{"nom": "Ligne a - Charles de Gaulle"}]}],
    )
    event = make_event(
        "Rencontres des laboratoires",
        start=paris(2037, 11, 2),
        end=paris(2037, 11, 30),
        has_start_time=False,
        has_end_time=False,
        chapeau="Les laboratoires **ouvrent** leurs ateliers.",
        body_html="<p>Un mois de <strong>rencontres</strong>.</p>",
        place=place,
        place_label="Les Champs Libres, Rennes",
        categories=("Rencontre",),
        tags=("design",),
        audiences=("Élus", "Agents publics"),
        problems=[
            {
                "path": "_posts/rencontres.md",
                "line": 12,
                "code": "hour-unreadable",
                "message": "Horaire illisible : « 9h-midi et demi »",
                "severity": "warning",
            }
        ],
        sessions=[
            (
                paris(2037, 11, 3, 16, 15),
                paris(2037, 11, 3, 18, 15),
                "Atelier de prototypage",
                {
                    "formats": ["Atelier"],
                    "description_html": "<p>On dessine un accueil unique.</p>",
                    "accessibility": "Salle accessible en fauteuil roulant",
                    "is_free": True,
                    "registration_url": "https://inscriptions.example.org/atelier",
                },
            ),
            (
                paris(2037, 11, 10, 10),
                paris(2037, 11, 10, 12),
                "Table ronde annulée",
                {"status": Session.Status.CANCELLED},
            ),
        ],
    )
    Image.objects.create(event=event, path="/uploads/demo/bandeau.png", alt="Bandeau orange")
    InfoField.objects.create(
        event=event, position=0, label="Inscription", content="Gratuite", link="https://ex.org/i"
    )
    InfoField.objects.create(event=event, position=1, label="Public", content="Agents *publics*")
    return event


def test_event_page_shows_banner_dates_body_and_chapeau(client, rich_event):
    html = client.get(rich_event.get_absolute_url()).content.decode()

    assert (
        '<img class="fr-responsive-img" src="/uploads/demo/bandeau.png" alt="Bandeau orange">'
        in html
    )
    assert "<h1" in html and "Rencontres des laboratoires</h1>" in html
    assert "Les laboratoires <strong>ouvrent</strong> leurs ateliers." in html
    assert "Du lundi 2 au lundi 30 novembre 2037" in html
    assert "<p>Un mois de <strong>rencontres</strong>.</p>" in html


def test_editors_headings_are_renumbered_to_fit_under_the_title(client, make_event):
    event = make_event(
        "Titres en désordre",
        body_html="<h3>Au programme</h3><p>x</p><h5>Détail</h5><h3>Accès</h3>",
        sessions=[(soon(3), None, "Séance", {"description_html": "<h2>Ordre du jour</h2>"})],
    )

    html = client.get(event.get_absolute_url()).content.decode()

    assert "<h2>Au programme</h2><p>x</p><h3>Détail</h3><h2>Accès</h2>" in html
    assert "<h5>Ordre du jour</h5>" in html


def test_a_banner_without_alt_text_is_decorative(client, make_event):
    event = make_event("Sans alternative", start=soon(3))
    Image.objects.create(event=event, path="https://cdn.example.org/x.png", alt="")

    html = client.get(event.get_absolute_url()).content.decode()

    assert '<img class="fr-responsive-img" src="https://cdn.example.org/x.png" alt="">' in html
    assert '<meta property="og:image" content="https://cdn.example.org/x.png">' in html


def test_event_page_lists_the_programme_with_anchors_and_details(client, rich_event):
    html = client.get(rich_event.get_absolute_url()).content.decode()
    first, cancelled = rich_event.sessions.order_by("starts_at")

    assert f'id="{first.anchor}"' in html and f'id="{cancelled.anchor}"' in html
    assert "Mardi 3 novembre 2037" in html
    assert "16\u00a0h\u00a015 – 18\u00a0h\u00a015" in html
    assert '<p class="fr-tag fr-tag--sm">Atelier</p>' in html
    assert "<p>On dessine un accueil unique.</p>" in html
    assert "Salle accessible en fauteuil roulant" in html
    assert "Gratuit" in html
    assert 'href="https://inscriptions.example.org/atelier"' in html
    assert "fr-badge--error" in html and "Annulée" in html


def test_event_page_offers_add_to_my_calendar_links(client, rich_event):
    html = client.get(rich_event.get_absolute_url()).content.decode()

    for session in rich_event.sessions.all():
        assert f'href="{reverse("ics_session", kwargs={"uid": session.uid})}"' in html
    assert html.count("Ajouter à mon agenda") == 2


def test_event_page_shows_practical_information(client, rich_event):
    html = client.get(rich_event.get_absolute_url()).content.decode()

    assert "Informations pratiques" in html
    assert "10 cours des Alliés" in html and "35000 Rennes" in html
    assert "Métro&nbsp;: Ligne a - Charles de Gaulle" in html
    assert (
        '<strong>Inscription</strong>&nbsp;: <a href="https://ex.org/i" rel="noopener">Gratuite</a>'
        in html
    )
    assert "Agents <em>publics</em>" in html
    assert 'href="/?categorie=rencontre"' in html and "#design" in html
    who = html.split('<h3 class="fr-h6 fr-mb-1w">Pour qui</h3>', 1)[1].split("</ul>", 1)[0]
    assert re.findall(r'<a class="fr-tag" href="(/\?public=[^"]+)">([^<]+)<', who) == [
        ("/?public=agents-publics", "Agents publics"),
        ("/?public=elus", "Élus"),
    ]


def test_event_page_carries_opengraph_and_json_ld(client, rich_event, settings):
    settings.SITE_URL = "https://agenda.example.gouv.fr"
    rich_event.title = "Titre avec </script><script>alert(1)</script>"
    rich_event.save()

    html = client.get(rich_event.get_absolute_url()).content.decode()

    assert '<meta property="og:title" content="Titre avec &lt;/script&gt;' in html
    assert (
        '<meta property="og:description" content="Les laboratoires ouvrent leurs ateliers.">'
        in html
    )
    assert (
        '<meta property="og:image" content="https://agenda.example.gouv.fr/uploads/demo/bandeau.png">'
        in html
    )
    assert f'content="https://agenda.example.gouv.fr{rich_event.get_absolute_url()}"' in html
    match = re.search(r'<script type="application/ld\+json">(.*?)</script>', html, re.S)
    assert match is not None, "the event page carries its JSON-LD"
    assert "\\u003c/script>" in match.group(1)
    data = json.loads(match.group(1))
    assert data["name"] == rich_event.title
    assert "<script>alert(1)" not in html


def test_staff_sees_import_problems_and_the_public_does_not(client, rich_event, django_user_model):
    assert "Horaire illisible" not in client.get(rich_event.get_absolute_url()).content.decode()

    staff = django_user_model.objects.create_user("redaction", password="x", is_staff=True)
    client.force_login(staff)
    html = client.get(rich_event.get_absolute_url()).content.decode()

    assert "Problèmes détectés à l’import" in html
    assert "Horaire illisible : « 9h-midi et demi »" in html
    assert "ligne 12" in html and "hour-unreadable" in html
    assert f'href="/admin/events/event/{rich_event.pk}/change/"' in html


def test_unknown_or_unpublished_events_are_not_found(client, make_event):
    draft = make_event("Brouillon", status=Event.Status.DRAFT)

    assert client.get("/evenements/nexiste-pas/").status_code == 404
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_one_day_event_with_hours_reads_as_a_french_sentence(client, make_event):
    event = make_event("Meetup", start=paris(2023, 11, 3, 16, 15), end=paris(2023, 11, 3, 18, 15))

    html = client.get(event.get_absolute_url()).content.decode()

    assert "Le vendredi 3 novembre 2023 de 16\u00a0h\u00a015 à 18\u00a0h\u00a015" in html


# --- daylight saving time ------------------------------------------------------------------


def test_sessions_around_clock_changes_show_paris_hours_under_the_right_day(
    client, make_event, monkeypatch
):
    freeze(monkeypatch, paris(2023, 10, 1, 12))
    make_event(
        "Saison d’automne et de printemps",
        start=paris(2023, 10, 29, 0, 30),
        end=paris(2024, 3, 31, 12),
        sessions=[
            (paris(2023, 10, 29, 0, 30), None, "Nuit du changement d’heure"),  # 22:30 UTC the 28th
            (paris(2023, 10, 29, 10), paris(2023, 10, 29, 11), "Matin d’hiver"),
            (paris(2024, 3, 31, 0, 30), None, "Veille de l’heure d’été"),  # 23:30 UTC the 30th
            (paris(2024, 3, 31, 10), paris(2024, 3, 31, 11), "Matin d’été"),
        ],
    )

    home = client.get("/").content.decode()
    october, march = (
        day_section(home, dt.date(2023, 10, 29)),
        day_section(home, dt.date(2024, 3, 31)),
    )

    assert "Dimanche 29 octobre 2023" in october
    assert "10\u00a0h – 11\u00a0h" in october and "Matin d’hiver" in october
    assert "À partir de 0\u00a0h\u00a030" in october and "Nuit du changement d’heure" in october
    assert "Dimanche 31 mars 2024" in march
    assert "10\u00a0h – 11\u00a0h" in march and "Matin d’été" in march
    assert "Veille de l’heure d’été" in march
    assert not day_section(home, dt.date(2023, 10, 28))
    assert not day_section(home, dt.date(2024, 3, 30))


def test_the_event_programme_groups_sessions_by_paris_day_across_clock_changes(client, make_event):
    event = make_event(
        "Saison",
        start=paris(2023, 10, 29, 10),
        sessions=[
            (paris(2023, 10, 29, 10), None, "Matin d’hiver"),
            (paris(2024, 3, 31, 10), None, "Matin d’été"),
        ],
    )

    page = client.get(event.get_absolute_url()).content.decode()
    html = page[page.index('id="programme"') :]

    winter = html.index("Dimanche 29 octobre 2023")
    summer = html.index("Dimanche 31 mars 2024")
    assert winter < html.index("Matin d’hiver") < summer < html.index("Matin d’été")
    assert 'datetime="2023-10-29T10:00:00+01:00"' in html
    assert 'datetime="2024-03-31T10:00:00+02:00"' in html
    assert html.count("À partir de 10\u00a0h") == 2


# --- query counts --------------------------------------------------------------------------


def populate(make_event, count: int) -> None:
    for n in range(count):
        make_event(
            f"Événement {n}",
            start=soon(3 + n % 5, 9),
            end=soon(4 + n % 5, 18),
            categories=("Atelier", f"Catégorie {n % 3}"),
            tags=("design", f"étiquette {n % 4}"),
            audiences=("Élus", f"Public {n % 3}"),
            organisation=f"Organisation {n % 2}",
            sessions=[
                (soon(3 + n % 5, 9), soon(3 + n % 5, 11), f"Matin {n}", {"formats": ["Atelier"]}),
                (soon(4 + n % 5, 14), None, f"Après-midi {n}", {"formats": ["Meetup", "Démo"]}),
            ],
        )
        make_event(
            f"Passé {n}",
            start=paris(2022, 1 + n % 12, 1 + n % 27, 10),
            categories=("Atelier",),
            audiences=("Élus",),
        )


def count_queries(client, url: str) -> int:
    cache.clear()  # count the queries of a page built, not served from the cache
    search.refresh_stale()  # the index as a commit leaves it (the test never commits)
    with CaptureQueriesContext(connection) as context:
        response = client.get(url)
    assert response.status_code == 200
    return len(context.captured_queries)


LIST_URLS = [
    "/",
    "/passes/",
    "/?categorie=atelier&format=meetup&mode=presentiel&q=evenement",
    "/?public=elus&categorie=atelier",
    "/passes/?public=elus",
]


@pytest.mark.parametrize("url", LIST_URLS)
def test_list_pages_run_the_same_queries_for_one_or_thirty_events(client, make_event, url):
    populate(make_event, 1)
    with_one = count_queries(client, url)
    populate(make_event, 29)
    with_thirty = count_queries(client, url)

    assert with_one == with_thirty
    assert with_thirty <= 18  # the home's facets: one grouped count per filter


def test_event_page_runs_the_same_queries_for_one_or_ten_sessions(client, make_event):
    def event_with(sessions: int) -> Event:
        event = make_event(
            f"Programme de {sessions}",
            start=soon(3),
            categories=("Atelier",),
            tags=("design",),
            audiences=("Élus", "Grand public"),
            organisation="Lab",
            sessions=[
                (soon(3, 9 + n), None, f"Séance {n}", {"formats": ["Atelier", "Démo"]})
                for n in range(sessions)
            ],
        )
        Image.objects.create(event=event, path="/uploads/x.png", alt="x")
        InfoField.objects.create(event=event, label="Public", content="Tous")
        return event

    small, large = event_with(1), event_with(10)

    assert count_queries(client, small.get_absolute_url()) == count_queries(
        client, large.get_absolute_url()
    )


# --- accessibility statement, admin --------------------------------------------------------


def test_accessibility_statement_is_honest(client):
    html = client.get("/accessibilite/").content.decode()

    assert "<strong>non conforme</strong>" in html
    assert "RGAA" in html and "4.1" in html
    assert "axe-core" in html
    assert "aucun audit" in html
    assert "Défenseur des droits" in html
    assert 'aria-current="page">Accessibilité&nbsp;: non conforme</a>' in html


def test_the_admin_shows_an_event_with_its_problems_read_only(
    client, rich_event, django_user_model
):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "x")
    client.force_login(admin)

    html = client.get(f"/admin/events/event/{rich_event.pk}/change/").content.decode()

    assert "Horaire illisible" in html
    assert 'name="problems"' not in html
    assert "Atelier de prototypage" in html  # sessions inline
    assert "Bandeau orange" in html  # images inline


@pytest.mark.parametrize(
    "model",
    [
        "event",
        "session",
        "place",
        "category",
        "tag",
        "format",
        "audience",
        "organisation",
        "image",
        "infofield",
        "programme",
    ],
)
def test_every_model_has_an_admin_list_and_form(client, rich_event, django_user_model, model):
    admin = django_user_model.objects.create_superuser("admin", "a@example.org", "x")
    client.force_login(admin)

    assert client.get(f"/admin/events/{model}/").status_code == 200
    assert client.get(f"/admin/events/{model}/add/").status_code == 200


def test_an_unknown_event_gets_a_french_not_found_page(client, db):
    response = client.get("/evenements/nexiste-pas/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "Page non trouvée" in html and 'lang="fr"' in html
    assert 'href="/"' in html


def test_anonymous_visitors_share_a_cached_page_until_content_changes(
    client, make_event, django_capture_on_commit_callbacks, settings
):
    settings.CACHE_SECONDS = 60
    event = make_event("Atelier mis en cache", start=paris(2030, 1, 8, 10))
    assert "Atelier mis en cache" in client.get("/").content.decode()
    with CaptureQueriesContext(connection) as context:
        cached = client.get("/")
    assert len(context.captured_queries) == 0
    assert "max-age=" in cached["Cache-Control"]

    with django_capture_on_commit_callbacks(execute=True):
        event.title = "Atelier renommé"
        event.save()
    assert "Atelier renommé" in client.get("/").content.decode()


def test_a_visitor_with_a_session_never_gets_the_shared_copy(
    client, make_event, admin_user, settings
):
    settings.CACHE_SECONDS = 60
    make_event("Atelier du staff", start=paris(2030, 1, 8, 10))
    client.get("/")  # fills the anonymous copy
    client.force_login(admin_user)
    with CaptureQueriesContext(connection) as context:
        client.get("/")
    assert len(context.captured_queries) > 0


def test_a_form_posted_without_its_csrf_token_gets_a_french_explanation(db):
    from django.test import Client

    response = Client(enforce_csrf_checks=True).post("/compte/connexion/", {"email": "a@b.fr"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "Formulaire expiré" in html and "Agenda public" in html


def test_the_agenda_calendar_is_cached_for_anonymous_readers(client, make_event, settings):
    settings.CACHE_SECONDS = 60
    make_event("Atelier en calendrier", start=paris(2030, 1, 8, 10))
    first = client.get("/agenda.ics")
    with CaptureQueriesContext(connection) as context:
        again = client.get("/agenda.ics")
    assert len(context.captured_queries) == 0
    assert again.content == first.content and b"Atelier en calendrier" in again.content


def test_a_very_large_agenda_is_counted_up_to_a_cap(client, make_event, monkeypatch):
    from agenda.events import queries

    monkeypatch.setattr(queries, "COUNT_CAP", 3)
    for day in range(1, 6):
        make_event(f"Atelier {day}", start=paris(2030, 1, day, 10))
    html = client.get("/").content.decode()
    assert "Plus de 3 séances" in html
    monkeypatch.setattr(queries, "COUNT_CAP", 3000)
    assert "5 séances" in client.get("/").content.decode()
    assert "Atelier 1" in html and "Atelier 5" in html  # the page itself is not capped


def test_large_numbers_are_written_the_french_way():
    from agenda.site.templatetags.agenda_tags import nombre_fr

    assert (nombre_fr(3000), nombre_fr(12), nombre_fr(1234567)) == (
        "3\u202f000",
        "12",
        "1\u202f234\u202f567",
    )
