"""`python -m bench.fragments`: what a cold full publication does per batch that a second one does
not (docs/performance.md, "Published files"), on the database DATABASE_URL names (a copy: the
batch's fragments are deleted and written again).

For a fixed batch of events (the first `--events` public ones by pk, as `publish_all` cuts its
batches), `--rounds` times: the batch's stored fragments deleted, then `refresh_for_events`
(cold: every VEVENT, open-data row and Atom entry rendered and stored), then again (nothing
changed: the key queries only), then the page-data load of `preloaded`, each with few
collections (lib.gcbatch) as `publish_chunk` runs them. CPU time of the process (SQLite runs in
it), the best round's, per event and per session. The digest of the bodies stored identifies
them: two versions of the code must print the same one.

Prints one JSON object on its last line.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import time


def cpu(function) -> float:
    """CPU seconds of `function()`, with few collections as in a publication's task (without,
    the cyclic collector's passes over the loaded instances made rounds differ by half)."""
    from agenda.lib.gcbatch import few_collections

    with few_collections():
        began = time.process_time()
        function()
        return time.process_time() - began


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--events", type=int, default=200)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--profile", help="write a cProfile of one cold refresh to this file")
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    from django.db import connection

    from agenda.events.models import Event, Session
    from agenda.feeds import fragments
    from agenda.feeds.models import EventFragment, SessionFragment
    from agenda.site.publishing import preloaded

    ids = list(Event.objects.public().order_by("pk").values_list("pk", flat=True)[: args.events])
    sessions = Session.objects.filter(event__in=ids).count()

    def forget() -> None:
        SessionFragment.objects.filter(session__event__in=ids).delete()
        EventFragment.objects.filter(event__in=ids).delete()
        if connection.vendor == "sqlite":  # the deletions' log not checkpointed in the round
            with connection.cursor() as cursor:
                cursor.execute("PRAGMA wal_checkpoint(TRUNCATE)")

    def refresh() -> None:
        fragments.refresh_for_events(ids)

    rounds: dict[str, list[float]] = {"cold": [], "unchanged": [], "page_data": []}
    for _ in range(args.rounds):
        forget()
        rounds["cold"].append(cpu(refresh))
        rounds["unchanged"].append(cpu(refresh))
        rounds["page_data"].append(cpu(lambda: preloaded(ids)))
    if args.profile:
        import cProfile

        forget()
        cProfile.runctx("refresh()", globals(), locals(), args.profile)
    digest = hashlib.blake2b(digest_size=16)
    for model, owner in ((SessionFragment, "session__event__in"), (EventFragment, "event__in")):
        rows = model.objects.filter(**{owner: ids}).order_by("kind", f"{owner[:-4]}", "pk")
        for kind, key, body in rows.values_list("kind", "key", "body"):
            digest.update(f"{kind}\x1f{key}\x1f{body}\x1e".encode())
    best = {name: min(values) for name, values in rounds.items()}
    print(
        json.dumps(
            {
                "events": len(ids),
                "sessions": sessions,
                "cold_ms_per_session": round(1000 * best["cold"] / sessions, 3),
                "unchanged_ms_per_session": round(1000 * best["unchanged"] / sessions, 3),
                "cold_minus_unchanged_ms_per_event": round(
                    1000 * (best["cold"] - best["unchanged"]) / len(ids), 3
                ),
                "page_data_ms_per_event": round(1000 * best["page_data"] / len(ids), 3),
                "rounds_s": {k: [round(v, 3) for v in vs] for k, vs in rounds.items()},
                "digest": digest.hexdigest(),
            }
        )
    )


if __name__ == "__main__":
    main()
