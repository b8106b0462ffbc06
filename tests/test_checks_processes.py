"""`agenda check` runs each page's own rules where the page is read (a process per core) and
only the comparisons between pages in the process that gathers them: the same problems, in the
same order, as every rule run in one process."""

import pickle
from dataclasses import replace

import pytest

from agenda.checks import check_pages
from agenda.exchange import reading

from .test_checks import PROGRAMME

LINK = "https://www.eventbrite.fr/e/billets-meetup-quiz-449408933217"
SEGUR, PAIX = "77 avenue de Ségur", "12 rue de la Paix"
MEETUP = "Design public – Meetup #1"
PAGES = {  # name: (title, start, link, address)
    "2023.markdown": ("Quiz 2023", "2023-11-03 16:15:00 +01:00", LINK, f"{SEGUR} 75015 Paris"),
    "2022.markdown": ("Quiz 2022", "2022-11-03 16:15:00 +01:00", LINK, f"{SEGUR} 75015 Paris"),
    "b.markdown": (MEETUP, "2019-10-17 18:30:00 +02:00", "/a", f"{PAIX}, 80000 Amiens"),
    "a.markdown": (MEETUP.replace("–", "-"), "2019-10-17 18:30:00 +02:00", "/b", f"{PAIX} 80000"),
    "c.markdown": ("C", "2019-10-19 18:30:00 +02:00", "/c", "12, rue de la paix – 80090 Amiens"),
    "d.markdown": ("D", "2019-10-20 18:30:00 +02:00", "/d", f"{SEGUR}, 75007 Paris"),
    "e.markdown": ("E", "2019-10-21 18:30:00 +02:00", "/e", f"{SEGUR}, 75015 Paris"),
}


@pytest.fixture
def folder(tmp_path):
    for name, (title, start, link, address) in PAGES.items():
        text = PROGRAMME.format(title=title, start=start, link=link, address=address)
        (tmp_path / name).write_text(text.lstrip("\n"), encoding="utf-8")
    (tmp_path / "sans-date.markdown").write_text("---\ntitle: Sans date\n---\nTexte\n")
    return tmp_path


def test_pages_checked_by_several_processes_give_the_problems_of_one(folder, monkeypatch):
    pages, failures = reading.read_pages([folder])
    in_one_process = check_pages(pages)

    forked = []
    real_pool = reading.ProcessPoolExecutor
    monkeypatch.setattr(
        reading, "ProcessPoolExecutor", lambda *a, **k: forked.append(a) or real_pool(*a, **k)
    )
    monkeypatch.setattr(reading, "CHUNK", 3)
    monkeypatch.setattr(reading.os, "cpu_count", lambda: 2)
    read, unreadable, checked = reading.read_and_check([folder])
    compared = check_pages(read, checked)

    assert forked == [(2,)]
    assert [page.path for page in read] == [page.path for page in pages]
    assert [vars(p) for p in unreadable] == [vars(p) for p in failures]
    assert [p.code for p in failures] == ["no-date"]
    assert [vars(p) for p in compared] == [vars(p) for p in in_one_process]
    found = {(p.path.rsplit("/", 1)[-1], p.code) for p in compared}
    assert {
        ("2023.markdown", "reused-link"),
        ("b.markdown", "duplicate-event"),
        ("c.markdown", "address-mismatch"),
        ("d.markdown", "address-mismatch"),
    } <= found


def test_a_preparation_that_fails_where_the_page_is_read_is_done_again_by_its_rule(
    folder, monkeypatch
):
    from agenda.checks import rules_content
    from agenda.checks.rules import RULES

    def broken(ctx):
        if ctx.page.path.endswith("c.markdown"):
            raise RuntimeError("boom")
        return rules_content.page_addresses(ctx)

    rule = RULES["address-mismatch"]
    monkeypatch.setitem(RULES, "address-mismatch", replace(rule, prepare=broken))
    pages, _failures, checked = reading.read_and_check([folder])
    problems = check_pages(pages, checked)

    assert len(checked) == len(pages) == len(PAGES)
    assert [
        (p.path.rsplit("/", 1)[-1], p.code)
        for p in problems
        if p.code in ("check-error", "address-mismatch")
    ] == [("c.markdown", "address-mismatch"), ("d.markdown", "address-mismatch")]


def test_checks_located_from_the_readers_yaml_tree_equal_those_of_a_new_compose(folder):
    """The reader keeps the front matter's node tree for the checks (no second compose): the
    same problems, at the same lines and columns, as checks that compose it again. A merge key
    (`<<:`, which loading rewrites in the tree) leaves the tree out."""
    from .conftest import require_shared

    corpus = require_shared("corpus") / "numerique.gouv.fr" / "_evenements"
    merged = folder / "merge.markdown"
    merged.write_text(
        '---\ntitle: M\nevent_start_date: 2023-11-03\n"<<": {lieu: x}\n'
        "champs_informations:\n- <<: {intitule: A}\n  contenu: B\n---\nTexte\n",
        encoding="utf-8",
    )
    files = sorted(corpus.glob("*.markdown")) + sorted(folder.glob("*.markdown"))
    pages, _ = reading.read_chunk(files)  # in this process: the trees are kept
    assert sum(page.front_yaml is not None for page in pages) >= 100
    assert next(p for p in pages if p.path == str(merged)).front_yaml is None
    with_tree = check_pages(pages)
    composed = check_pages([replace(page, front_yaml=None) for page in pages])
    assert len(with_tree) > 100
    assert [vars(p) for p in with_tree] == [vars(p) for p in composed]
    sent = pickle.loads(pickle.dumps(pages[0]))  # to the gathering process: without the tree
    assert sent.front_yaml is None and sent == pages[0]


def test_the_comparisons_compose_no_front_matter_again(folder, monkeypatch):
    """What duplicate-event reads of a page (its title's key and where it is written) is found
    where the page is read: the gathering process, given pages without their node tree, finds
    the same problems without composing a front matter."""
    import yaml

    pages, _failures = reading.read_pages([folder])
    in_one_process = check_pages(pages)
    read, _unreadable, checked = reading.read_and_check([folder])
    sent = pickle.loads(pickle.dumps((read, checked)))

    def no_compose(*args, **kwargs):
        raise AssertionError("front matter composed again")

    monkeypatch.setattr(yaml, "compose", no_compose)
    compared = check_pages(*sent)

    assert [vars(p) for p in compared] == [vars(p) for p in in_one_process]
    assert ("b.markdown", "duplicate-event") in {
        (p.path.rsplit("/", 1)[-1], p.code) for p in compared
    }


def test_titles_compared_by_their_bounds_first_agree_with_difflibs_ratio():
    import difflib
    import random

    from agenda.checks.rules_content import _similar, _Title, title_key

    rng = random.Random(11)
    words = "atelier meetup design public données ouvertes numérique état 2023 #1 édition".split()
    agreed = {True: 0, False: 0}
    for _ in range(3000):
        a = " ".join(rng.choice(words) for _ in range(rng.randint(1, 6)))
        b = list(a)
        for _ in range(rng.randint(0, 4)):  # a few characters changed, added or removed
            at = rng.randrange(len(b) + 1)
            choice = rng.randrange(3)
            if choice == 0 and at < len(b):
                b[at] = rng.choice("aeiouxyz ")
            elif choice == 1:
                b.insert(at, rng.choice("aeiou-#1"))
            elif at < len(b):
                del b[at]
        a, b = title_key(a), title_key("".join(b))
        expected = bool(a and b) and (
            difflib.SequenceMatcher(None, a, b, autojunk=False).ratio() >= 0.9
        )
        assert _similar(_Title(a), _Title(b)) is expected, (a, b)
        agreed[expected] += 1
    assert min(agreed.values()) > 300  # both answers met often
