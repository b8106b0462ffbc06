"""Our own pages (tests/pages/), written in forms the corpus does not show, one or more for each
kind of mistake the importer made on pages it had never seen: the sessions a careful reader finds
in them, and the problems the checks must report (and only those)."""

from __future__ import annotations

import collections
import json
from pathlib import Path

import pytest

from agenda.exchange.jekyll import read_page
from agenda.exchange.reading import check_paths

from .test_corpus_programme import _normalised, as_expected

PAGES = Path(__file__).resolve().parent / "pages"
MEASURED = (
    "weekday-mismatch", "other-year", "session-outside-event", "end-before-start", "bad-date",
    "time-mismatch", "bad-url", "missing-alt", "malformed-field",
)  # fmt: skip


def expectations() -> list[Path]:
    return sorted((PAGES / "expected").glob("*.json"))


def load(expectation: Path) -> tuple[dict, Path]:
    data = json.loads(expectation.read_text(encoding="utf-8"))
    return data, PAGES / data["source"]


def sessions_of(page: Path) -> list[dict]:
    """The sessions as `agenda import` reads them (the page reader, then the extractor)."""
    return [as_expected(s) for s in read_page(page).sessions]


def test_every_page_has_its_expectation_and_is_listed_in_the_readme():
    pages = {p.name for p in PAGES.glob("*.markdown")}
    expected = {json.loads(e.read_text())["source"] for e in expectations()}
    assert pages == expected
    readme = (PAGES / "README.md").read_text(encoding="utf-8")
    assert all(f"`{name}`" in readme for name in pages)


@pytest.mark.parametrize("expectation", expectations(), ids=lambda p: p.name.split(".")[0])
def test_our_page_gives_the_sessions_a_careful_reader_finds(expectation: Path):
    data, page = load(expectation)
    assert sessions_of(page) == [_normalised(s) for s in data["sessions"]]


@pytest.mark.parametrize("expectation", expectations(), ids=lambda p: p.name.split(".")[0])
def test_our_page_gets_exactly_the_problems_a_careful_reader_finds(expectation: Path):
    data, page = load(expectation)
    got = collections.Counter((p.code, p.line) for p in check_paths([page]) if p.code in MEASURED)
    assert got == collections.Counter((p["code"], p["line"]) for p in data["problems"])
