"""The checks measured on the real pages of ../shared/corpus (issue 3, "measured, not assumed").

Every page of the corpus is checked at once (cross-page rules see the whole programme) and the
problems are compared with what a careful reader found (`expected/*.json`: `problems`, as
(code, line) pairs). Recall and precision per code are printed (`pytest -s`) and must be ≥ 0.9
for every code that has examples; pages the reader found clean must get no error.
"""

import collections
import json
import subprocess
import sys
from pathlib import Path

import pytest

from agenda.checks import check_pages
from agenda.exchange.reading import read_pages

from .conftest import require_shared

ROOT = Path(__file__).resolve().parents[1]
# The codes the expectations list (the others are not annotated in the corpus).
MEASURED = (
    "weekday-mismatch", "other-year", "session-outside-event", "end-before-start", "bad-date",
    "time-mismatch", "bad-url", "missing-alt", "malformed-field",
)  # fmt: skip
THRESHOLD = 0.9


@pytest.fixture(scope="module")
def corpus():
    root = require_shared("corpus")
    expectations = {}
    for path in sorted((root / "expected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        expectations[str(root / data["source"])] = data
    pages, failures = read_pages([root / "numerique.gouv.fr" / "_evenements"])
    assert failures == []
    assert {page.path for page in pages} == set(expectations)
    return pages, expectations


@pytest.fixture(scope="module")
def checked(corpus):
    pages, expectations = corpus
    by_path = collections.defaultdict(list)
    for problem in check_pages(pages):
        by_path[problem.path].append(problem)
    return by_path, expectations


def score(by_path, expectations):
    """Per code: true positives, false positives, false negatives; and the pages still wrong."""
    counts = {code: collections.Counter() for code in MEASURED}
    wrong = []
    for path, data in expectations.items():
        expected = collections.Counter((p["code"], p["line"]) for p in data["problems"])
        got = collections.Counter((p.code, p.line) for p in by_path[path] if p.code in MEASURED)
        for key in expected | got:
            hit = min(expected[key], got[key])
            counts[key[0]]["tp"] += hit
            counts[key[0]]["fp"] += got[key] - hit
            counts[key[0]]["fn"] += expected[key] - hit
            if got[key] != expected[key]:
                wrong.append(
                    f"{Path(path).name}: {key[0]} line {key[1]}: "
                    f"expected {expected[key]}, found {got[key]}"
                )
    return counts, wrong


def ratio(numerator: int, denominator: int) -> float | None:
    return numerator / denominator if denominator else None


def table(counts) -> str:
    lines = [f"{'code':24} {'tp':>4} {'fp':>4} {'fn':>4} {'recall':>7} {'precision':>9}"]
    for code in MEASURED:
        c = counts[code]
        recall = ratio(c["tp"], c["tp"] + c["fn"])
        precision = ratio(c["tp"], c["tp"] + c["fp"])
        show = lambda value: "—" if value is None else f"{value:.2f}"  # noqa: E731
        lines.append(
            f"{code:24} {c['tp']:4} {c['fp']:4} {c['fn']:4} {show(recall):>7} {show(precision):>9}"
        )
    return "\n".join(lines)


def test_recall_and_precision_per_code(checked):
    by_path, expectations = checked
    counts, wrong = score(by_path, expectations)
    report = table(counts) + ("\n\npages still wrong:\n" + "\n".join(wrong) if wrong else "")
    print("\n" + report)
    failing = []
    for code in MEASURED:
        c = counts[code]
        if c["tp"] + c["fn"] == 0:
            assert c["fp"] == 0, f"{code}: no example in the corpus, but found {c['fp']}\n{report}"
            continue
        recall, precision = ratio(c["tp"], c["tp"] + c["fn"]), ratio(c["tp"], c["tp"] + c["fp"])
        if recall < THRESHOLD or (precision or 0) < THRESHOLD:
            failing.append(code)
    assert not failing, f"below {THRESHOLD} for {', '.join(failing)}\n{report}"


def test_clean_pages_get_no_error(checked):
    by_path, expectations = checked
    errors = [
        str(problem)
        for path, data in expectations.items()
        if not data["problems"]
        for problem in by_path[path]
        if problem.severity == "error"
    ]
    assert errors == []


# --- the seed --------------------------------------------------------------------------------


def test_agenda_check_on_the_seed_prints_its_mistakes_and_exits_1():
    seed = require_shared("seed")
    result = subprocess.run(
        [sys.executable, "-m", "agenda", "check", str(seed) + "/"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert result.returncode == 1, result.stderr
    page = f"{seed}/mois-de-linnovation-publique-edition-2023.markdown"
    lines = result.stdout.splitlines()
    # The seed is the corpus page without its `published: false` line: one line less.
    assert (
        f"{page}:30:35: weekday-mismatch: le 03/11/2023 est un vendredi : vendredi 03/11 ou "
        "jeudi 02/11 ? (« jeudi 03/11 » était vrai en 2022)"
    ) in lines
    assert (
        f"{page}:40:35: weekday-mismatch: le 07/11/2023 est un mardi : mardi 07/11 ou "
        "lundi 06/11 ? (« lundi 07/11 » était vrai en 2022)"
    ) in lines
    assert (
        f"{page}:25:20: other-year: « édition 2022 » nomme 2022, alors que l’événement a lieu "
        "en 2023 : « édition 2023 » ?"
    ) in lines
    assert any(line.startswith(f"{page}:13:11: missing-alt: ") for line in lines)
    errors = [line for line in lines if ": unsafe-html: " not in line]
    assert len(errors) == 4, result.stdout  # and nothing else but warnings
    assert "README.md" not in result.stdout  # not a page: no front matter


def test_the_seed_in_the_corpus_at_the_expected_lines(checked):
    by_path, expectations = checked
    (path,) = [
        p for p in expectations if p.endswith("mois-de-linnovation-publique-edition-2023.markdown")
    ]
    got = sorted((p.line, p.code) for p in by_path[path] if p.code in MEASURED)
    assert got == [
        (14, "missing-alt"),
        (26, "other-year"),
        (31, "weekday-mismatch"),
        (41, "weekday-mismatch"),
    ]
