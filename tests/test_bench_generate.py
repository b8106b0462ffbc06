"""The benchmark's page generator writes pages our importer reads, with the sessions it meant."""

import datetime as dt
import sys
from pathlib import Path

import pytest

from agenda.exchange.jekyll import parse_page, read_page

ROOT = str(Path(__file__).resolve().parents[1])
if ROOT not in sys.path:  # bench/ is not an installed package: import it from the checkout
    sys.path.insert(0, ROOT)

from bench.generate import make_page, write_pages  # noqa: E402

START = dt.date(2026, 12, 1)  # events up to May 2027: some cross into the next year


def test_the_same_seed_gives_the_same_pages_and_a_page_does_not_depend_on_the_count():
    assert make_page(7, start=START) == make_page(7, start=START)
    assert make_page(7, start=START).text != make_page(7, seed=1, start=START).text
    assert make_page(7, start=START).text != make_page(8, start=START).text


@pytest.mark.parametrize("index", range(80))
def test_a_generated_page_is_read_with_its_sessions_dates_titles_and_labels(index):
    generated = make_page(index, start=START)
    page = parse_page(generated.text, path=generated.filename, slug=generated.slug)
    assert page.title and not page.warnings
    assert page.start.value == generated.start and page.end.value == generated.end
    assert generated.start.year == generated.end.year
    assert 1 <= len(generated.sessions) <= 4
    assert [(s.start, s.end, s.title, list(s.labels)) for s in page.sessions] == [
        (s.start, s.end, s.title, list(s.labels)) for s in generated.sessions
    ]
    for session in generated.sessions:
        assert generated.start <= session.start.date() <= generated.end


def test_written_pages_are_read_back_from_their_files(tmp_path):
    sessions = write_pages(tmp_path, 25, start=START)
    files = sorted(tmp_path.glob("*.markdown"))
    assert len(files) == 25
    pages = [read_page(path) for path in files]
    assert sum(len(page.sessions) for page in pages) == sessions
    assert len({page.slug for page in pages}) == 25
    notations = {s.notation for i in range(25) for s in make_page(i, start=START).sessions}
    assert notations == {"seed", "brackets"}
