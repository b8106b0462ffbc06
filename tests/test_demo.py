"""The demo programme: valid Jekyll pages in the seed's format, with no mistakes in them.

The pages are read back the way a person would: YAML front matter, then the programme's notation
families in the body, independently of how `agenda.demo` builds them. Plain pytest, no database.
"""

from __future__ import annotations

import datetime as dt
import re
import xml.etree.ElementTree as ET
from dataclasses import dataclass
from functools import cache
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
import yaml

from agenda.demo import demo_pages
from agenda.demo.programme import easter, paris_offset

PARIS = ZoneInfo("Europe/Paris")
STATIC = Path(__file__).resolve().parents[1] / "agenda" / "demo" / "static"
WEEKDAYS = ("lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche")
MONTHS = (
    "janvier", "février", "mars", "avril", "mai", "juin",
    "juillet", "août", "septembre", "octobre", "novembre", "décembre",
)  # fmt: skip
# Today, and days chosen for their traps: Christmas week, DST changes, May holidays, year end.
DAYS = (
    dt.date.today(),
    dt.date(2026, 11, 28),
    dt.date(2026, 12, 23),
    dt.date(2027, 3, 26),
    dt.date(2027, 4, 28),
    dt.date(2027, 10, 29),
    dt.date(2028, 12, 29),
)
A_YEAR_OF_WEEKS = tuple(dt.date(2027, 1, 4) + dt.timedelta(weeks=n) for n in range(53))
HOLIDAYS = {  # French public holidays, written out by hand
    dt.date(2026, 11, 1), dt.date(2026, 11, 11), dt.date(2026, 12, 25), dt.date(2027, 1, 1),
    dt.date(2027, 3, 29), dt.date(2027, 5, 1), dt.date(2027, 5, 6), dt.date(2027, 5, 8),
    dt.date(2027, 5, 17), dt.date(2027, 7, 14), dt.date(2027, 8, 15), dt.date(2027, 11, 1),
    dt.date(2027, 11, 11), dt.date(2027, 12, 25), dt.date(2028, 1, 1), dt.date(2028, 12, 25),
    dt.date(2029, 1, 1),
}  # fmt: skip

# --- Reading a page back ------------------------------------------------------------------------

PAGE = re.compile(r"\A---\n(?P<meta>.*?\n)---\n(?P<body>.*)\Z", re.S)
STAMP = re.compile(r"^(date|event_start_date|event_end_date): (.+)$", re.M)
SEED = re.compile(r"<p><b>Le (\w+) (\d\d)/(\d\d) (?:de|à) \d")
BRACKET = re.compile(r"^\*\*\[Le (\d\d)/(\d\d) (?:de|à) \d")
DAILY = re.compile(r"^\*\*\[Du (\d\d)/(\d\d) au (\d\d)/(\d\d) de \d")
LONG_DATE = re.compile(r"^\* \*\*.+\*\*<br>(\w+) (\d{1,2})(?:er)? (\w+) (\d{4}), \d")
DATE_HEADING = re.compile(r"^\*\*(\d\d)/(\d\d)/(\d{4})\*\*$")
TIMED_ITEM = re.compile(r"^\* (?:\*\*)?\d{1,2}h(?:\d\d)?(?: ?- ?\d{1,2}h(?:\d\d)?)? ?:")
WRITTEN_WEEKDAY = re.compile(
    rf"\b({'|'.join(WEEKDAYS)}) (\d{{1,2}})(?:er)?(?:/(\d\d)| ({'|'.join(MONTHS)}) (\d{{4}}))",
    re.I,
)
URL = re.compile(r"https?://[^\s\"'<>)\]]+")
EXAMPLE_URL = re.compile(r"^https://([a-z0-9-]+\.)*example\.(org|net|com)(/\S*)?$")


@dataclass
class Page:
    name: str
    text: str
    meta: dict
    body: str

    @property
    def start(self) -> dt.date:
        return self.meta["event_start_date"].date()

    @property
    def end(self) -> dt.date:
        return self.meta["event_end_date"].date()

    def resolve(self, day: int, month: int) -> dt.date:
        """A dd/mm date, in the year that puts it within the event (years are not written)."""
        for year in range(self.start.year, self.end.year + 1):
            candidate = dt.date(year, month, day)
            if self.start <= candidate <= self.end:
                return candidate
        raise AssertionError(f"{self.name}: {day:02d}/{month:02d} is outside the event")


def read(name: str, text: str) -> Page:
    match = PAGE.match(text)
    assert match, f"{name}: no front matter between --- lines"
    meta = yaml.safe_load(match["meta"])
    assert isinstance(meta, dict), name
    return Page(name, text, meta, match["body"])


@cache  # written and read once per day for the whole module: the tests only read them
def pages_of(today: dt.date) -> tuple[Page, ...]:
    return tuple(read(name, text) for name, text in demo_pages(today).items())


def session_days(page: Page) -> list[dt.date]:
    """The day of every session of the programme; a daily slot counts once per day."""
    days: list[dt.date] = []
    heading: dt.date | None = None
    for line in page.body.splitlines():
        if match := SEED.search(line) or BRACKET.match(line):
            day, month = match.groups()[-2:]
            days.append(page.resolve(int(day), int(month)))
        elif match := DAILY.match(line):
            first = page.resolve(int(match[1]), int(match[2]))
            last = page.resolve(int(match[3]), int(match[4]))
            days += [first + dt.timedelta(days=n) for n in range((last - first).days + 1)]
        elif match := LONG_DATE.match(line):
            days.append(dt.date(int(match[4]), MONTHS.index(match[3]) + 1, int(match[2])))
        elif match := DATE_HEADING.match(line):
            heading = dt.date(int(match[3]), int(match[2]), int(match[1]))
        elif TIMED_ITEM.match(line):
            if heading is None:  # a timetable item of a one-day event
                assert page.start == page.end, f"{page.name}: {line!r} has no date"
            days.append(heading or page.start)
    return days


def session_headers(page: Page) -> int:
    """Session headers as written (a daily slot is one header)."""
    patterns = (SEED, BRACKET, DAILY, LONG_DATE, TIMED_ITEM)
    return sum(1 for line in page.body.splitlines() if any(p.search(line) for p in patterns))


# --- The pages ------------------------------------------------------------------------------------


def test_between_16_and_20_pages_named_after_their_slug() -> None:
    names = demo_pages(dt.date.today())
    assert 16 <= len(names) <= 20
    for name in names:
        assert re.fullmatch(r"[a-z0-9]+(-[a-z0-9]+)*\.markdown", name), name


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_front_matter_is_valid_yaml_in_the_seed_format(today: dt.date) -> None:
    for page in pages_of(today):
        meta = page.meta
        assert isinstance(meta["title"], str) and meta["title"].strip(), page.name
        for key in ("date", "event_start_date", "event_end_date"):
            assert isinstance(meta[key], dt.datetime) and meta[key].tzinfo, (page.name, key)
        assert meta["event_start_date"] <= meta["event_end_date"], page.name
        assert meta["date"] <= meta["event_start_date"], f"{page.name}: published after start"
        assert meta["date"].date() < today, f"{page.name}: published in the future"
        for key in ("categories", "tags", "public"):
            assert meta[key] and all(isinstance(v, str) and v for v in meta[key]), page.name
        assert isinstance(meta["chapeau-text"], str) and meta["chapeau-text"], page.name
        assert isinstance(meta["organisation"], str) and meta["organisation"], page.name
        [banner] = meta["une-ou-diaporama"]
        assert banner["image"].startswith("/uploads/demo/"), page.name
        assert banner["alternative-textuelle"] and banner["legende"], page.name
        assert isinstance(meta["lieu"], str) and meta["lieu"], page.name
        assert meta["afficher_la_carte"] is bool(meta.get("adresse")), page.name
        for access in meta.get("acces", []):
            assert access["type"] and all(line["nom"] for line in access["lignes"]), page.name
        for field in meta["champs_informations"]:
            assert field["intitule"] and field["contenu"], page.name


@pytest.mark.parametrize("today", DAYS, ids=str)
def test_utc_offsets_are_those_of_europe_paris(today: dt.date) -> None:
    for page in pages_of(today):
        for key, value in STAMP.findall(page.text):
            assert re.fullmatch(r"\d{4}-\d\d-\d\d \d\d:\d\d:\d\d [+-]\d\d:\d\d", value), value
            moment = dt.datetime.strptime(value, "%Y-%m-%d %H:%M:%S %z")
            expected = moment.replace(tzinfo=None).replace(tzinfo=PARIS).utcoffset()
            assert moment.utcoffset() == expected, (page.name, key, value)


def test_paris_offset_follows_the_tz_database_around_every_change() -> None:
    for year in range(2026, 2032):
        for month in (3, 10):
            last_sunday = max(
                dt.date(year, month, day)
                for day in range(25, 32)
                if dt.date(year, month, day).weekday() == 6
            )
            start = dt.datetime.combine(last_sunday - dt.timedelta(days=1), dt.time())
            for quarter in range(3 * 24 * 4):
                local = start + dt.timedelta(minutes=15 * quarter)
                hours = PARIS.utcoffset(local).total_seconds() / 3600
                assert paris_offset(local) == f"+{hours:02.0f}:00", local


def test_easter() -> None:
    known = ("2024-03-31", "2025-04-20", "2026-04-05", "2027-03-28", "2028-04-16", "2038-04-25")
    assert [easter(int(day[:4])).isoformat() for day in known] == list(known)


# --- The programme --------------------------------------------------------------------------------


@pytest.mark.parametrize("today", DAYS + A_YEAR_OF_WEEKS, ids=str)
def test_written_weekdays_are_the_true_ones(today: dt.date) -> None:
    checked = 0
    for page in pages_of(today):
        for name, day, month, month_name, year in WRITTEN_WEEKDAY.findall(page.body):
            if month:
                date = page.resolve(int(day), int(month))
            else:
                date = dt.date(int(year), MONTHS.index(month_name.lower()) + 1, int(day))
            assert WEEKDAYS[date.weekday()] == name.lower(), (page.name, name, day, month)
            checked += 1
    assert checked >= 10


@pytest.mark.parametrize("today", DAYS + A_YEAR_OF_WEEKS, ids=str)
def test_at_least_45_sessions_all_within_their_event(today: dt.date) -> None:
    pages = pages_of(today)
    assert sum(session_headers(page) for page in pages) >= 45
    total = 0
    for page in pages:
        days = session_days(page)
        assert days, f"{page.name}: no session found"
        assert all(page.start <= day <= page.end for day in days), page.name
        total += len(days)
    assert total >= 45


@pytest.mark.parametrize("today", DAYS + A_YEAR_OF_WEEKS, ids=str)
def test_no_session_on_sunday_on_a_holiday_or_at_the_end_of_the_year(today: dt.date) -> None:
    for page in pages_of(today):
        for day in session_days(page):
            assert day.weekday() != 6, (page.name, day)
            assert day not in HOLIDAYS, (page.name, day)
            assert not (day.month == 12 and day.day >= 24), (page.name, day)


@pytest.mark.parametrize("today", DAYS + A_YEAR_OF_WEEKS, ids=str)
def test_past_events_and_events_to_come(today: dt.date) -> None:
    pages = pages_of(today)
    assert sum(page.end < today for page in pages) >= 3
    assert sum(page.start > today for page in pages) >= 8
    coming = [day for page in pages for day in session_days(page) if day > today]
    assert min(coming) <= today + dt.timedelta(days=21), "nothing in the next three weeks"
    assert min(page.start for page in pages) >= today - dt.timedelta(days=50)
    assert max(page.end for page in pages) <= today + dt.timedelta(days=80)


def test_deterministic_for_a_given_day() -> None:
    today = dt.date(2026, 11, 26)
    assert demo_pages(today) == demo_pages(today)
    assert demo_pages(today) == demo_pages(today + dt.timedelta(days=1))  # same week
    assert demo_pages(today) != demo_pages(today + dt.timedelta(weeks=1))


def test_every_notation_family_and_kind_of_place_is_used() -> None:
    pages = pages_of(dt.date.today())
    bodies = [page.body.splitlines() for page in pages]
    for pattern in (SEED, BRACKET, DAILY, LONG_DATE, DATE_HEADING):
        assert any(pattern.search(line) for body in bodies for line in body), pattern.pattern
    assert any(
        re.match(r"^\* \*\*\d{1,2}h\S* - \d{1,2}h\S* :\*\* ", line) for b in bodies for line in b
    )
    online = [p for p in pages if p.meta["lieu"] == "En ligne" and "adresse" not in p.meta]
    hybrid = [p for p in pages if p.meta.get("adresse") and "visio.example.org" in p.body]
    in_person = [p for p in pages if p.meta.get("adresse") and "visio.example.org" not in p.body]
    assert len(online) >= 3 and len(hybrid) >= 2 and len(in_person) >= 3
    assert sum(p.start < p.end for p in pages) >= 5  # multi-day events
    assert len({c for p in pages for c in p.meta["categories"]}) >= 4


def test_links_are_https_on_example_domains() -> None:
    for page in pages_of(dt.date.today()):
        for url in URL.findall(page.text):
            assert EXAMPLE_URL.match(url), (page.name, url)


def test_banners_exist_are_small_svg_with_a_french_title() -> None:
    images = {page.meta["une-ou-diaporama"][0]["image"] for page in pages_of(dt.date.today())}
    assert 2 <= len(images) <= 3
    for image in images:
        path = STATIC / image.lstrip("/")
        assert path.is_file(), path
        assert path.stat().st_size < 3000, path
        root = ET.parse(path).getroot()
        assert root.tag == "{http://www.w3.org/2000/svg}svg", path
        texts = [t.text for t in root.iter("{http://www.w3.org/2000/svg}text") if t.text]
        assert texts and root.find("{http://www.w3.org/2000/svg}title") is not None, path


def test_the_loaded_demo_gives_each_event_an_audience_and_the_agenda_their_filter(db, settings):
    from django.core.management import call_command

    from agenda.events.facets import agenda_facets
    from agenda.events.filters import AgendaFilters
    from agenda.events.models import Event

    settings.GEOCODER_URL = ""
    call_command("load_demo", verbosity=0)

    assert Event.objects.exists() and not Event.objects.filter(audiences=None).exists()
    offered = {option.label for option in agenda_facets(AgendaFilters())["public"].options}
    assert {"Agents publics", "Grand public", "Élus", "Entreprises"} <= offered


def test_the_loaded_demo_opens_seats_on_its_workshops_to_come_and_nowhere_else(
    db, settings, client, make_event
):
    from django.core.management import call_command
    from django.utils import timezone

    from agenda.events.models import Session

    settings.GEOCODER_URL = ""
    soon = timezone.now() + dt.timedelta(days=3)
    other = make_event(
        "Atelier d’une autre organisation",
        slug="atelier-autre",
        sessions=[(soon, soon + dt.timedelta(hours=2), "Atelier données", {})],
    )
    call_command("load_demo", verbosity=0)
    call_command("load_demo", verbosity=0)  # twice: the same seats, no new SEQUENCE

    opened = Session.objects.filter(registration=Session.Registration.NATIVE)
    assert opened.count() >= 2
    for session in opened:
        assert "atelier" in session.title.lower() and session.starts_at > timezone.now()
        assert session.capacity in (12, 20, 30) and session.waitlist_enabled
        assert session.sequence <= 1
    assert other.sessions.get().registration == Session.Registration.NONE
    first = opened.select_related("event").filter(event__status="published").first()
    page = client.get(first.event.get_absolute_url()).content.decode()
    assert f"{first.capacity}\u00a0places restantes" in page
