"""Search: the normaliser, the contract both engines keep, the index kept in step with every
write, ranking, highlighting and the number of queries of a search."""

import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.events import queries, search
from agenda.events.filters import AgendaFilters, filter_events, parse_filters
from agenda.events.models import Event, Organisation, Place, SearchEntry, Tag
from agenda.events.sessions import write_session
from agenda.exchange.services import import_paths
from agenda.lib.searchtext import index_text, parse_query, words

from .conftest import paris, soon
from .test_site import titles_in

# --- the normaliser -------------------------------------------------------------------------


def test_words_are_folded_and_stop_words_left_out():
    assert words("Les DONNÉES de l’État, œuvres") == ["donnees", "etat", "oeuvres"]


def test_a_plural_and_its_singular_have_one_stem():
    assert index_text("ateliers").split()[0] == index_text("atelier").split()[0]


def test_a_question_ending_with_a_space_has_no_prefix():
    assert parse_query("données ").prefix == ""
    assert parse_query("donn").prefix == "donn"


def test_a_question_of_stop_words_only_looks_for_nothing():
    assert not parse_query("de la, et les !")


def test_the_last_word_stays_last_when_it_repeats_an_earlier_one():
    query = parse_query("atelier données atelier")
    assert query.stems[-1] == parse_query("atelier").stems[0]


# --- the contract: the same events for the same questions, on every engine -----------------


@pytest.fixture
def programme(make_event):
    marseille = Place.objects.create(name="Friche", address="41 rue Jobin", city="Marseille")
    make_event(
        "Ouvrir ses données publiques",
        chapeau="Une matinée sur l’open data.",
        start=soon(5),
        organisation="Etalab",
        tags=("open data",),
    )
    make_event(
        "Café de l’innovation",
        start=soon(6),
        place=marseille,
        sessions=[(soon(6), None, "Atelier de design", {"description": "Prototyper ensemble."})],
    )
    make_event(
        "Ateliers numériques",
        body="Nous parlerons de la **donnée** et des algorithmes.",
        start=soon(7),
        organisation="DINUM",
    )
    make_event(
        "Forum des achats",
        start=soon(8),
        sessions=[(soon(8), None, "Table ronde", {"formats": ["Webinaire"]})],
    )


CONTRACT = [
    ("donnees", {"Ouvrir ses données publiques", "Ateliers numériques"}),
    ("DONNÉES", {"Ouvrir ses données publiques", "Ateliers numériques"}),
    ("donnée", {"Ouvrir ses données publiques", "Ateliers numériques"}),
    ("ateliers", {"Café de l’innovation", "Ateliers numériques"}),
    ("atel", {"Café de l’innovation", "Ateliers numériques"}),
    ("Marseille", {"Café de l’innovation"}),
    ("marseil", {"Café de l’innovation"}),
    ("prototyper", {"Café de l’innovation"}),
    ("etalab", {"Ouvrir ses données publiques"}),
    ("open data", {"Ouvrir ses données publiques"}),
    ("webinaire", {"Forum des achats"}),
    ("achats table", {"Forum des achats"}),
    ("algorithme", {"Ateliers numériques"}),
    ("données marseille", set()),
    ("zzz", set()),
    ("l'innovation", {"Café de l’innovation"}),
]


@pytest.mark.parametrize("question, expected", CONTRACT)
def test_a_question_finds_the_same_events_on_every_engine(programme, question, expected):
    found = Event.objects.filter(pk__in=search.ranked_ids(question))

    assert {event.title for event in found} == expected, connection.vendor


@pytest.mark.parametrize("question, expected", CONTRACT)
def test_the_results_page_finds_the_same_events_on_every_engine(programme, question, expected):
    found = queries.found_events(AgendaFilters(q=question))

    assert set(titles(found.event_ids)) == expected, connection.vendor


def test_the_agenda_filter_uses_the_same_search(programme):
    events = filter_events(Event.objects.all(), AgendaFilters(q="DONNEES"))

    assert {e.title for e in events} == {"Ouvrir ses données publiques", "Ateliers numériques"}


def test_a_question_without_words_filters_nothing(programme):
    assert filter_events(Event.objects.all(), AgendaFilters(q="de la")).count() == 4


@pytest.mark.parametrize("listed", [20, 2])
def test_a_word_being_typed_finds_every_written_word_it_begins_listed_or_not(
    make_event, monkeypatch, listed
):
    # SQLite writes out the index's words beginning so, up to MAX_COMPLETIONS; beyond, a prefix.
    monkeypatch.setattr(search, "MAX_COMPLETIONS", listed)
    for title in ("Numérique", "Numériques responsables", "Numérisation", "Numéro vert", "Nuit"):
        make_event(title, start=soon(3))

    assert found("numér") == {"Numérique", "Numériques responsables", "Numérisation", "Numéro vert"}
    assert found("numériq") == {"Numérique", "Numériques responsables"}
    assert found("numérique ") == {"Numérique", "Numériques responsables"}  # its stem
    assert found("numérot") == set()


def test_results_are_ranked_title_before_body(make_event):
    make_event("Une rencontre", body="On y parlera aussi de cybersécurité.", start=soon(3))
    make_event("Cybersécurité : la journée cybersécurité", start=soon(4))

    ranked = [Event.objects.get(pk=pk).title for pk in search.ranked_ids("cybersécurité")]

    assert ranked == ["Cybersécurité : la journée cybersécurité", "Une rencontre"]


# --- the index in step with every write ------------------------------------------------------


def found(question: str) -> set[str]:
    return set(
        Event.objects.filter(pk__in=search.ranked_ids(question)).values_list("title", flat=True)
    )


def test_an_import_indexes_its_pages_in_bulk_and_a_reimport_updates_them(db, tmp_path):
    page = """---
title: Rencontre sur la sobriété
date: 2026-11-20 10:00:00 +0100
---
Programme à Lille.
"""
    (tmp_path / "2026-11-20-sobriete.md").write_text(page)
    (tmp_path / "2026-11-21-autre.md").write_text(page.replace("sobriété", "frugalité"))
    import_paths([tmp_path])
    assert found("lille") == {"Rencontre sur la sobriété", "Rencontre sur la frugalité"}

    (tmp_path / "2026-11-20-sobriete.md").write_text(page.replace("Lille", "Nantes"))
    import_paths([tmp_path])

    assert found("lille") == {"Rencontre sur la frugalité"}
    assert found("nantes") == {"Rencontre sur la sobriété"}


def test_a_session_written_by_the_session_writer_is_searchable(make_event):
    event = make_event("Journée", start=soon(3), sessions=[(soon(3), None, "Accueil", {})])
    write_session(session=event.sessions.get(), fields={"title": "Hackathon des communs"})

    assert found("hackathon") == {"Journée"}


def test_tags_places_and_organisations_changed_later_are_found(make_event):
    place = Place.objects.create(name="Salle A", city="Brest")
    event = make_event("Journée", start=soon(3), place=place, organisation="Lab")
    event.tags.add(Tag.objects.create(name="Sobriété", slug="sobriete"))
    place.city = "Quimper"
    place.save()
    organisation = Organisation.objects.get(name="Lab")
    organisation.name = "Laboratoire d’innovation"
    organisation.save()

    assert found("sobriete") == found("quimper") == found("laboratoire") == {"Journée"}
    assert found("brest") == set()


def test_a_deleted_event_leaves_the_index(make_event):
    event = make_event("Journée de la donnée", start=soon(3))
    assert found("donnee") == {"Journée de la donnée"}
    event.delete()

    assert found("donnee") == set()
    assert not SearchEntry.objects.exists()


def test_the_index_is_written_after_the_commit_without_waiting_for_a_search(
    make_event, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        event = make_event("Matinale du design", start=soon(3))

    assert "design" in SearchEntry.objects.get(event=event).text.split()


def test_a_rebuild_writes_every_entry_again(make_event):
    make_event("Forum de la médiation", start=soon(3))
    search.refresh_stale()
    SearchEntry.objects.all().delete()

    assert search.rebuild() == 1
    assert found("mediation") == {"Forum de la médiation"}


# --- the page ------------------------------------------------------------------------------


def test_the_home_page_highlights_the_words_found(client, programme):
    html = client.get("/?q=donnees").content.decode()

    assert "Ouvrir ses <mark>données</mark> publiques" in html
    assert "Résultats pour « donnees »" in html
    assert "Forum des achats" not in html


def test_a_search_page_runs_the_same_queries_for_one_or_thirty_events(client, make_event):
    def count() -> int:
        cache.clear()
        search.refresh_stale()
        with CaptureQueriesContext(connection) as context:
            response = client.get("/?q=atelier&mode=presentiel")
        assert "<mark>Atelier</mark>" in response.content.decode()
        return len(context.captured_queries)

    make_event("Atelier 0", start=soon(3), sessions=[(soon(3), None, "Atelier", {})])
    with_one = count()
    for n in range(1, 30):
        make_event(f"Atelier {n}", start=soon(3 + n % 4), sessions=[(soon(3), None, "Atelier", {})])

    assert count() == with_one


def test_the_command_indexes_the_events_without_words(make_event, capsys):
    from django.core.management import call_command

    make_event("Forum de la médiation", start=soon(3))
    search.refresh_stale()
    SearchEntry.objects.all().delete()
    call_command("search_index")

    assert "1 événement indexé." in capsys.readouterr().out
    assert found("mediation") == {"Forum de la médiation"}


# --- a frequent word: the last added ranked, the rest counted as "plus de" -------------------


def titles(event_ids: list[int]) -> list[str]:
    by_id = dict(Event.objects.filter(pk__in=event_ids).values_list("pk", "title"))
    return [by_id[pk] for pk in event_ids]


def test_a_search_finds_only_events_with_an_upcoming_session_passing_the_filters(make_event):
    make_event("Atelier passé", start=paris(2022, 3, 1, 10))
    make_event("Atelier en brouillon", start=soon(3), status=Event.Status.DRAFT)
    make_event("Atelier en ligne", start=soon(4), attendance_mode="online")
    make_event("Atelier sur place", start=soon(5))

    found = queries.found_events(parse_filters({"q": "atelier", "mode": "presentiel"}))

    assert titles(found.event_ids) == ["Atelier sur place"]
    assert not found.capped


def test_beyond_the_rank_limit_the_last_added_are_ranked_and_the_page_says_so(
    client, make_event, monkeypatch
):
    monkeypatch.setattr(queries, "RANK_LIMIT", 2)
    make_event("Atelier atelier atelier un", start=soon(3))  # the best, but added first
    make_event("Atelier deux", start=soon(4))
    make_event("Atelier atelier trois", start=soon(5))
    search.refresh_stale()

    found = queries.found_events(AgendaFilters(q="atelier"))
    html = client.get("/?q=atelier").content.decode()

    assert titles(found.event_ids) == ["Atelier atelier trois", "Atelier deux"]
    assert found.capped
    assert "Plus de 2 événements correspondent à cette recherche." in html
    assert "Plus de 2 séances" in html
    assert titles_in(html) == {"Atelier atelier trois", "Atelier deux"}
    assert re.search(r"Atelier atelier trois.*Atelier deux", re.sub("</?mark>", "", html), re.S)


def test_pages_without_ranking_take_the_last_added_matches_among_their_own_events(
    client, make_event, monkeypatch, settings
):
    settings.CACHE_SECONDS = 0
    monkeypatch.setattr(queries, "RANK_LIMIT", 2)
    for n in (1, 2, 3):
        make_event(f"Atelier passé {n}", start=paris(2022, 3, n, 10))
    for n in (1, 2, 3):  # added last, but not past
        make_event(f"Atelier à venir {n}", start=soon(3 + n))
    search.refresh_stale()

    past = queries.past_events(AgendaFilters(q="atelier"))
    api = client.get("/api/events", {"q": "atelier"}).json()["results"]
    feed = client.get("/agenda.ics", {"q": "atelier"}).content.decode()

    # The two last added of the past page's own matches, not the upcoming ones added after.
    assert [event.title for event in past] == ["Atelier passé 3", "Atelier passé 2"]
    assert {event["title"] for event in api} == {"Atelier à venir 3", "Atelier à venir 2"}
    assert feed.count("BEGIN:VEVENT") == 2 and "SUMMARY:Atelier à venir 1" not in feed
    assert queries.past_events(AgendaFilters(q="de la")).count() == 3  # no word: no filter


def test_a_search_page_runs_the_same_queries_below_and_beyond_the_rank_limit(
    client, make_event, monkeypatch
):
    monkeypatch.setattr(queries, "RANK_LIMIT", 5)

    def count() -> int:
        cache.clear()
        search.refresh_stale()
        with CaptureQueriesContext(connection) as context:
            html = client.get("/?q=atelier").content.decode()
        assert "<mark>Atelier</mark>" in html
        return len(context.captured_queries)

    make_event("Atelier 0", start=soon(3))
    below = count()
    for n in range(1, 12):
        make_event(f"Atelier {n}", start=soon(3 + n % 4))

    assert count() == below


# --- every write path keeps the index in step (forms and moderation, bulk tables) -----------


def test_a_bulk_table_and_its_reimport_are_found_by_their_words(db):
    from agenda.exchange.bulk import import_table

    from .test_bulk_import import ROWS, table

    dinum = Organisation.objects.create(name="DINUM", slug="dinum")
    import_table(table(*ROWS), filename="programme.csv", organisation=dinum)
    assert found("marianne") == {"Forum des données"}  # the place of its sessions

    moved = [row.replace("Salle Marianne", "Salle Condorcet") for row in ROWS]
    import_table(table(*moved), filename="programme.csv", organisation=dinum)

    assert found("condorcet") == {"Forum des données"}
    assert found("marianne") == set()


def test_the_contributor_form_and_moderation_keep_the_index_in_step(db):
    from agenda.moderation import revisions, services
    from tests import contributors as t
    from tests.moderating import one_user_per_role

    ditp, _other, users = one_user_per_role()
    author, moderator = users["organiser"], users["moderator"]
    data = t.snapshot(ditp, title="Atelier sobriété numérique")
    event = services.save_from_form(actor=author, data=data, submit=True).event
    assert found("sobriete") == {"Atelier sobriété numérique"}  # searched by staff, filtered later

    services.save_from_form(
        actor=author, event=event, data={**data, "title": "Atelier frugalité"}, submit=True
    )
    assert found("frugalite") == {"Atelier frugalité"} and found("sobriete") == set()

    event = services.publish_event(actor=moderator, event=Event.objects.get(pk=event.pk))
    stored = {**data, "title": "Atelier frugalité"}
    revision = services.save_from_form(
        actor=author, event=event, data={**stored, "title": "Atelier écoconception"}
    ).revision
    assert found("ecoconception") == set()  # a pending revision is not public
    revisions.accept_revision(actor=moderator, revision=revision)
    assert found("ecoconception") == {"Atelier écoconception"}
