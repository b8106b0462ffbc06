"""CPU per event of the documents written beside each event page (issue 9), and per file.

    DATABASE_URL=sqlite:////path/copy.sqlite3 python -m bench.writers [N]

On the first N public events (200 by default), loaded as the publication loads them: the
Jekyll front matter (PyYAML's emitter vs `page_yaml.dump`, same text asserted), the JSON-LD
text (`json.dumps(indent=2)` vs `dumps_indented`, same text asserted), the relations both read
(managers vs `related`), then `write_file` of 20 kB files, new, unchanged and changed. Each
pair is measured in turn in this process, 7 rounds: CPU (time.process_time), the fastest
round, in µs an event or a file.
"""

import json
import os
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

ROUNDS = 7


def best(work: Callable[[], object], count: int, rounds: list[float]) -> None:
    start = time.process_time()
    work()
    rounds.append((time.process_time() - start) / count * 1e6)


def compare(title: str, count: int, variants: dict[str, Callable[[], object]]) -> None:
    measured: dict[str, list[float]] = {name: [] for name in variants}
    for _ in range(ROUNDS):
        for name, work in variants.items():
            best(work, count, measured[name])
    line = ", ".join(f"{name} {min(values):.1f}" for name, values in measured.items())
    print(f"{title}: {line} µs")


def main(argv: list[str] | None = None) -> int:
    argv = sys.argv[1:] if argv is None else argv
    count = int(argv[0]) if argv else 200
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    import yaml

    from agenda.events.models import Event
    from agenda.events.queries import with_page_data
    from agenda.exchange.jekyll_writer import front_matter
    from agenda.exchange.page_yaml import PageDumper, dump
    from agenda.feeds.jsonld import event_jsonld
    from agenda.lib.indented_json import dumps_indented
    from agenda.lib.prefetch import related
    from agenda.site.publishing_files import write_file

    events = list(with_page_data(Event.objects.public()).order_by("pk")[:count])
    pages = [front_matter(event) for event in events]
    documents = [event_jsonld(event, site_url="http://127.0.0.1") for event in events]

    def pyyaml(data: dict) -> str:
        options = {"allow_unicode": True, "sort_keys": False, "width": 100}
        return yaml.dump(data, Dumper=PageDumper, **options)

    assert all(pyyaml(data) == dump(data) for data in pages)
    compare(
        "Jekyll front matter, an event",
        len(events),
        {
            "PyYAML": lambda: [pyyaml(d) for d in pages],
            "page_yaml": lambda: [dump(d) for d in pages],
        },
    )
    standard = [json.dumps(data, ensure_ascii=False, indent=2) for data in documents]
    assert standard == [dumps_indented(data) for data in documents]
    compare(
        "JSON-LD text, an event",
        len(events),
        {
            "json.dumps": lambda: [json.dumps(d, ensure_ascii=False, indent=2) for d in documents],
            "dumps_indented": lambda: [dumps_indented(d) for d in documents],
        },
    )
    names = ["sessions", "images", "tags", "audiences", "categories", "info_fields"]
    compare(
        "relations read, an event",
        len(events),
        {
            "managers": lambda: [list(getattr(e, n).all()) for e in events for n in names],
            "related": lambda: [list(related(e, n)) for e in events for n in names],
        },
    )
    files(write_file)
    return 0


def files(write_file: Callable) -> None:
    bodies = [((f"<p>événement {i}</p>\n") * 1000)[:20_000].encode() for i in range(400)]
    changed = [body[:-1] + b"!" for body in bodies]
    with tempfile.TemporaryDirectory(prefix="agenda-bench-writers-") as tmp:
        for kind, contents in (("new", bodies), ("unchanged", bodies), ("changed", changed)):
            rounds: list[float] = []
            for index in range(ROUNDS):
                folder = Path(tmp) / str(index)
                folder.mkdir(exist_ok=True)
                if kind == "changed":
                    write_all(write_file, folder, bodies)
                start = time.process_time()
                write_all(write_file, folder, contents)
                rounds.append((time.process_time() - start) / len(contents) * 1e6)
            print(f"write_file, a 20 kB file {kind}: {min(rounds):.1f} µs")


def write_all(write_file: Callable, folder: Path, contents: list[bytes]) -> None:
    for index, body in enumerate(contents):
        write_file(folder / f"{index}.html", [body])


if __name__ == "__main__":
    raise SystemExit(main())
