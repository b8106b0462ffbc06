"""The next-edition copy on real pairs of ../shared/corpus: the same event in consecutive years.

For each pair the earlier page is imported, copied by the tool to the later year, by weekday and
by 365 days, and the copy compared with the later page: every session of the earlier page is in
the copy (moved by one number of days, its Paris time kept), every date the copy writes agrees
with its weekday, and none of the later page's content-check errors is in it; what the copy
still says of last year is on its checklist. `pytest -s` prints, per pair, what the tool fixed
and flagged and the copy's dates beside the later page's (which may have chosen other days).
"""

import datetime as dt
import json

import pytest

from agenda.events.models import Event
from agenda.exchange.services import import_paths
from agenda.lib.frenchdates import WEEKDAYS, resolve_year
from agenda.lib.frenchtokens import tokenize
from agenda.lib.frenchwhen import find_whens
from agenda.moderation.editions import copy_event

from .conftest import require_shared

EVENTS = "numerique.gouv.fr/_evenements"
HISTOIRES = (
    "atelier-<<-histoire-s-dalgorithmes->>-dans-le-cadre-de-la-semaine-de-linnovation-publique"
)
PAIRS = [
    (
        "mois-de-linnovation-publique-edition-2022",
        "mois-de-linnovation-publique-edition-2023",
        2023,
    ),
    ("forum-emploi-tech-etat-2021", "forum-emploi-numerique-etat-2022", 2022),
    (HISTOIRES, f"{HISTOIRES}-5ca8c5", 2020),
]
MODES = [None, 365]


def import_page(name: str) -> Event:
    root = require_shared("corpus")
    import_paths([root / EVENTS / f"{name}.markdown"])
    return Event.objects.get(source_name=f"{name}.markdown")


def expected(name: str) -> dict:
    root = require_shared("corpus")
    return json.loads((root / "expected" / f"{name}.markdown.json").read_text(encoding="utf-8"))


def day_of(value) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def time_of(value) -> dt.time | None:
    return value.time() if isinstance(value, dt.datetime) else None


def written_dates(text: str, start: dt.date, end: dt.date):
    """(as written, weekday written, the date it means) of each date the text writes with its
    weekday, placed in the copy's dates."""
    for when in find_whens(text, tokenize(text)):
        if not when.weekday or not when.dates or when.dates[0].month is None:
            continue
        first = when.dates[0]
        day = (
            dt.date(first.year, first.month, first.day)
            if first.year
            else resolve_year(first.day, first.month, start=start, end=end)
        )
        yield text[when.start : when.date_end], when.weekday, day


@pytest.mark.django_db
@pytest.mark.parametrize("days", MODES, ids=["same-weekday", "365-days"])
@pytest.mark.parametrize(("earlier", "later", "year"), PAIRS, ids=[p[0][:30] for p in PAIRS])
def test_the_copy_of_the_earlier_page_has_none_of_the_later_pages_mistakes(
    earlier, later, year, days
):
    source = import_page(earlier)
    report = copy_event(source=source, target_year=year, days=days)
    copy = report.copy
    old = list(source.sessions.order_by("position", "starts_at"))
    new = list(copy.sessions.order_by("position", "starts_at"))
    assert [s.title for s in new] == [s.title for s in old]
    for before, after in zip(old, new, strict=True):
        moved = day_of(before.start) + dt.timedelta(days=report.shift)
        assert (day_of(after.start), time_of(after.start)) == (moved, time_of(before.start))
        assert after.place_id == before.place_id
    span = (day_of(copy.start), day_of(copy.end or copy.start))
    for field in (copy.title, copy.chapeau, copy.body):
        for written, weekday, day in written_dates(field, *span):
            assert day is not None and WEEKDAYS[day.weekday()] == weekday, written
    codes = {p["code"] for p in copy.problems}
    assert "weekday-mismatch" not in codes
    flagged = {item.value for item in report.items}
    for problem in copy.problems:
        if problem["code"] == "other-year":
            assert any(f"« {value} »" in problem["message"] for value in flagged)
    for mistake in expected(later)["problems"]:
        assert not any(
            p["code"] == mistake["code"] and mistake["evidence"] in p["message"]
            for p in copy.problems
        ), mistake
    _print_pair(earlier, later, days, report)


def _print_pair(earlier, later, days, report) -> None:
    later_sessions = [s["start"] for s in expected(later)["sessions"]] or [
        expected(later)["event"]["start"]
    ]
    mode = f"{days} jours" if days else "même jour de la semaine"
    print(f"\n{earlier} → {report.slug} ({mode}, {report.shift:+d} jours)")
    print(f"  séances de la copie : {[new for _, new, _ in report.sessions]}")
    print(f"  page suivante réelle : {later_sessions}")
    for where, note in report.fixed:
        print(f"  corrigé ({where}) : « {note.old} » → « {note.new} »")
    for item in report.items:
        print(f"  signalé : {item.label}")


@pytest.mark.django_db
def test_the_2022_month_copied_to_2023_falls_on_thursday_2_and_monday_6_november():
    source = import_page("mois-de-linnovation-publique-edition-2022")
    copy = copy_event(source=source, target_year=2023).copy
    starts = [s.start for s in copy.sessions.order_by("position")][:2]
    assert [(s.date(), s.strftime("%H:%M")) for s in starts] == [
        (dt.date(2023, 11, 2), "16:15"),
        (dt.date(2023, 11, 6), "09:30"),
    ]
    assert "[Le jeudi 02/11 de 16h15 à 18h15]" in copy.body
    assert "[Le lundi 06/11 de 9h30 à 16h]" in copy.body
    assert "édition 2022" not in copy.body + copy.title + copy.chapeau
    assert copy.slug == "mois-de-linnovation-publique-edition-2023"


@pytest.mark.django_db
def test_moved_by_365_days_it_falls_on_friday_3_and_tuesday_7_and_the_body_says_so():
    source = import_page("mois-de-linnovation-publique-edition-2022")
    copy = copy_event(source=source, target_year=2023, days=365).copy
    starts = [s.start.date() for s in copy.sessions.order_by("position")][:2]
    assert starts == [dt.date(2023, 11, 3), dt.date(2023, 11, 7)]
    assert "[Le vendredi 03/11 de 16h15 à 18h15]" in copy.body
    assert "[Le mardi 07/11 de 9h30 à 16h]" in copy.body
    assert "édition 2022" not in copy.body + copy.title + copy.chapeau
