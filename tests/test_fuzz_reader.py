"""Fuzz suite for the page reader and the programme extractor (issue 10.3 and 10.4).

- hypothesis writes pages and programme bodies from the characters and words that matter to
  the reader (YAML punctuation, dates, hours, markup, links, control characters): reading one
  either gives a page or one located PageError, and the checks never fail on it;
- a generator (tests/hostile.py) writes 1,000 pages of every hostile kind, good ones mixed in,
  that are checked and imported in one batch: 0 tracebacks, 0 pages stopped by the time
  backstop, every good page imported, every other one refused with the error expected.

CI runs hypothesis with the `ci` profile (few examples, see tests/conftest.py); run
`HYPOTHESIS_PROFILE=deep pytest tests/test_fuzz_reader.py` for a longer search.
"""

from __future__ import annotations

import datetime as dt
import os

import yaml
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agenda.checks import check_page, check_pages
from agenda.exchange.jekyll import parse_page
from agenda.exchange.programme import extract_sessions
from agenda.exchange.reading import read_pages
from agenda.exchange.services import import_paths
from agenda.lib.limits import max_sessions
from agenda.lib.pages import PageError
from tests.hostile import hostile_batch

WORDS = [
    "Le", "Du", "au", "et", "de", "à", "lundi", "Mardi", "03/11", "1er", "14", "novembre",
    "2026", "2099", "0001", "10h", "14h30", "9h-12h", "–", "-", ":", ",", "**", "*", "_", "__",
    "[", "]", "(", ")", "[Atelier]", "<b>", "</b>", "<br>", "<i>", "</i>", "<li>", "#", "> ",
    "|", "\\", "&nbsp;", "&amp;", "https://example.org", "javascript:alert(1)", "data:,x",
    "![x](", "](", '<a href="', '">', "{:", "\u00a0", "é", "\t", "\r", "\x0b", "\u2028",
    "Quand ?", "inscription", "gratuit", "10 €", "77 avenue de Ségur 75015 Paris",
]  # fmt: skip
YAML_CHARS = "abc019 :-_[]{},&*!|>'\"#%@`?\n\t.+~\\é"
KEYS = [
    "title", "date", "event_start_date", "event_end_date", "lieu", "adresse", "acces",
    "champs_informations", "une-ou-diaporama", "tags", "categories", "published", "autre",
]  # fmt: skip
CAP_ERRORS = {"reader-error", "too-slow", "not-saved", "check-error"}

line = st.lists(st.sampled_from(WORDS), max_size=12).map(" ".join)
body = st.lists(line, max_size=25).map("\n".join)
scalar = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-(10**40), 10**40),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.sampled_from(["2026-11-03", "2026-11-03 10:00:00 +01:00", "0001-01-01", "2026-13-45"]),
)
value = st.recursive(
    scalar,
    lambda inner: st.one_of(
        st.lists(inner, max_size=4), st.dictionaries(st.sampled_from(KEYS), inner, max_size=4)
    ),
    max_leaves=12,
)
front_data = st.dictionaries(st.sampled_from(KEYS), value, max_size=8)
front_text = st.one_of(
    front_data.map(lambda data: yaml.safe_dump(data, allow_unicode=True)),
    st.text(alphabet=YAML_CHARS, max_size=200),
)


def _page(front: str, text: str) -> str:
    return f"---\ntitle: Page\n{front}\n---\n{text}\n"


def _read(text: str):
    """The page, or None when refused; any other exception fails the test."""
    try:
        return parse_page(text, path="fuzz.md", slug="fuzz")
    except PageError as error:
        assert error.problem.line >= 1 and error.problem.code and error.problem.message
        return None


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(front=front_text, text=body)
def test_reading_any_page_gives_a_page_or_one_located_error(front, text):
    page = _read(_page(front, text))
    if page is None:
        return
    lines = text.count("\n") + front.count("\n") + 6
    assert len(page.sessions) <= max_sessions()
    assert all(1 <= session.line <= lines for session in page.sessions)
    assert all("\x00" not in value for value in (page.title, page.place_label, page.address))
    assert not [p for p in check_page(page) if p.code in CAP_ERRORS]


@settings(suppress_health_check=[HealthCheck.too_slow])
@given(
    text=body,
    start=st.one_of(st.none(), st.dates(dt.date(1900, 1, 1), dt.date(2199, 12, 31))),
    days=st.integers(0, 400),
)
def test_the_extractor_never_fails_and_stays_bounded(text, start, days):
    end = start + dt.timedelta(days=days) if start and start.year < 2199 else None
    sessions = extract_sessions(text, event_start=start, event_end=end, first_line=5)
    assert len(sessions) <= text.count("\n") * 10 * (max_sessions() + 1) + max_sessions() + 1
    for session in sessions:
        assert session.end is None or session.end >= session.start or session.title is not None


def test_a_thousand_hostile_pages_import_in_one_batch(tmp_path, db):
    pages = hostile_batch(tmp_path, 1000, seed=int(os.environ.get("FUZZ_SEED", "10")))
    report = import_paths([tmp_path])
    folder = os.fsencode(tmp_path)

    def path_of(page) -> str:
        return (folder + b"/" + page.name).decode("utf-8", "backslashreplace")

    failed = {problem.path: problem.code for problem in report.failed}
    skipped = {str(item.path) for item in report.skipped}
    assert not set(failed.values()) & CAP_ERRORS, "a page cost a traceback or hit the backstop"
    assert not {p.code for p in report.problems} & CAP_ERRORS
    expected_good = [page for page in pages if page.refused is None]
    assert len(report.imported) == len(expected_good)
    assert {event.source_path for event in report.imported} == set(map(path_of, expected_good))
    for page in pages:
        if page.refused == "no-front-matter":  # in a folder, not even a page: passed over
            assert path_of(page) in skipped
        elif page.refused:
            assert failed.get(path_of(page)) == page.refused, page.kind

    # The same reader for `agenda check`: exactly the same pages refused, with the same codes.
    read, failures = read_pages([tmp_path])
    assert {problem.path: problem.code for problem in failures} == failed
    assert not {p.code for p in check_pages(read)} & CAP_ERRORS
