"""`python -m bench.templates`: the HTML pages' rendering cost in a publication, on the database
DATABASE_URL names (run it with bench/publish.py's `environment()`: DEBUG=false, STATIC_ROOT…).

Renders, as a full publication does (`anonymous_view` within `one_load_per_event`,
`one_order_per_list` and `layout_kept`), a fixed batch of event pages (the first --events public
events, loaded together like a publication's batch), the first --homes home list pages and the
first --weeks week pages, --rounds times, and prints the CPU time (time.process_time) a page,
best round. With --nodes: how many template nodes each template renders a page (by template,
largest first; the counting itself slows the rendering, so no time is given then).

Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import collections
import json
import time


def setup() -> None:
    import django

    django.setup()


def event_batch(count: int) -> tuple[dict, list[str]]:
    """The first `count` public events loaded as a publication's batch (their loading is not
    part of the pages' cost: it is shared by every output of the batch), and their paths."""
    from agenda.events.models import Event
    from agenda.site.publishing import preloaded

    ids = list(Event.objects.public().order_by("pk").values_list("pk", flat=True)[:count])
    ready = preloaded(ids)
    return ready, [event.get_absolute_url() for event in ready.values()]


def list_paths(name: str, count: int) -> list[str]:
    from agenda.feeds.registry import REGISTRY

    return list(REGISTRY.outputs[name].paths())[:count]


def render_events(ready: dict, paths: list[str]) -> None:
    from agenda.events import queries
    from agenda.feeds.registry import anonymous_view
    from agenda.site.layout import layout_kept

    with queries.one_load_per_event(ready), layout_kept():
        for path in paths:
            assert anonymous_view(path).status_code == 200, path


def render_lists(paths: list[str]) -> None:
    from agenda.events import queries
    from agenda.feeds.registry import anonymous_view
    from agenda.site.layout import layout_kept

    with queries.one_order_per_list(), layout_kept():
        for path in paths:
            assert anonymous_view(path).status_code == 200, path


def cpu(function, *args) -> float:
    began = time.process_time()
    function(*args)
    return time.process_time() - began


def count_nodes(function, *args) -> collections.Counter:
    """Template nodes rendered, by the template that holds them."""
    from django.template.base import Node

    counts: collections.Counter = collections.Counter()
    original = Node.render_annotated

    def counted(node, context):
        counts[node.origin.template_name if node.origin else "?"] += 1
        return original(node, context)

    Node.render_annotated = counted
    try:
        function(*args)
    finally:
        Node.render_annotated = original
    return counts


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--homes", type=int, default=20)
    parser.add_argument("--weeks", type=int, default=5)
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--nodes", action="store_true")
    args = parser.parse_args()
    setup()
    homes = list_paths("home", args.homes)
    weeks = list_paths("week", args.weeks)
    # Each round renders freshly loaded events (what a page caches on them is not reused).
    jobs = {
        "event": (render_events, lambda: event_batch(args.events)),
        "home": (render_lists, lambda: (homes,)),
        "week": (render_lists, lambda: (weeks,)),
    }
    result: dict = {}
    for name, (function, prepare) in jobs.items():
        job_args = prepare()
        pages = len(job_args[-1])
        function(*job_args)  # warm: templates compiled, caches filled
        if args.nodes:
            counts = count_nodes(function, *prepare())
            result[name] = {t: round(n / pages) for t, n in counts.most_common(15)}
            result[name]["total"] = round(sum(counts.values()) / pages)
            continue
        best = min(cpu(function, *prepare()) for _ in range(args.rounds))
        result[name] = {"pages": pages, "cpu_ms_per_page": round(best * 1000 / pages, 2)}
    for name, value in result.items():
        print(name, value)
    print(json.dumps(result))


if __name__ == "__main__":
    main()
