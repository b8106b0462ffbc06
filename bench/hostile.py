"""Hostile input (issue 10): what the worst pages cost the reader, and a batch of them.

    python -m bench.hostile [N]

Prints, for every kind of tests/hostile.py, the time to read and check one page (the slowest
first), then the same for the costliest motifs at 4× and 16× their size (linear work grows 4×
and 16×, quadratic 16× and 256×), then reads and checks N hostile pages (1,730 by default, the
issue's batch) in one go, as `agenda check` does: pages read, refused by code, seconds.
"""

from __future__ import annotations

import collections
import os
import random
import sys
import tempfile
import time
from pathlib import Path

MOTIFS = ["**Le 1" + " " * 100, "Le lundi ***", "<b", "[](", "![", '<a href="', "de 10h à 11h, "]


def _cost(text: str) -> float:
    from agenda.checks import check_page
    from agenda.exchange.jekyll import parse_page
    from agenda.lib.pages import PageError

    started = time.perf_counter()
    try:
        check_page(parse_page(text, path="bench.md", slug="bench"))
    except PageError:
        pass
    return time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    count = int(argv[0]) if argv else 1730
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    from agenda.checks import check_pages
    from agenda.exchange.reading import read_pages
    from tests.hostile import KINDS, hostile_batch

    rng = random.Random(10)
    costs = sorted(
        ((_cost(make(rng, 1)[0].decode("utf-8", "replace")), kind) for kind, make in KINDS.items()),
        reverse=True,
    )
    print("hostile: une page de chaque sorte (lecture + contrôles), les plus coûteuses d’abord")
    for seconds, kind in costs[:12]:
        print(f"  {kind:28} {seconds * 1000:8.1f} ms")
    head = "---\ntitle: T\nevent_start_date: 2026-11-02\n---\n"
    print("hostile: motifs répétés sur une ligne (×1, ×4, ×16 : linéaire = 4 et 16 fois plus)")
    for motif in MOTIFS:
        times = [_cost(head + motif * (4000 // len(motif) * n) + "\n") for n in (1, 4, 16)]
        print(f"  {motif.strip()[:16]!r:20} " + " ".join(f"{t * 1000:8.1f} ms" for t in times))
    with tempfile.TemporaryDirectory(prefix="agenda-bench-hostile-") as tmp:
        pages = hostile_batch(Path(tmp), count)
        started = time.perf_counter()
        read, failures = read_pages([tmp])
        problems = check_pages(read)
        elapsed = time.perf_counter() - started
    refused = collections.Counter(problem.code for problem in failures)
    good = sum(page.refused is None for page in pages)
    print(
        f"hostile: {count} pages ({good} bonnes) lues et contrôlées en {elapsed:.1f} s : "
        f"{len(read)} lues, {len(failures)} refusées, {len(problems)} problèmes de contenu"
    )
    print("hostile: refus " + ", ".join(f"{code} {n}" for code, n in refused.most_common()))
    crashes = refused["reader-error"] + refused["too-slow"]
    print(f"hostile: {crashes} erreur(s) du lecteur ou arrêt(s) au bout du temps limite")
    return 1 if crashes else 0


if __name__ == "__main__":
    sys.exit(main())
