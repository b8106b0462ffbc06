"""Precision and recall of the content checks per code (issue 11): on the real pages of
../shared/corpus (when present) and on our own pages (tests/pages/), against what a careful
reader found in each (`expected/*.json`: problems as (code, line) pairs).

    python -m bench.check_scores

The corpus is checked at once (cross-page rules see the whole programme), our pages each on
its own. A problem counts as found when its code and line are the expected ones.
"""

from __future__ import annotations

import collections
import json
import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "corpus"
OWN_PAGES = ROOT / "tests" / "pages"
# The codes the expectations list (the others are not annotated).
MEASURED = (
    "weekday-mismatch", "other-year", "session-outside-event", "end-before-start", "bad-date",
    "time-mismatch", "bad-url", "missing-alt", "malformed-field",
)  # fmt: skip


def expectations(folder: Path) -> dict[str, list[tuple[str, int]]]:
    """Page path -> the problems a careful reader found, as (code, line)."""
    found = {}
    for path in sorted((folder / "expected").glob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        found[str(folder / data["source"])] = [(p["code"], p["line"]) for p in data["problems"]]
    return found


def counts(
    expected: dict[str, list[tuple[str, int]]], got: dict[str, list[tuple[str, int]]]
) -> tuple[dict[str, collections.Counter], list[str]]:
    """Per code: tp, fp, fn; and a line for each (page, code, line) that differs."""
    per_code = {code: collections.Counter() for code in MEASURED}
    wrong = []
    for path, problems in expected.items():
        want = collections.Counter(problems)
        have = collections.Counter(p for p in got.get(path, []) if p[0] in MEASURED)
        for key in want | have:
            hit = min(want[key], have[key])
            per_code[key[0]]["tp"] += hit
            per_code[key[0]]["fp"] += have[key] - hit
            per_code[key[0]]["fn"] += want[key] - hit
            if want[key] != have[key]:
                wrong.append(
                    f"{Path(path).name}: {key[0]} ligne {key[1]} : attendu {want[key]}, "
                    f"trouvé {have[key]}"
                )
    return per_code, wrong


def table(per_code: dict[str, collections.Counter]) -> str:
    def show(numerator: int, denominator: int) -> str:
        return f"{numerator / denominator:.2f}" if denominator else "—"

    lines = [f"{'code':24} {'vp':>4} {'fp':>4} {'fn':>4} {'rappel':>7} {'précision':>9}"]
    for code in MEASURED:
        c = per_code[code]
        lines.append(
            f"{code:24} {c['tp']:4} {c['fp']:4} {c['fn']:4} "
            f"{show(c['tp'], c['tp'] + c['fn']):>7} {show(c['tp'], c['tp'] + c['fp']):>9}"
        )
    return "\n".join(lines)


def _problems(problems) -> dict[str, list[tuple[str, int]]]:
    by_path = collections.defaultdict(list)
    for problem in problems:
        by_path[problem.path].append((problem.code, problem.line))
    return by_path


def main(argv: list[str] | None = None) -> int:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    from agenda.checks import check_pages
    from agenda.exchange.reading import check_paths, read_pages

    sets = {}
    if CORPUS.is_dir():
        pages, _ = read_pages([CORPUS / "numerique.gouv.fr" / "_evenements"])
        sets["corpus"] = (expectations(CORPUS), _problems(check_pages(pages)))
    own = expectations(OWN_PAGES)
    sets["nos pages"] = (own, _problems(p for path in own for p in check_paths([path])))
    total = {code: collections.Counter() for code in MEASURED}
    for name, (expected, got) in sets.items():
        per_code, wrong = counts(expected, got)
        print(f"\n{name} ({len(expected)} pages)\n{table(per_code)}")
        for line in wrong:
            print(f"  {line}")
        for code in MEASURED:
            total[code] += per_code[code]
    print(f"\nensemble\n{table(total)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
