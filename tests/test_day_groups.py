"""The day groups of the agenda, an organiser's page and the week come from one template
(site/_day.html): the same markup for the same day, headings one level under their page's."""

import datetime as dt
import re

import pytest
from django.utils import timezone

from agenda.events.models import PARIS

pytestmark = pytest.mark.django_db

HEADING = re.compile(r"<h([1-6])\b[^>]*>(.*?)</h\1>", re.S)


def ten_days_ahead(hour: int) -> dt.datetime:
    day = timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=10)
    return dt.datetime(day.year, day.month, day.day, hour, tzinfo=PARIS)


@pytest.fixture
def day(make_event) -> dt.date:
    """Two sessions of the DINUM on one day ten days ahead."""
    morning, afternoon = ten_days_ahead(10), ten_days_ahead(14)
    make_event(
        "Forum des communs",
        start=morning,
        organisation="DINUM",
        sessions=[
            (morning, morning + dt.timedelta(hours=2), "Ouverture"),
            (afternoon, afternoon + dt.timedelta(hours=2), "Ateliers"),
        ],
    )
    return morning.date()


def pages(client, day: dt.date) -> dict[str, str]:
    year, week, _ = day.isocalendar()
    return {
        name: client.get(path).content.decode()
        for name, path in {
            "home": "/",
            "organiser": "/organisations/dinum/",
            "week": f"/semaine/{year}/{week}/",
        }.items()
    }


def day_group(html: str, day: dt.date) -> str:
    """The <section> of `day`'s group."""
    match = re.search(
        rf'<section class="agenda-day[^"]*" aria-labelledby="jour-{day.isoformat()}">.*?</section>',
        html,
        re.S,
    )
    assert match, f"no group for {day}"
    return match.group(0)


def levels(html: str) -> list[int]:
    return [int(level) for level, _text in HEADING.findall(html)]


def test_each_page_shows_the_day_with_its_heading_level_and_its_columns(client, day):
    groups = {name: day_group(html, day) for name, html in pages(client, day).items()}

    assert {name: levels(group) for name, group in groups.items()} == {
        "home": [2, 3, 3],
        "organiser": [3, 4, 4],
        "week": [2, 3, 3],
    }
    assert 'class="agenda-day__title fr-h4"' in groups["home"]
    assert 'class="agenda-day__title fr-h5"' in groups["organiser"]
    assert groups["home"].count('<li class="fr-col-12 fr-col-lg-6">') == 2
    assert groups["organiser"].count('<li class="fr-col-12 fr-col-lg-6">') == 2
    assert groups["week"].count('<li class="fr-col-12 fr-col-md-6 fr-col-lg-4">') == 2


def test_the_day_group_is_the_same_markup_on_the_three_pages_but_for_levels_and_columns(
    client, day
):
    def shape(group: str) -> str:
        group = re.sub(r"<(/?)h[2-6]\b", r"<\1h", group)
        group = re.sub(r"fr-h[4-5]", "fr-h", group)
        return re.sub(r'<li class="[^"]*">', "<li>", group)

    groups = {name: shape(day_group(html, day)) for name, html in pages(client, day).items()}

    assert groups["home"] == groups["organiser"] == groups["week"]
    assert "Ouverture" in groups["home"] and "Ateliers" in groups["home"]


def test_no_page_with_day_groups_skips_a_heading_level(client, day):
    for name, html in pages(client, day).items():
        found = levels(html[html.index("<main") :])
        assert found[0] == 1, name
        skips = [(a, b) for a, b in zip(found, found[1:], strict=False) if b > a + 1]
        assert skips == [], f"{name}: {found}"
