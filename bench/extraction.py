"""Programme extraction rate (issue 11): the sessions read from page bodies, on one core.

    python -m bench.extraction [ROUNDS]

Reads the corpus of ../shared/corpus (when present) and 1,000 generated pages once, then times
`extract_programme` alone over them ROUNDS times (5 by default): pages per second of CPU time and
of wall time. The import needs 500 pages/s for everything it does, so the extractor must take a
small part of a page's 2 ms.
"""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

CORPUS = Path(__file__).resolve().parents[1].parent / "shared" / "corpus" / "numerique.gouv.fr"


def _bodies(pages) -> list[tuple]:
    return [
        (
            page.body,
            page.start.value if page.start else None,
            page.end.value if page.end else None,
            page.body_line,
            page.published_at.value if page.published_at else None,
            page.title,
        )
        for page in pages
    ]


def _rate(bodies: list[tuple], rounds: int) -> tuple[float, float]:
    from agenda.exchange.programme import extract_programme

    cpu, wall = time.process_time(), time.perf_counter()
    for _ in range(rounds):
        for body, start, end, first_line, published, title in bodies:
            extract_programme(
                body,
                event_start=start,
                event_end=end,
                first_line=first_line,
                published=published,
                title=title,
            )
    count = rounds * len(bodies)
    return count / (time.process_time() - cpu), count / (time.perf_counter() - wall)


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    rounds = int(argv[0]) if argv else 5
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    from agenda.exchange.jekyll import parse_page
    from agenda.exchange.reading import read_pages

    from .generate import make_page

    sets = {}
    if CORPUS.is_dir():
        sets["corpus"] = _bodies(read_pages([CORPUS])[0])
    generated = [make_page(index) for index in range(1000)]
    sets["pages générées"] = _bodies(
        parse_page(page.text, path=page.filename, slug=page.slug) for page in generated
    )
    for name, bodies in sets.items():
        cpu, wall = _rate(bodies, rounds)
        print(
            f"extraction ({name}, {len(bodies)} pages × {rounds}) : {cpu:.0f} pages/s de CPU, "
            f"{wall:.0f} pages/s (temps écoulé)"
        )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
