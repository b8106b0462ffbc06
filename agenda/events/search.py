"""Full-text search over events: what is indexed, keeping it in step, and asking.

Each event's words (title, chapeau, body, its sessions' titles and descriptions, place, city,
organisation, categories, tags, audiences, formats) go through agenda.lib.searchtext into one
SearchEntry row. SQLite indexes it with FTS5 (triggers copy it into `events_search_fts`),
PostgreSQL with a GIN index on the stored `to_tsvector('simple', text)` (column `vector`): the
same words in both, so the same events match.

Keeping in step: any save or delete of an event, a session, a place or an organisation, and any
change of an event's categories, tags or audiences or a session's formats, marks the events
concerned as stale; they are re-indexed once, after the transaction commits (one pass however
many writes). Bulk inserts, which send no signal, call `mark_stale` themselves. A search first
re-indexes what this process left stale, so a reader always sees its own writes.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable

from django.db import connection, transaction
from django.db.models import Prefetch, Q, QuerySet
from django.db.models.expressions import RawSQL

from agenda.lib.dbinsert import insert_values
from agenda.lib.searchtext import SearchQuery, index_text, parse_query

from .models import (
    Audience,
    Category,
    Event,
    Format,
    Organisation,
    Place,
    SearchEntry,
    Session,
    Tag,
)

BATCH = 500
_pending = threading.local()


def _stale() -> set[int]:
    if not hasattr(_pending, "ids"):
        _pending.ids = set()
    return _pending.ids


def mark_stale(event_ids: Iterable[int | None]) -> None:
    """These events' words may have changed: re-index them after the commit."""
    stale = _stale()
    stale.update(pk for pk in event_ids if pk)
    # Once per transaction (a rolled-back one drops its callback: the next one registers again).
    if stale and not any(func is refresh_stale for _, func, _ in connection.run_on_commit):
        transaction.on_commit(refresh_stale)


def refresh_stale() -> None:
    """Re-index every event marked stale in this thread (none: no query)."""
    stale = _stale()
    while stale:
        batch = [stale.pop() for _ in range(min(BATCH, len(stale)))]
        reindex(batch)


def event_texts(events: QuerySet[Event]) -> dict[int, str]:
    """Event id → its index text, in a fixed number of queries."""
    sessions = Session.objects.select_related("place").prefetch_related("formats")
    events = events.select_related("organisation", "place").prefetch_related(
        Prefetch(
            "sessions",
            queryset=sessions.only(
                "event_id", "title", "description", "place__name", "place__city", "place__address"
            ),
        ),
        "categories",
        "tags",
        "audiences",
    )
    return {event.pk: _text_of(event) for event in events}


def _place_words(place) -> list[str]:
    return [place.name, place.address, place.city] if place else []


def _text_of(event: Event) -> str:
    return event_text(
        event,
        categories=[c.name for c in event.categories.all()],
        tags=[t.name for t in event.tags.all()],
        audiences=[a.name for a in event.audiences.all()],
        sessions=[(s, [f.name for f in s.formats.all()]) for s in event.sessions.all()],
    )


def event_text(
    event: Event,
    *,
    categories: list[str],
    tags: list[str],
    audiences: list[str],
    sessions: list[tuple[Session, list[str]]],
) -> str:
    """What the index stores for an event, its labels' names and its sessions (with their
    formats' names): the one definition, for rows read back and for rows just inserted."""
    parts = [event.title, event.chapeau, event.body, event.place_label]
    parts += _place_words(event.place)
    if event.organisation:
        parts += [event.organisation.name, event.organisation.acronym]
    parts += [*categories, *tags, *audiences]
    for session, formats in sessions:
        parts += [session.title, session.description, *_place_words(session.place)]
        parts += formats
    return index_text(*parts)


def index_created(texts: dict[int, str]) -> None:
    """The entries of events just inserted in bulk (`event_text` of each, by id), written in
    the same transaction: their words are at hand, reading the rows back would cost more."""
    insert_values(SearchEntry, ["event_id", "text"], list(texts.items()))


def reindex(event_ids: list[int]) -> None:
    """Write the index entries of these events (deleted events lose theirs)."""
    texts = event_texts(Event.objects.filter(pk__in=event_ids))
    with transaction.atomic():
        stored = dict(SearchEntry.objects.filter(pk__in=event_ids).values_list("pk", "text"))
        gone = [pk for pk in stored if pk not in texts]
        SearchEntry.objects.filter(pk__in=gone).delete()
        new = [
            SearchEntry(event_id=pk, text=text) for pk, text in texts.items() if pk not in stored
        ]
        SearchEntry.objects.bulk_create(new)
        for pk, text in texts.items():
            if pk in stored and stored[pk] != text:
                SearchEntry.objects.filter(pk=pk).update(text=text)


def fill_missing() -> int:
    """Index the events that have no entry (after migrating, after a copy of rows in SQL)."""
    missing = list(Event.objects.filter(search_entry__isnull=True).values_list("pk", flat=True))
    for start in range(0, len(missing), BATCH):
        reindex(missing[start : start + BATCH])
    return len(missing)


def rebuild() -> int:
    """Every entry written again from the events (`agenda search_index --rebuild`)."""
    SearchEntry.objects.all().delete()
    return fill_missing()


# A prefix shorter than this, or with more words beginning so, stays a prefix query.
MIN_PREFIX = 3
MAX_COMPLETIONS = 20
# The index's words (SQLite): created with each connection (`connect`).
VOCABULARY = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS temp.events_search_vocab "
    "USING fts5vocab(main, events_search_fts, 'row')"
)


def _fts5(query: SearchQuery) -> tuple[str, list]:
    """SQL giving the question for FTS5 (in the query that uses it: no query more), a prefix
    written as the index's words that begin with it. For `"numerique"*` FTS5 merges those
    words' lists of rows, positions included, before giving the first row (6 ms at 40,000
    events) and scores from the merged list (10 ms more for 1,000 rows); the same words written
    out cost 0.3 ms and 3 ms, and reading them from `fts5vocab` 1 to 3 ms. A short prefix
    (`d`), or one that begins more than MAX_COMPLETIONS words, stays a prefix query."""
    if len(query.prefix) < MIN_PREFIX:
        return "%s", [query.fts5()]
    after = query.prefix[:-1] + chr(ord(query.prefix[-1]) + 1)  # the first string past them
    before = "".join(f'"{root}" AND ' for root in query.stems[:-1])
    sql = (
        "(SELECT CASE WHEN COUNT(*) > %s THEN %s ELSE %s || '(\"' || %s || '\"' || "
        "COALESCE(group_concat(' OR \"' || term || '\"', ''), '') || ')' END FROM "
        "(SELECT term FROM temp.events_search_vocab WHERE term >= %s AND term < %s LIMIT %s))"
    )
    params = [MAX_COMPLETIONS, query.fts5(), before, query.stems[-1]]
    return sql, [*params, query.prefix, after, MAX_COMPLETIONS + 1]


def _create_vocabulary(sender, connection, **kwargs) -> None:
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute(VOCABULARY)


def _match_sql(query: SearchQuery, vendor: str) -> tuple[str, list]:
    """SQL giving (event id, rank) of the events matching, best first (rank: lower is better)."""
    if vendor == "postgresql":
        return (
            "SELECT event_id, -ts_rank(vector, q) AS rank "
            "FROM events_searchentry, to_tsquery('simple'::regconfig, %s) AS q "
            "WHERE vector @@ q",
            [query.tsquery()],
        )
    match, params = _fts5(query)
    return (
        "SELECT rowid AS event_id, bm25(events_search_fts) AS rank FROM events_search_fts "
        f"WHERE events_search_fts MATCH {match}",
        params,
    )


def matching_ids(text: str) -> RawSQL | None:
    """The ids of the events matching a question, as a subquery (`pk__in=`); None when the
    question has no word to look for (only stop words, only punctuation)."""
    query = parse_query(text)
    if not query:
        return None
    refresh_stale()
    if connection.vendor == "postgresql":
        sql, params = _match_sql(query, connection.vendor)
        return RawSQL(f"SELECT event_id FROM ({sql}) AS found", params)  # noqa: S611
    # No rank to compute for a filter (bm25 costs a pass over each match's statistics).
    match, params = _fts5(query)
    sql = f"SELECT rowid FROM events_search_fts WHERE events_search_fts MATCH {match}"
    return RawSQL(sql, params)  # noqa: S611 (the question is a parameter)


def ranked_ids(text: str) -> list[int]:
    """Ids of every event matching a question, best first (ties: by id)."""
    query = parse_query(text)
    if not query:
        return []
    refresh_stale()
    sql, params = _match_sql(query, connection.vendor)
    with connection.cursor() as cursor:
        cursor.execute(f"SELECT event_id FROM ({sql}) AS found ORDER BY rank, event_id", params)
        return [row[0] for row in cursor.fetchall()]


# The row of the index a candidate comes from, as the correlated `among` subquery names it.
_CANDIDATE = {"sqlite": "events_search_fts.rowid", "postgresql": "events_searchentry.event_id"}


def best_ids(text: str, *, among: QuerySet[Session], limit: int) -> tuple[list[int], bool]:
    """Ids of the events matching a question that have a session in `among`, best first (ties:
    by id), and whether more match: of the matches, only the `limit` last added (highest ids)
    are ranked.

    Ranking every match costs a score each (bm25 reads each match's statistics: 60 ms for
    29,000 matches of 40,000 events); the last added of an agenda are its coming events. The
    candidates are read from the index in id order, each checked against `among` by its
    index on event_id, so a frequent word costs `limit` checks and scores, not one per match."""
    query = parse_query(text)
    if not query:
        return [], False
    refresh_stale()
    vendor = connection.vendor
    candidate = RawSQL(_CANDIDATE[vendor], [])  # noqa: S611 (a column name, no input)
    exists, exists_params = among.filter(event_id=candidate).values("pk").query.sql_with_params()
    # The score is computed for the rows kept only (lower is better on both engines).
    if vendor == "postgresql":
        sql = (
            "SELECT event_id, -ts_rank(vector, to_tsquery('simple'::regconfig, %s)) "
            "FROM (SELECT event_id, vector FROM events_searchentry "
            f"WHERE vector @@ to_tsquery('simple'::regconfig, %s) AND EXISTS ({exists}) "
            "ORDER BY event_id DESC LIMIT %s) AS kept"
        )
        params = [query.tsquery(), query.tsquery(), *exists_params, limit + 1]
    else:
        match, match_params = _fts5(query)
        sql = (
            "SELECT rowid, bm25(events_search_fts) FROM events_search_fts "
            f"WHERE events_search_fts MATCH {match} AND EXISTS ({exists}) "
            "ORDER BY rowid DESC LIMIT %s"
        )
        params = [*match_params, *exists_params, limit + 1]
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        rows = sorted(cursor.fetchall(), key=lambda row: -row[0])
    kept = sorted(rows[:limit], key=lambda row: (row[1], row[0]))
    return [pk for pk, _score in kept], len(rows) > limit


def _event_saved(sender, instance: Event, **kwargs) -> None:
    mark_stale([instance.pk])


def _session_saved(sender, instance: Session, **kwargs) -> None:
    mark_stale([instance.event_id])


def _events_of_place(sender, instance, created: bool = False, **kwargs) -> None:
    if not created:  # a new place has no event yet
        mark_stale(
            Event.objects.filter(Q(place=instance) | Q(sessions__place=instance))
            .values_list("pk", flat=True)
            .distinct()
        )


def _events_of_organisation(sender, instance, created: bool = False, **kwargs) -> None:
    if not created:
        mark_stale(instance.events.values_list("pk", flat=True))


def _events_of_label(sender, instance, created: bool = False, **kwargs) -> None:
    """A category, tag or format renamed: the events carrying it."""
    if created:
        return
    if sender is Format:
        mark_stale(Session.objects.filter(formats=instance).values_list("event_id", flat=True))
    else:
        mark_stale(instance.events.values_list("pk", flat=True))


def _labels_changed(sender, instance, action: str, reverse: bool, pk_set, **kwargs) -> None:
    """Categories, tags, audiences (of an event) or formats (of a session) added or removed,
    from either side of the relation."""
    if not action.startswith("post_"):
        return
    if isinstance(instance, Event):
        mark_stale([instance.pk])
    elif isinstance(instance, Session):
        mark_stale([instance.event_id])
    elif sender is Session.formats.through:
        ids = pk_set or ()
        mark_stale(Session.objects.filter(pk__in=ids).values_list("event_id", flat=True))
    else:
        mark_stale(pk_set or ())


def connect() -> None:
    """Wire the index to every write (called once, by the app's ready())."""
    from django.db.backends.signals import connection_created
    from django.db.models.signals import m2m_changed, post_delete, post_save

    connection_created.connect(_create_vocabulary, dispatch_uid="search-vocabulary")

    for sender, handler in (
        (Event, _event_saved),
        (Session, _session_saved),
        (Place, _events_of_place),
        (Organisation, _events_of_organisation),
        (Category, _events_of_label),
        (Tag, _events_of_label),
        (Audience, _events_of_label),
        (Format, _events_of_label),
    ):
        post_save.connect(handler, sender=sender, dispatch_uid=f"search-{sender.__name__}")
    post_delete.connect(_session_saved, sender=Session, dispatch_uid="search-d-Session")
    for through in (
        Event.categories.through,
        Event.tags.through,
        Event.audiences.through,
        Session.formats.through,
    ):
        m2m_changed.connect(_labels_changed, sender=through, dispatch_uid=f"search-{through}")
