"""Content checks rate (issue 3): 10,000 generated pages checked on one core.

    python -m bench.checks [N]

Prints the rate of reading + parsing + checking (what `agenda check PATH` does) and of the
checks alone on pages already parsed. The aim: 10,000 pages in under 10 s on one core.
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
    from agenda.exchange.reading import read_pages

    from .generate import write_pages

    with tempfile.TemporaryDirectory(prefix="agenda-bench-checks-") as tmp:
        write_pages(Path(tmp), count)
        cpu, children = time.process_time(), _children_cpu()
        started = time.perf_counter()
        pages, unreadable = read_pages([tmp])  # in a process per core when there are several
        read = time.perf_counter() - started
        read_cpu = time.process_time() - cpu + _children_cpu() - children
        started, cpu = time.perf_counter(), time.process_time()
        problems = check_pages(pages)
        checked = time.perf_counter() - started
        checked_cpu = time.process_time() - cpu
    total = read + checked
    print(f"checks: {len(pages)} pages ({len(unreadable)} illisibles), {len(problems)} problèmes")
    print(f"checks: lecture + analyse {read:.1f} s, règles {checked:.1f} s, total {total:.1f} s")
    print(
        f"checks: temps CPU : lecture + analyse {read_cpu:.1f} s (tous processus), règles "
        f"{checked_cpu:.1f} s ; charge de la machine {os.getloadavg()[0]:.1f}"
    )
    print(f"checks: {len(pages) / total:.0f} pages/s en tout, {len(pages) / checked:.0f} pages/s "
          f"pour les règles seules (objectif : {count} pages en moins de 10 s)")  # fmt: skip
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
