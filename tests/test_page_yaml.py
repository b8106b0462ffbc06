"""The fast front-matter writer writes what PyYAML writes, character for character: on every
corpus page, demo page and test page, and on hostile values; only rare shapes go to PyYAML."""

import datetime as dt
import random
from pathlib import Path

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from agenda.demo import demo_pages
from agenda.exchange.page_yaml import JekyllDate, PageDumper, dump, fast_dump
from agenda.lib.safe_yaml import load_yaml

from .conftest import require_shared

PAGES = Path(__file__).resolve().parent / "pages"


def pyyaml(data) -> str:
    return yaml.dump(data, Dumper=PageDumper, allow_unicode=True, sort_keys=False, width=100)


def front_matter_data(text: str, path: str):
    header = text[4:].split("\n---", 1)[0]
    return load_yaml(header, path=path, first_line=2)[1]


def page_data(texts: dict[str, str]) -> dict[str, dict]:
    found = {name: front_matter_data(text, name) for name, text in texts.items()}
    return {name: data for name, data in found.items() if isinstance(data, dict) and data}


def assert_same_without_fallback(pages: dict[str, dict]) -> None:
    assert pages
    for name, data in pages.items():
        assert fast_dump(data) == pyyaml(data), name


def test_it_writes_every_corpus_page_as_pyyaml_does_without_falling_back():
    folder = require_shared("corpus/numerique.gouv.fr/_evenements")
    texts = {str(p): p.read_text() for p in sorted(folder.rglob("*.m*")) if p.is_file()}
    assert len(page_data(texts)) >= 99
    assert_same_without_fallback(page_data(texts))


def test_it_writes_every_demo_and_test_page_as_pyyaml_does_without_falling_back():
    texts = dict(demo_pages(dt.date(2026, 12, 4)))
    texts |= {p.name: p.read_text() for p in sorted(PAGES.glob("*.markdown"))}
    assert len(page_data(texts)) > 60
    assert_same_without_fallback(page_data(texts))


def test_it_writes_every_imported_corpus_event_as_pyyaml_does(db):
    from agenda.exchange.jekyll_writer import front_matter
    from agenda.exchange.services import import_paths

    report = import_paths([require_shared("corpus/numerique.gouv.fr/_evenements")])
    assert len(report.imported) == 99
    for event in report.imported:
        data = front_matter(event)
        assert fast_dump(data) == pyyaml(data), event.source_path


# Pieces of hostile text: indicators, quotes, breaks, unicode spaces, control characters,
# emoji, words that read as other types, long words, and plain words to fold on.
PIECES = [
    *"aZé9 ,:#-?&*!|>'\"%@`\\[]{}=~.",
    *["  ", ": ", " #", "- ", "? ", "---", "...", "<<", "mot ", "un mot ", "Programme : "],
    *["\n", "\n\n", "\n ", " \n", "\r\n", "\t", "\x85", "\u2028", "\u2029", "\xa0", "\u202f"],
    *["\x00", "\x07", "\x1b", "\x7f", "\ufeff", "\ufffe", "😀", "\U0010ffff", "\U0010fffe"],
    *["yes", "no", "null", "Null", "~", "true", "False", "on", "12", "-3", "1.5", "0x1F", "1e3"],
    *["2026-12-04", "2026-12-04 10:00:00 +01:00", ".inf", "0o17", "1_000"],
    "x" * 57,
    "anticonstitutionnellement",
]


def hostile_text(pick) -> str:
    return "".join(pick() for _ in range(pick.count()))


def hostile_value(rng: random.Random, depth: int = 0):
    def pick():
        return rng.choice(PIECES)

    pick.count = lambda: rng.choice([0, 1, 2, 3, 5, 8, 20, 40])
    kind = rng.randrange(10 if depth < 2 else 6)
    if kind < 4:
        return hostile_text(pick)
    if kind == 4:
        return rng.choice([True, False, None, 0, -7, 10**20, JekyllDate(hostile_text(pick))])
    if kind == 5:
        return JekyllDate("2026-12-04 10:00:00 +01:00")
    if kind < 8:
        return [hostile_value(rng, depth + 1) for _ in range(rng.randrange(4))]
    return hostile_mapping(rng, depth + 1)


def hostile_mapping(rng: random.Random, depth: int = 0) -> dict:
    keys = ["title", "date", "lieu", "une-ou-diaporama", "chapeau-text", "x y", "clé", "k:"]
    return {rng.choice(keys) + str(n): hostile_value(rng, depth) for n in range(rng.randrange(5))}


def hostile_page(rng: random.Random) -> dict:
    """The shapes the writer produces, every text hostile."""

    def text() -> str:
        return "".join(rng.choice(PIECES) for _ in range(rng.choice([0, 1, 2, 3, 8, 20, 60])))

    return {
        "title": text(),
        "date": JekyllDate("2026-12-04 10:00:00 +01:00"),
        "categories": [text() for _ in range(rng.randrange(1, 4))],
        "chapeau-text": text(),
        "une-ou-diaporama": [{"image": text(), "legende": text()}],
        "lieu": text(),
        "afficher_la_carte": True,
        "champs_informations": [{"intitule": text(), "contenu": text(), "lien": text()}],
        "published": False,
    }


def test_it_writes_hostile_texts_in_the_writers_shapes_as_pyyaml_does_never_falling_back():
    rng = random.Random(2026)
    for _ in range(2000):
        data = hostile_page(rng)
        assert fast_dump(data) == pyyaml(data), data


def test_it_writes_hostile_values_as_pyyaml_does_or_leaves_them_to_pyyaml():
    rng = random.Random(2026)
    fallbacks = 0
    for _ in range(3000):
        data = {"title": hostile_value(rng, 2)} | hostile_mapping(rng)
        fast = fast_dump(data)
        fallbacks += fast is None
        assert (fast or pyyaml(data)) == pyyaml(data), data
        assert dump(data) == pyyaml(data)
    # 472 of 3000: a list in a list, or a bare date that does not read as one (PyYAML tags it)
    assert fallbacks < 500


texts = st.lists(st.sampled_from(PIECES) | st.text(max_size=12), max_size=30).map("".join)
values = st.recursive(
    texts | st.none() | st.booleans() | st.integers() | texts.map(JekyllDate),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(texts, inner, max_size=4),
    max_leaves=12,
)


@given(st.dictionaries(texts, values, min_size=1, max_size=6))
def test_it_writes_any_value_as_pyyaml_does_or_leaves_it_to_pyyaml(data):
    fast = fast_dump(data)
    if fast is not None:
        assert fast == pyyaml(data)


@pytest.mark.parametrize(
    "data",
    [
        {"a": 1.5},  # floats: PyYAML's own spelling
        {"a": [["b"]]},  # a list in a list
        {"yes": "b"},  # a key read as a boolean: quoted
        {"k" * 123: "b"},  # a key too long to be simple
        {"a": (shared := ["b"]), "c": shared},  # the same list twice: an anchor
    ],
)
def test_it_leaves_to_pyyaml_what_it_does_not_write_itself(data):
    assert fast_dump(data) is None
    assert dump(data) == pyyaml(data)
