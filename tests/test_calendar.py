"""The calendar: a month as an accessible table whose days link to their list, a week's list,
both applying the filters, and their pages in the output registry."""

import datetime as dt
import re

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext

from agenda.events import calendar, queries
from agenda.events.filters import AgendaFilters
from agenda.feeds.registry import REGISTRY

from .conftest import paris
from .test_site import titles_in

TODAY = queries.paris_today()
# A month two months ahead: every day of it is upcoming whenever the suite runs.
AHEAD = (TODAY.replace(day=1) + dt.timedelta(days=70)).replace(day=1)


def on(day: int, hour: int = 10) -> dt.datetime:
    return paris(AHEAD.year, AHEAD.month, day, hour)


@pytest.fixture
def month_events(make_event):
    make_event(
        "Atelier du 3",
        start=on(3),
        categories=("Atelier",),
        sessions=[(on(3), on(3, 12), "Matin", {}), (on(3, 14), on(3, 16), "Après-midi", {})],
    )
    make_event(
        "Exposition",
        start=on(10),
        end=on(12, 18),
        sessions=[(on(10), on(12, 18), "Exposition ouverte", {})],
    )
    make_event("Webinaire du 20", start=on(20), attendance_mode="online", categories=("Webinaire",))


def counts(month: calendar.Month) -> dict[int, int]:
    return {
        d.day.day: d.sessions for week in month.weeks for d in week if d.in_month and d.sessions
    }


def test_a_month_counts_each_days_sessions_a_long_one_on_each_of_its_days(month_events):
    month = calendar.month(AgendaFilters(), AHEAD.year, AHEAD.month)

    assert counts(month) == {3: 2, 10: 1, 11: 1, 12: 1, 20: 1}
    assert all(len(week) == 7 for week in month.weeks)
    assert month.weeks[0][0].day.weekday() == 0  # Monday first


def test_the_month_applies_the_filters(month_events):
    month = calendar.month(AgendaFilters(categorie="atelier"), AHEAD.year, AHEAD.month)

    assert counts(month) == {3: 2}


def test_the_month_page_is_a_table_whose_days_link_to_their_list(client, month_events):
    html = client.get(f"/calendrier/{AHEAD.year}/{AHEAD.month}/?categorie=atelier").content.decode()

    assert "<caption>Séances de" in html
    assert html.count('<th scope="col"><abbr title="lundi">lun.</abbr></th>') == 1
    day = AHEAD.replace(day=3).isoformat()
    assert f'href="/?du={day}&amp;au={day}&amp;categorie=atelier"' in html
    assert re.search(r"class=\"fr-sr-only\">[A-Z]\w+ 3 \w+ \d{4}&nbsp;: 2 séances</span>", html)
    assert f"au={AHEAD.replace(day=20).isoformat()}" not in html  # filtered out: no link
    next_month = (AHEAD + dt.timedelta(days=32)).replace(day=1)
    assert f'href="/calendrier/{next_month.year}/{next_month.month}/?categorie=atelier"' in html


def test_a_days_link_lists_that_days_sessions(client, month_events):
    day = AHEAD.replace(day=3).isoformat()

    assert titles_in(client.get(f"/?du={day}&au={day}").content.decode()) == {
        "Matin",
        "Après-midi",
    }


def test_an_impossible_month_or_week_is_not_found(client, db):
    assert client.get("/calendrier/2026/13/").status_code == 404
    assert client.get("/calendrier/9999/1/").status_code == 404
    assert client.get("/semaine/2026/54/").status_code == 404


def test_the_week_lists_its_sessions_by_day_with_the_filters(client, month_events):
    year, week, _ = AHEAD.replace(day=10).isocalendar()
    html = client.get(f"/semaine/{year}/{week}/").content.decode()
    filtered = client.get(f"/semaine/{year}/{week}/?mode=en-ligne").content.decode()

    assert "Exposition ouverte" in titles_in(html)
    assert "Matin" not in titles_in(html)
    assert titles_in(filtered) & {"Exposition ouverte"} == set()


def test_the_calendar_pages_are_in_the_output_registry(month_events):
    paths = {name: list(output.paths()) for output in REGISTRY for name in [output.name]}
    month_paths, week_paths = paths["month"], paths["week"]

    assert f"/calendrier/{AHEAD.year}/{AHEAD.month}/" in month_paths
    year, week, _ = AHEAD.replace(day=20).isocalendar()
    assert f"/semaine/{year}/{week}/" in week_paths
    assert paths["calendar"] == ["/calendrier/"]
    assert REGISTRY.output_at(month_paths[0]).name == "month"


@pytest.mark.parametrize("url", [f"/calendrier/{AHEAD.year}/{AHEAD.month}/", "/semaine/"])
def test_calendar_pages_run_the_same_queries_for_one_or_thirty_events(client, make_event, url):
    def count() -> int:
        cache.clear()
        with CaptureQueriesContext(connection) as context:
            response = client.get(url + "?categorie=atelier")
        assert response.status_code == 200
        return len(context.captured_queries)

    make_event("Atelier 0", start=on(3), categories=("Atelier",))
    with_one = count()
    for n in range(1, 30):
        make_event(f"Atelier {n}", start=on(1 + n % 27), categories=("Atelier",))

    assert count() == with_one
