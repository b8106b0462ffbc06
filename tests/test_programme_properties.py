"""Property-based tests of the programme extractor (hypothesis), over French programmes generated
in every family of ../shared/corpus/README.md: the sessions written are the sessions read, no
input makes it crash, no year strays from the event's, and a page survives the Jekyll export."""

from __future__ import annotations

import datetime as dt
import re

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.events.services import save_page
from agenda.exchange.jekyll import parse_page
from agenda.exchange.jekyll_writer import write_page
from agenda.exchange.programme import extract_programme, extract_sessions

from .programmes import FAMILIES, front_matter, programmes
from .test_corpus_programme import as_expected

FAST = settings(max_examples=30, deadline=None)


def read(programme) -> list[dict]:
    sessions = extract_sessions(
        programme.body, event_start=programme.event_start, event_end=programme.event_end
    )
    return [as_expected(s) for s in sessions]


@FAST
@given(st.data())
def test_every_family_reads_back_the_sessions_it_was_written_from(data):
    for family in FAMILIES:
        programme = data.draw(programmes(family), label=f"famille {family}")
        assert read(programme) == programme.expected, programme.body


@FAST
@given(programmes())
def test_no_session_strays_from_the_events_years(programme):
    years = range(programme.event_start.year - 1, programme.event_end.year + 2)
    sessions = extract_sessions(
        programme.body, event_start=programme.event_start, event_end=programme.event_end
    )
    for session in sessions:
        assert session.start.year in years
        if session.end is not None:
            assert session.end.year in years


moments = st.one_of(
    st.none(),
    st.dates(min_value=dt.date(1, 1, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1, 1, 1), max_value=dt.datetime(9999, 12, 31)),
)
pieces = st.sampled_from(
    ("Le jeudi 03/11 de 16h15 à 18h15", "**[Du 16/11 au 20/11]**", "* 9h-9h30 : Accueil",
     "<br>", "\\", "**", "[", "]", "«", "»", "Où ?", "(en ligne)", "toute la journée", "Jour 2",
     "### Mardi 14 novembre", "31/02", "99h99", "1er", "de 10h à 11h, de 14h à 15h", "\n", "\n\n",
     "midi", "après-midi", "<h3>", "</h3>", "2023", "00/00/0000", "-", "–", ":", "À 17h, un ",
     "14.11", "14.11.2023", "31.02", "12.50 €", "### Le 14", "**Mardi**", "en continu : ", "9:30",
     "minuit", "9H30", "9 h 30", "(en visio)", ". À 21h : ", "11h-midi", "9h→10h", " > ", "->",
     "9.30 - 10.30", "14.00 : ", "2.0", "Heure : ", "Horaires : ", "Date : ", "Lieu : ",
     "(9h-12h) et ", "| Titre | Horaire |", "à 10h, une table ronde", ", puis à 14h un atelier",
     "12h-midi", "<strong>", "</strong>", "  * ", "Matinée : ")
)  # fmt: skip
bodies = st.one_of(
    st.text(max_size=300),
    st.lists(st.one_of(pieces, st.text(max_size=12)), max_size=40).map("".join),
)


YEAR = re.compile(r"(?<![0-9])(?:19|20)[0-9][0-9](?![0-9])")


def _plausible_years(start, end) -> range | None:
    """The event's years ± 1 when the event has plausible dates (others anchor nothing)."""
    start, end = (v.date() if isinstance(v, dt.datetime) else v for v in (start, end))
    first = start if start is not None and 2000 <= start.year <= 2100 else None
    last = end if end is not None and 2000 <= end.year <= 2100 else None
    first = first or last
    if first is None:
        return None
    last = last if last is not None and last >= first else first
    return range(first.year - 1, last.year + 2)


@settings(max_examples=200, deadline=None)
@given(bodies, moments, moments, moments)
def test_no_input_makes_the_extractor_crash(body, start, end, published):
    programme = extract_programme(body, event_start=start, event_end=end, published=published)
    bounds = _plausible_years(start, end)
    for session in programme.sessions:
        assert session.line >= 1
        if bounds and not YEAR.search(body):  # no year written: the event's years bound them
            assert session.start.year in bounds, (body, start, end)
    count = body.count("\n") + body.count("\r") + 1
    previous = 0
    for first, last in programme.lines:
        assert previous < first <= last <= count
        previous = last


@settings(
    max_examples=25, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(programme=programmes())
def test_a_generated_page_survives_the_jekyll_export(db, programme):
    text = front_matter(programme) + programme.body
    page = parse_page(text, path="genere.markdown", slug="programme-genere")
    assert [as_expected(s) for s in page.sessions] == programme.expected
    event = save_page(page=page)
    exported = write_page(event)
    again = parse_page(exported, path="genere.markdown", slug="programme-genere")
    assert [as_expected(s) for s in again.sessions] == programme.expected
    saved = save_page(page=again)
    assert saved.pk == event.pk
    assert saved.sessions.count() == len(programme.expected)
