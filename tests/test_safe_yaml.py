"""The front matter is composed once and built from its tree in the walk that checks the
budgets; the event scan (`_scan`) runs only to locate a refusal. Whatever the input, the
result is the scan followed by PyYAML's safe constructor: the same data, the same refusals
at the same lines and columns."""

import random

import pytest

from agenda.lib import safe_yaml
from agenda.lib.pages import PageError

TRICKY = [
    "", "a", "- 1\n- 2", "a: &a [1,2]\nb: *a", "a: &a 1", "a: !!int 5", "a: ! x", "&x a: 1",
    "a: " + "[" * 20 + "]" * 20, "a: " + "[" * 2000 + "]" * 2000, "- - - - - - - - - - - x",
    "- - - - - - - - - - - - - - x", "a: {b: {c: {d: {e: {f: {g: {h: {i: {j: {k: {l: 1}}}}}}}}}}}",
    "\n".join(f"k{i}: {i}" for i in range(3000)), "a: [" + ",".join(["x"] * 6000) + "]",
    "a: 1\n---\nb: 2", "a: =", "<<: {x: 1}\ny: 2", "a: 1\na: 2", "1: a\ntrue: b\n1.0: c",
    "? [1, 2]\n: x", "? {a: 1}\n: x", "a: .nan\nb: -.inf\nc: .inf", "a: 0o17\nb: 0x1F\nc: 1_000",
    "d: 190:20:30\ne: 1:30.5", "a: " + "9" * 40, "a: '" + "9" * 40 + "'", "a: " + "x9" * 30,
    "null: 1\n~: 2\nyes: 3\nOff: 4", "a: b: c", "a:\n\t- b", "x: 2026-12-01 10:00:00 +01:00",
    "%YAML 1.1\n---\na: 1", "a: &anchor\n  b: 1", "a: *unknown", "[a, b]: 1", "a: |\n  texte\n",
    "titre: R&D, l’*atelier* !\nlien: https://x.fr/?a=1&b=2", "m: [a: b, c: [d: e]]", "p:\n- \n-",
]  # fmt: skip


def _reference(text: str):
    """What the reader did before: the scan, then PyYAML's compose and safe constructor."""
    safe_yaml._scan(text, "p", 3)
    loader = safe_yaml._Loader(text)
    try:
        root = loader.get_single_node()
        data = loader.construct_document(root) if root is not None else None
    except safe_yaml.yaml.YAMLError as exc:
        raise safe_yaml._syntax_error(exc, "p", 3) from None
    finally:
        loader.dispose()
    return safe_yaml.plain(data)


def _outcome(read, text: str):
    try:
        return "ok", repr(read(text))
    except PageError as error:
        return "refused", vars(error.problem)


def _mutants(texts: list[str], rng: random.Random) -> list[str]:
    pieces = ["a: &x 1", "b: *x", "c: !!str 5", "- [", "d: {", "<<: {z: 1}", "=: 2", "---",
              "e: " + "1" * 40, "? [a]\n: 1", "  - - x", "yes: 1", "1: 2"]  # fmt: skip
    found = []
    for text in texts:
        lines = text.split("\n")
        at = rng.randrange(len(lines))
        found.append("\n".join([*lines[:at], rng.choice(pieces), *lines[at:]]))
        found.append("\n".join(lines[:at] + [lines[at][: rng.randrange(len(lines[at]) + 1)]]))
    return found


@pytest.mark.parametrize("text", TRICKY)
def test_tricky_front_matter_reads_as_the_scan_and_pyyaml_read_it(text):
    assert _outcome(lambda t: safe_yaml.load_yaml(t, path="p", first_line=3)[1], text) == (
        _outcome(_reference, text)
    )


def test_generated_and_altered_front_matters_read_as_the_scan_and_pyyaml_read_them(tmp_path):
    from agenda.lib.frontmatter import FRONT_MATTER
    from bench.generate import write_pages

    write_pages(tmp_path, 40)
    texts = [FRONT_MATTER.match(p.read_text()).group(1) for p in sorted(tmp_path.iterdir())]
    texts += _mutants(texts, random.Random(7))
    outcomes = [
        _outcome(lambda t: safe_yaml.load_yaml(t, path="p", first_line=3)[1], t) for t in texts
    ]
    assert outcomes == [_outcome(_reference, text) for text in texts]
    assert 10 < sum(kind == "refused" for kind, _ in outcomes) < len(texts) - 40


def test_a_page_whose_nesting_could_be_deep_is_scanned_before_its_tree_is_built(monkeypatch):
    built = []
    real = safe_yaml._Loader.get_single_node
    monkeypatch.setattr(
        safe_yaml._Loader, "get_single_node", lambda self: built.append(1) or real(self)
    )
    with pytest.raises(PageError) as refused:
        safe_yaml.load_yaml("a: " + "[" * 600 + "]" * 600, path="p", first_line=3)
    assert refused.value.problem.code == "yaml-depth" and built == []
