"""Content checks rate (issue 3, issue 11): N generated pages checked as `agenda check` does.

    python -m bench.checks [N]

Reads the pages and runs each page's own rules in a process per core (`read_and_check`), then
compares them in this one (`check_pages(pages, checked)`: the cross-page rules). Prints the
wall time and the CPU time (user + sys, this process and the reading processes) of both steps,
pages/s and pages per CPU-second. The aim: 10,000 pages in under 10 s.
"""

import os
import resource
import sys
import tempfile
import time
from pathlib import Path


def _children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    count = int(argv[0]) if argv else 10_000
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    from agenda.checks import check_pages
    from agenda.exchange.reading import read_and_check
    from agenda.lib.gcbatch import few_collections

    from .generate import write_pages

    with tempfile.TemporaryDirectory(prefix="agenda-bench-checks-") as tmp:
        write_pages(Path(tmp), count)
        with few_collections():  # as `agenda check` runs them (`reading.check_paths`)
            cpu, children = time.process_time(), _children_cpu()
            started = time.perf_counter()
            pages, unreadable, checked = read_and_check([tmp])  # a process per core
            read = time.perf_counter() - started
            read_cpu = time.process_time() - cpu + _children_cpu() - children
            started, cpu = time.perf_counter(), time.process_time()
            problems = check_pages(pages, checked)
            compared = time.perf_counter() - started
            compared_cpu = time.process_time() - cpu
    total, total_cpu = read + compared, read_cpu + compared_cpu
    print(f"checks: {len(pages)} pages ({len(unreadable)} illisibles), {len(problems)} problèmes")
    print(
        f"checks: lecture + règles par page {read:.1f} s, comparaisons entre pages "
        f"{compared:.1f} s, total {total:.1f} s ({len(pages) / total:.0f} pages/s)"
    )
    print(
        f"checks: temps CPU : lecture + règles par page {read_cpu:.1f} s (tous processus), "
        f"comparaisons {compared_cpu:.1f} s, total {total_cpu:.1f} s "
        f"({len(pages) / total_cpu:.0f} pages par seconde de CPU) ; "
        f"charge de la machine {os.getloadavg()[0]:.1f}"
    )
    print(f"checks: objectif : {count} pages en moins de 10 s (2 cœurs)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
