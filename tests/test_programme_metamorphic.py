"""Metamorphic tests of the programme extractor (issue 11): every page with expectations (the
corpus of ../shared and our own tests/pages), rewritten as another editor could have written it
(`tests/metamorphic.py`), must give the same sessions — start, end, title and labels.

`pytest tests/test_programme_metamorphic.py -s -k table` prints, for each rewriting,
the pages whose sessions change.
"""

from __future__ import annotations

import functools
import html
import json
import re
from pathlib import Path

import pytest

from agenda.exchange.jekyll import PageError, parse_page

from .metamorphic import MEASURED_ONLY, REWRITINGS, Rewriting
from .test_corpus_programme import CORPUS, EXPECTED, _fold, _require_corpus, as_expected
from .test_own_pages import PAGES

_FRONT_MATTER_END = re.compile(r"\A---[ \t]*\r?\n.*?\n---[ \t]*(?:\r?\n|\Z)", re.DOTALL)


def _pages() -> list[Path]:
    corpus = []
    if EXPECTED.is_dir():
        for expectation in sorted(EXPECTED.glob("*.json")):
            corpus.append(CORPUS / json.loads(expectation.read_text("utf-8"))["source"])
    return corpus + sorted(PAGES.glob("*.markdown"))


def _sessions(text: str, path: Path) -> list[tuple] | str:
    try:
        page = parse_page(text, path=path.name, slug="page")
    except PageError as error:
        return f"error: {error}"
    return [tuple(_key(as_expected(s))) for s in page.sessions]


def _key(session: dict) -> tuple:
    return session["start"], session["end"], session["title"], tuple(session["labels"])


@functools.cache
def _original(path: Path) -> list[tuple] | str:
    return _sessions(path.read_text("utf-8"), path)


def rewritten(text: str, rewriting: Rewriting) -> str:
    if rewriting.whole_page:
        return rewriting.rewrite(text)
    front = _FRONT_MATTER_END.match(text)
    cut = front.end() if front else 0
    return text[:cut] + rewriting.rewrite(text[cut:])


def _expected(path: Path, rewriting: Rewriting) -> list[tuple] | str:
    """The original sessions, their titles rewritten as the page was (and read: `&nbsp;` is a
    space)."""
    original = _original(path)
    if isinstance(original, str) or not rewriting.inline:
        return original
    return [
        (start, end, _fold(html.unescape(rewriting.rewrite(title))) if title else title, labels)
        for start, end, title, labels in original
    ]


@functools.cache
def broken_pages(rewriting: Rewriting) -> dict[str, tuple]:
    """{page name: (sessions expected, sessions read)} for the pages whose sessions change."""
    broken = {}
    for path in _pages():
        expected = _expected(path, rewriting)
        got = _sessions(rewritten(path.read_text("utf-8"), rewriting), path)
        if got != expected:
            broken[path.name] = (expected, got)
    return broken


def test_each_rewriting_changes_some_page_and_the_table_says_what_it_breaks(capsys) -> None:
    """A rewriting that never applies proves nothing. The table: for each rewriting, how many
    pages it changes and which ones it breaks (see tests/pages/README.md, "Metamorphic tests");
    the rewritings measured only (MEASURED_ONLY) are printed, not asserted."""
    _require_corpus()
    texts = [path.read_text("utf-8") for path in _pages()]
    changed = {r: sum(rewritten(t, r) != t for t in texts) for r in REWRITINGS + MEASURED_ONLY}
    with capsys.disabled():
        print(f"\nmetamorphic rewritings over {len(texts)} pages (pages changed: broken):")
        for rewriting in REWRITINGS + MEASURED_ONLY:
            broken = sorted(broken_pages(rewriting))
            names = " ".join(name[:30] for name in broken[:4])
            print(f"  {rewriting.name:<40} {changed[rewriting]:>3}: {len(broken):>2}  {names}")
    assert [r.name for r in REWRITINGS + MEASURED_ONLY if not changed[r]] == []


@pytest.mark.parametrize("rewriting", REWRITINGS, ids=lambda r: r.name)
def test_the_rewriting_keeps_the_sessions_of_every_page(rewriting: Rewriting) -> None:
    _require_corpus()
    broken = broken_pages(rewriting)
    assert not broken, "\n".join(f"{name}: {pair}" for name, pair in broken.items())
