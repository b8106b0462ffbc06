"""The programme extractor against the hand-checked corpus of numerique.gouv.fr event pages.

For every `../shared/corpus/expected/<page>.json`, the sessions read from the page must be the
ones a careful reader found: same start and end, same title once markup and extra spaces are
gone, same labels.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
import yaml

from agenda.exchange.programme import ParsedSession, extract_sessions

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
CORPUS = SHARED / "corpus"
EXPECTED = CORPUS / "expected"
IN_CI = os.environ.get("CI", "").lower() == "true"

_MOMENT = re.compile(
    r"^\s*(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})"
    r"(?:[ T]+(?P<H>\d{1,2}):(?P<M>\d{2})(?::\d{2}(?:\.\d+)?)?)?"
    r"\s*(?:Z|[+-]\d{2}:?\d{2})?\s*$"
)


class _TextLoader(yaml.SafeLoader):
    """Front matter with timestamps kept as text: the offset is dropped by hand below."""


_TextLoader.yaml_implicit_resolvers = {
    key: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for key, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.copy().items()
}


def split_page(text: str) -> tuple[dict[str, Any], str, int]:
    """(front matter, body, line number of the body's first line in the file)."""
    lines = text.split("\n")
    if not lines or lines[0].strip() != "---":
        return {}, text, 1
    for index in range(1, len(lines)):
        if lines[index].strip() == "---":
            data = yaml.load("\n".join(lines[1:index]), Loader=_TextLoader) or {}
            return data, "\n".join(lines[index + 1 :]), index + 2
    return {}, text, 1


def moment(value: Any) -> dt.date | dt.datetime | None:
    """`2023-11-02 00:00:00 +01:00` -> naive Paris wall-clock (the offset is just dropped);
    00:00 means no time; impossible values (year 0007) -> None."""
    if value is None:
        return None
    match = _MOMENT.match(str(value))
    if not match:
        return None
    try:
        day = dt.date(int(match["y"]), int(match["m"]), int(match["d"]))
    except ValueError:
        return None
    if not 1990 <= day.year <= 2100:
        return None
    if match["H"] is None or (int(match["H"]), int(match["M"])) == (0, 0):
        return day
    return dt.datetime.combine(day, dt.time(int(match["H"]), int(match["M"])))


def event_dates(data: dict[str, Any]) -> tuple[Any, Any, Any]:
    data = {str(k).strip(): v for k, v in data.items()}
    start = (
        moment(data.get("event_start_date"))
        or moment(data.get("event_date"))
        or moment(data.get("dateEvent"))
    )
    return start, moment(data.get("event_end_date")), moment(data.get("date"))


def _iso(value: dt.date | dt.datetime | None) -> str | None:
    if value is None:
        return None
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%dT%H:%M")
    return value.isoformat()


def _fold(text: str | None) -> str | None:
    if text is None:
        return None
    return " ".join(re.sub(r"<[^>]+>|\*+", "", text).split())


def as_expected(session: ParsedSession) -> dict[str, Any]:
    return {
        "start": _iso(session.start),
        "end": _iso(session.end),
        "title": _fold(session.title),
        "labels": list(session.labels),
    }


def _normalised(expected: dict[str, Any]) -> dict[str, Any]:
    return {
        "start": expected["start"],
        "end": expected["end"],
        "title": _fold(expected["title"]),
        "labels": list(expected.get("labels") or []),
    }


def _expectation_files() -> list[Path]:
    return sorted(EXPECTED.glob("*.json")) if EXPECTED.is_dir() else []


def _require_corpus() -> None:
    if not EXPECTED.is_dir():
        message = f"{EXPECTED} is missing (the corpus lives beside the project, in ../shared)"
        if IN_CI:
            pytest.fail(message)
        pytest.skip(message)


def extract_page(expectation: Path) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    expected = json.loads(expectation.read_text(encoding="utf-8"))
    page = CORPUS / expected["source"]
    data, body, first_line = split_page(page.read_text(encoding="utf-8"))
    start, end, published = event_dates(data)
    sessions = extract_sessions(
        body, event_start=start, event_end=end, first_line=first_line, published=published
    )
    got = [as_expected(s) for s in sessions]
    return got, [_normalised(s) for s in expected["sessions"]]


@pytest.mark.parametrize(
    "expectation", _expectation_files() or [None], ids=lambda p: p.name if p else "no-corpus"
)
def test_the_programme_matches_the_hand_checked_sessions(expectation: Path | None) -> None:
    _require_corpus()
    got, expected = extract_page(expectation)
    assert got == expected


def test_the_corpus_summary_reports_pages_and_sessions_matched(capsys) -> None:
    _require_corpus()
    pages = matched_pages = sessions = matched_sessions = 0
    for expectation in _expectation_files():
        got, expected = extract_page(expectation)
        pages += 1
        matched_pages += got == expected
        sessions += len(expected)
        matched_sessions += sum(1 for s in expected if s in got)
    with capsys.disabled():
        print(
            f"\nprogramme corpus: {matched_pages}/{pages} pages, "
            f"{matched_sessions}/{sessions} sessions match"
        )
    assert pages > 0
