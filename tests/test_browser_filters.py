"""Each filter of the agenda in a real Chromium, as deployed (nginx → gunicorn, DEBUG=false):
region, department, city, online / on site, organisation, format, audience, free, accessible
and dates, applied one at a time through the panel. The listed sessions and every facet's
counts are checked against the programme below (SESSIONS): what each session is, not what the
site answered before. The panel also works without JavaScript and waits behind a button at
320 px; axe-core finds no violation."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter
from dataclasses import dataclass
from urllib.parse import parse_qsl, urlsplit

import pytest
from django.utils.text import slugify

from agenda.events import queries
from agenda.events.models import PARIS, Event, Place
from tests.browsing import assert_no_axe_violations

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# A month ahead: every session is upcoming whatever the day the tests run.
AHEAD = (queries.paris_today().replace(day=1) + dt.timedelta(days=40)).replace(day=1)
APPLY = "Appliquer les filtres"


def on(day: int, hour: int = 10) -> dt.datetime:
    return dt.datetime(AHEAD.year, AHEAD.month, day, hour, tzinfo=PARIS)


@dataclass(frozen=True)
class Venue:
    name: str
    postcode: str
    city: str
    region: str  # INSEE region code, what the filter takes
    departement: str


@dataclass(frozen=True)
class Seance:
    """One session of the test programme and its event's properties."""

    title: str
    event: str
    organisation: str
    day: int
    venue: Venue | None  # None: online only
    mode: str  # Session.AttendanceMode
    formats: tuple[str, ...]
    audiences: tuple[str, ...]  # the event's
    free: bool = False
    accessibility: str = ""


PARIS_15 = Venue("Lieu de la transformation", "75015", "Paris", "11", "75")
VERSAILLES = Venue("Préfecture des Yvelines", "78000", "Versailles", "11", "78")
MARSEILLE = Venue("La Friche", "13003", "Marseille", "93", "13")
LYON = Venue("Halle Tony-Garnier", "69007", "Lyon", "84", "69")

SESSIONS = (
    Seance("Atelier open data", "Ouvrir ses données", "Etalab", 3, PARIS_15, "offline",
           ("Atelier",), ("Agents publics",), free=True, accessibility="Accès PMR"),
    Seance("Restitution open data", "Ouvrir ses données", "Etalab", 4, PARIS_15, "offline",
           ("Atelier", "Démo"), ("Agents publics",)),
    Seance("Forum du Sud", "Forum de la Méditerranée", "DINUM", 8, MARSEILLE, "offline",
           ("Forum",), ("Grand public", "Élus")),
    Seance("Webinaire IA", "L’IA au quotidien", "DINUM", 10, None, "online",
           ("Webinaire",), ("Agents publics",), free=True),
    Seance("Rencontre des élus", "Rencontre des élus franciliens", "Etalab", 12, VERSAILLES,
           "mixed", ("Rencontre",), ("Élus",), accessibility="Boucle magnétique"),
    Seance("Meetup Lyon", "Meetup lyonnais", "Lab Lyon", 20, LYON, "offline",
           ("Meetup",), ("Entreprises",), free=True),
)  # fmt: skip
MODES = {"offline": ["presentiel"], "online": ["en-ligne"], "mixed": ["presentiel", "en-ligne"]}
FACETS = ("region", "departement", "ville", "mode", "organisation", "format", "public")
CONDITIONS = ("gratuit", "accessible")


def values(seance: Seance, name: str) -> list[str]:
    """The values of one filter a session answers to (the URL's values)."""
    venue = seance.venue
    return {
        "region": [venue.region] if venue else [],
        "departement": [venue.departement] if venue else [],
        "ville": [venue.city] if venue else [],
        "mode": MODES[seance.mode],
        "organisation": [slugify(seance.organisation)],
        "format": [slugify(name) for name in seance.formats],
        "public": [slugify(name) for name in seance.audiences],
        "gratuit": ["oui"] if seance.free else [],
        "accessible": ["oui"] if seance.accessibility else [],
    }[name]


def passes(seance: Seance, chosen: dict[str, str]) -> bool:
    day = dt.date(AHEAD.year, AHEAD.month, seance.day)
    for name, value in chosen.items():
        if name == "du" and day < dt.date.fromisoformat(value):
            return False
        if name == "au" and day > dt.date.fromisoformat(value):
            return False
        if name not in ("du", "au") and value not in values(seance, name):
            return False
    return True


def expected_titles(chosen: dict[str, str]) -> list[str]:
    listed = [s for s in SESSIONS if passes(s, chosen)]
    return [s.title for s in sorted(listed, key=lambda s: s.day)]


def expected_counts(name: str, chosen: dict[str, str]) -> dict[str, int]:
    """Sessions per value of one facet under every other filter (the chosen value stays)."""
    others = {key: value for key, value in chosen.items() if key != name}
    counts = Counter(value for s in SESSIONS if passes(s, others) for value in values(s, name))
    if name in chosen:
        counts.setdefault(chosen[name], 0)
    return dict(counts)


@pytest.fixture
def programme(make_event):
    places = {}
    for venue in (PARIS_15, VERSAILLES, MARSEILLE, LYON):
        places[venue] = Place.objects.create(
            name=venue.name, postcode=venue.postcode, city=venue.city
        )
    events: dict[str, list[Seance]] = {}
    for seance in SESSIONS:
        events.setdefault(seance.event, []).append(seance)
    for title, seances in events.items():
        first = seances[0]
        make_event(
            title,
            start=on(first.day),
            organisation=first.organisation,
            attendance_mode=first.mode,
            audiences=first.audiences,
            sessions=[
                (on(s.day), on(s.day, 12), s.title, {
                    "place": places.get(s.venue),
                    "attendance_mode": s.mode,
                    "online_url": "https://visio.example.org/" if s.mode != "offline" else "",
                    "formats": list(s.formats),
                    "is_free": s.free,
                    "accessibility": s.accessibility,
                })
                for s in seances
            ],
        )  # fmt: skip
    # Neither a past event nor a draft is listed or counted.
    make_event(
        "Passé à Lyon",
        start=dt.datetime(2022, 3, 1, 10, tzinfo=PARIS),
        organisation="Lab Lyon",
        audiences=("Grand public",),
        sessions=[(dt.datetime(2022, 3, 1, 10, tzinfo=PARIS), None, "Ancien meetup",
                   {"place": places[LYON], "is_free": True, "formats": ["Meetup"]})],
    )  # fmt: skip
    make_event(
        "Brouillon",
        start=on(5),
        status=Event.Status.DRAFT,
        organisation="DINUM",
        audiences=("Élus",),
        sessions=[(on(5), None, "Séance en préparation", {"place": places[MARSEILLE]})],
    )


def listed(page) -> list[str]:
    return page.locator(".fr-card__title").all_inner_texts()


def shown_counts(page) -> dict[str, dict[str, int]]:
    """Every facet of the panel: {filter: {value: count}}, read from its options' text."""
    facets = page.evaluate(
        """() => {
          const form = document.querySelector("form.agenda-filters");
          const facets = {};
          for (const select of form.querySelectorAll("select")) {
            facets[select.name] = [...select.options].filter(o => o.value)
              .map(o => [o.value, o.textContent]);
          }
          for (const box of form.querySelectorAll("input[type=checkbox]")) {
            facets[box.name] = [[box.value, box.labels[0].textContent]];
          }
          return facets;
        }"""
    )
    counts = {}
    for name, options in facets.items():
        counts[name] = {value: int(re.search(r"\((\d+)\)\s*$", text)[1]) for value, text in options}
    return counts


def expected_panel(chosen: dict[str, str]) -> dict[str, dict[str, int]]:
    """What the panel should offer: each facet with values that have sessions (a facet
    without any is left out)."""
    panel = {name: expected_counts(name, chosen) for name in FACETS + CONDITIONS}
    return {name: counts for name, counts in panel.items() if counts}


def choose(page, name: str, value: str) -> None:
    """Set one filter as a visitor does: pick an option, tick a box or type a date."""
    if name in CONDITIONS:
        page.locator(f"label[for=filtre-{name}]").click()
        assert page.locator(f"#filtre-{name}").is_checked()
    elif name in ("du", "au"):
        page.locator(f"#filtre-{name}").fill(value)
    else:
        page.locator(f"#filtre-{name}").select_option(value)


DAY = AHEAD.isoformat()[:8]  # "2027-01-"
CASES = [
    {"region": "11"},
    {"departement": "13"},
    {"ville": "Lyon"},
    {"mode": "en-ligne"},
    {"mode": "presentiel"},
    {"organisation": "etalab"},
    {"format": "atelier"},
    {"public": "elus"},
    {"public": "agents-publics"},
    {"gratuit": "oui"},
    {"accessible": "oui"},
    {"du": DAY + "09", "au": DAY + "15"},
]


@pytest.mark.parametrize("chosen", CASES, ids=lambda c: "-".join(f"{k}={v}" for k, v in c.items()))
def test_each_filter_lists_its_sessions_and_the_panel_counts_the_rest(
    deployed, page, programme, chosen
):
    page.set_viewport_size({"width": 1280, "height": 900})
    page.goto(deployed.url + "/")
    assert listed(page) == expected_titles({})
    assert shown_counts(page) == expected_panel({})

    for name, value in chosen.items():
        choose(page, name, value)
    page.get_by_role("button", name=APPLY).click()
    page.wait_for_url("**/?*")

    assert dict(parse_qsl(urlsplit(page.url).query)) == chosen  # the state is in the URL
    titles = listed(page)
    assert titles == expected_titles(chosen) and titles
    assert shown_counts(page) == expected_panel(chosen)
    for name, value in chosen.items():  # the panel shows what is chosen
        control = page.locator(f"#filtre-{name}")
        assert control.is_checked() if name in CONDITIONS else control.input_value() == value
    assert_no_axe_violations(page)


def test_the_programme_exercises_every_filter():
    """Each case keeps some sessions and leaves some out, and every facet has two values at
    least: a filter that kept everything or nothing would prove little."""
    for chosen in CASES:
        assert 0 < len(expected_titles(chosen)) < len(SESSIONS), chosen
    for name in FACETS:
        assert len(expected_counts(name, {})) >= 2, name


def test_the_panel_works_without_javascript(deployed, browser, programme):
    context = browser.new_context(java_script_enabled=False, locale="fr-FR")
    page = context.new_page()
    try:
        page.goto(deployed.url + "/")
        page.locator("#filtre-public").select_option("entreprises")
        page.get_by_role("button", name=APPLY).click()
        page.wait_for_url("**/?*public=entreprises*")

        assert listed(page) == expected_titles({"public": "entreprises"}) == ["Meetup Lyon"]
        assert shown_counts(page) == expected_panel({"public": "entreprises"})
    finally:
        context.close()


def test_on_a_phone_the_panel_waits_behind_a_button_and_filters_all_the_same(
    deployed, page, programme
):
    page.set_viewport_size({"width": 320, "height": 640})
    page.goto(deployed.url + "/")
    toggle = page.locator("summary", has_text="Filtres")
    audience = page.locator("#filtre-public")

    assert toggle.is_visible() and not audience.is_visible()
    assert page.locator(".fr-card").first.bounding_box()["y"] < 1000  # not ~1,200 px down
    assert_no_axe_violations(page)
    toggle.click()
    audience.wait_for(state="visible")
    audience.select_option("grand-public")
    page.get_by_role("button", name=APPLY).click()
    page.wait_for_url("**/?*public=grand-public*")

    assert listed(page) == expected_titles({"public": "grand-public"}) == ["Forum du Sud"]
    assert toggle.inner_text().strip() == "Filtres (actifs)"
    assert not page.locator("#filtre-public").is_visible()  # closed again on the new page
    assert_no_axe_violations(page)
