"""Feed fragments rendered once and kept: a feed is the stored fragments of its items, in order.

A fragment (a session's VEVENT, an event's Atom entry…) is stored with a key: the MD5 of every
value it is made from (the session, its event, their places and organisation, the names of its
formats…), computed by the database in the query that lists the feed's items. A feed renders
again only the items whose stored key differs (or that have none), then streams the stored
bodies. Nothing in the writing code has to call us: a change made by any path, even a queryset
`update()` that leaves `updated_at` alone, changes the key. Each kind lists the values its
renderer reads; `tests/test_fragments.py` changes each of them and checks the feed follows.

Memory stays flat whatever the feed's size: keys are read with a streaming cursor, stale
fragments rendered and bodies read back by chunks of CHUNK items.
"""

from __future__ import annotations

import hashlib
import logging
from collections.abc import Callable, Generator, Iterable, Iterator
from dataclasses import dataclass, field

from django.conf import settings
from django.db import DatabaseError, connection, models, transaction
from django.db.models import Aggregate, F, Func, OuterRef, Subquery, TextField, Value
from django.db.models.functions import MD5, Cast, Coalesce

from .models import EventFragment, SessionFragment

CHUNK = 500
WRITE_SIZE = 64 * 1024  # bytes handed to the server at once: a feed leaves in a few writes
SEPARATOR = "\x1f"
UNIT = "\x1e"  # between the values of one related row in the key
NULL = "\u2400"  # stands for a NULL value in the key (NULL and "" differ)
log = logging.getLogger(__name__)


@dataclass(frozen=True)
class FragmentKind:
    """One kind of fragment: which model it belongs to, which values it is made from (paths as
    `values_list` takes them; `many` for to-many relations) and how to render them: `load` the
    items of some primary keys with those values (one query, and one per to-many relation),
    `write` one item's body."""

    name: str
    model: type[models.Model]  # Session or Event
    fields: tuple[str, ...]
    load: Callable[[list[int]], Iterable[models.Model]]
    write: Callable[[models.Model], str]
    many: tuple[str, ...] = ()
    version: int = 1  # raise it when the renderer changes: every stored fragment is then stale

    def render(self, ids: list[int]) -> dict[int, str]:
        """Primary keys → bodies."""
        return {item.pk: self.write(item) for item in self.load(ids)}

    def loads_for(self, other: FragmentKind) -> bool:
        """Whether this kind's `load` gives all `other` writes from (its values and relations
        hold the other's): one load then serves both (`refresh_together`)."""
        return (
            self.model is other.model
            and set(other.fields) <= set(self.fields)
            and set(other.many) <= set(self.many)
        )

    @property
    def store(self) -> type[SessionFragment] | type[EventFragment]:
        return SessionFragment if self.model._meta.model_name == "session" else EventFragment

    @property
    def owner(self) -> str:
        return "session" if self.store is SessionFragment else "event"

    def key(self) -> MD5:
        """The SQL expression of an item's key: MD5 of its values, separated, NULL marked."""
        parts: list = [Value(f"{self.name}:{self.version}:{settings.SITE_URL}")]
        for path in self.fields:
            parts += [Value(SEPARATOR), Coalesce(Cast(F(path), TextField()), Value(NULL))]
        for relation, paths in _by_relation(self.many).items():
            rows = _rows_of(self.model, relation, paths)
            parts += [Value(SEPARATOR), Coalesce(rows, Value(NULL))]
        return MD5(_Pipes(*parts))

    def stored_key(self) -> Subquery:
        return Subquery(self._stored().values("key")[:1])

    def stored_body(self) -> Subquery:
        return Subquery(self._stored().values("body")[:1])

    def _stored(self) -> models.QuerySet:
        return self.store.objects.filter(kind=self.name, **{self.owner: OuterRef("pk")})


class _Pipes(Func):
    """Texts joined by the SQL operator ||, which SQLite and PostgreSQL share."""

    template = "(%(expressions)s)"
    arg_joiner = " || "
    output_field = TextField()


class _JoinedRows(Aggregate):
    """One text per related row, joined by commas (GROUP_CONCAT / STRING_AGG); PostgreSQL's
    sorted, SQLite's in its rows' order."""

    function = "GROUP_CONCAT"
    output_field = TextField()

    def as_postgresql(self, compiler, connection, **extra):
        # The expression twice (value and order), so its parameters twice too.
        sql, params = compiler.compile(self.get_source_expressions()[0])
        return f"STRING_AGG(({sql})::text, ',' ORDER BY ({sql})::text)", (*params, *params)


def _by_relation(paths: tuple[str, ...]) -> dict[str, list[str]]:
    """`images__position`, `images__path` → {"images": [both]}."""
    relations: dict[str, list[str]] = {}
    for path in paths:
        relations.setdefault(path.rsplit("__", 1)[0], []).append(path)
    return relations


def _rows_of(model: type[models.Model], relation: str, paths: list[str]) -> Subquery:
    """A relation's rows, each the text of its values together: two images swapping their
    positions change the key, though the sorted positions and the sorted paths do not."""
    values: list = []
    for path in paths:
        values += [Value(UNIT), Coalesce(Cast(F(path), TextField()), Value(NULL))]
    grouped = model._base_manager.filter(pk=OuterRef("pk")).order_by().values("pk")
    joined = _JoinedRows(_Pipes(*values[1:])) if len(paths) > 1 else _JoinedRows(values[1])
    return Subquery(grouped.annotate(joined=joined).values("joined")[:1])


def store(kind: FragmentKind, keys: dict[int, str]) -> tuple[dict[int, str], bool]:
    """Render and store the fragments of these items (pk → key): their bodies, and whether
    they could be stored (the database may be busy: the caller then uses the bodies as is)."""
    bodies = kind.render(list(keys))
    return bodies, save(kind, keys, bodies)


def save(kind: FragmentKind, keys: dict[int, str], bodies: dict[int, str]) -> bool:
    """Store these bodies with their keys; False when the database refused (logged). One
    INSERT … ON CONFLICT run for all the rows (SQLite and PostgreSQL write it alike): a
    `bulk_create` built a model instance and compiled every value of each row, a third of the
    time a cold refresh spent storing."""
    rows = [(kind.name, keys[pk], body, pk) for pk, body in bodies.items()]
    if not rows:
        return True
    try:
        with transaction.atomic(), connection.cursor() as cursor:
            cursor.executemany(_upsert(kind.store, kind.owner), rows)
    except DatabaseError as exc:  # a cache: the feed is still right, only slower next time
        log.warning("fragments %s non enregistrés (%s) : ils seront refaits", kind.name, exc)
        return False
    return True


def _upsert(store: type[models.Model], owner: str) -> str:
    quote = connection.ops.quote_name
    table, kind, key, body = (quote(n) for n in (store._meta.db_table, "kind", "key", "body"))
    owner_id = quote(store._meta.get_field(owner).column)
    return (
        f"INSERT INTO {table} ({kind}, {key}, {body}, {owner_id}) VALUES (%s, %s, %s, %s) "
        f"ON CONFLICT ({kind}, {owner_id}) DO UPDATE SET {key} = EXCLUDED.{key}, "
        f"{body} = EXCLUDED.{body}"
    )


@dataclass
class Assembly:
    """The fragments of a feed's items (a queryset in the feed's order), kept fresh.

    `texts()` gives the bodies in order, streamed from one query that reads each item's current
    key with the stored key and body; stale fragments are rendered and stored on the way, by
    batches of CHUNK. `digest()` identifies the content (an ETag) before anything is sent: it
    reads the keys alone and refreshes what is stale first; `texts()` then reads bodies only."""

    kind: FragmentKind
    items: models.QuerySet
    limit: int | None = None
    _digest: str | None = None
    _unsaved: dict[int, str] = field(default_factory=dict)

    def _rows(self, *annotations: str) -> Iterator[tuple]:
        makers = {
            "fragment_key": self.kind.key,
            "stored_key": self.kind.stored_key,
            "stored_body": self.kind.stored_body,
        }
        rows = self.items.annotate(**{name: makers[name]() for name in annotations})
        rows = rows.values_list("pk", *annotations)
        if self.limit is not None:
            rows = rows[: self.limit]
        return rows.iterator(chunk_size=CHUNK)

    def digest(self) -> str:
        if self._digest is None:
            hasher = hashlib.blake2b(digest_size=16)
            stale: dict[int, str] = {}
            for pk, key, stored in self._rows("fragment_key", "stored_key"):
                hasher.update(key.encode())
                if key != stored:
                    stale[pk] = key
            pending = list(stale.items())  # stored once the keys' cursor is closed
            for start in range(0, len(pending), CHUNK):
                bodies, saved = store(self.kind, dict(pending[start : start + CHUNK]))
                if not saved:
                    self._unsaved.update(bodies)
            self._digest = hasher.hexdigest()
        return self._digest

    def texts(self) -> Iterator[str]:
        for _pk, body in self.entries():
            yield body

    def entries(self) -> Iterator[tuple[int, str]]:
        """(primary key, body) of each item, in the feed's order."""
        if self._digest is None and not (yield from self._fresh_entries()):
            return
        # Refreshed by digest() (asked for, or a cold start): the bodies are stored.
        for pk, body in self._rows("stored_body"):
            body = self._unsaved.get(pk, body)
            if body is None:  # an item added since digest(): rendered, not stored
                body = self.kind.render([pk]).get(pk)
            if body is not None:
                yield pk, body

    def _fresh_entries(self) -> Generator[tuple[int, str], None, bool]:
        """Bodies read with their keys in one pass, a stale one rendered on the way. If the first
        chunk already has stale ones (a cold start), stops before sending anything and returns
        True: rendering while the cursor is open is twice as slow on SQLite (its snapshot keeps
        the write-ahead log from being reset), so entries() refreshes everything first instead."""
        stale: dict[int, str] = {}
        batch: list[tuple[int, str | None]] = []
        started = False
        for pk, key, stored, body in self._rows("fragment_key", "stored_key", "stored_body"):
            if key != stored:
                stale[pk] = key
            batch.append((pk, None if key != stored else body))
            if len(batch) >= CHUNK:
                if stale and not started:
                    break
                started = True
                yield from self._fill(batch, stale)
                batch, stale = [], {}
        else:
            yield from self._fill(batch, stale)
            return False
        self.digest()
        return True

    def _fill(
        self, batch: list[tuple[int, str | None]], stale: dict[int, str]
    ) -> Iterator[tuple[int, str]]:
        fresh = store(self.kind, stale)[0] if stale else {}
        for pk, body in batch:
            body = fresh.get(pk) if body is None else body
            if body is not None:
                yield pk, body


def assemble(kind: FragmentKind, items: models.QuerySet, limit: int | None = None) -> Assembly:
    """The fragments of `items` (a queryset of `kind.model` in the feed's order; its first
    `limit` only when given); nothing is read before `digest()` or `texts()` is called."""
    return Assembly(kind, items, limit)


# Fragments that a full publication refreshes with each batch of events it publishes, spread
# over its processes, before the lists' feeds (open data, Atom) read them: kinds refreshed
# together (`refresh_together`) with the items of some events they hold. Refreshed by the feed
# that reads them instead, they were rendered in the process that drew that feed, and twice
# when two of its feeds (the CSV and the JSON) ran at once in two processes.
_BY_EVENTS: list[tuple[tuple[FragmentKind, ...], Callable[[list[int]], models.QuerySet]]] = []


def refreshed_with_events(
    kinds: tuple[FragmentKind, ...], items: Callable[[list[int]], models.QuerySet]
) -> None:
    """Have `refresh_for_events` refresh these kinds (see `refresh_together`) for
    `items(event_ids)`."""
    if not all(kinds[0].loads_for(kind) for kind in kinds):
        raise ValueError(f"{kinds[0].name} ne charge pas tout ce que les autres écrivent")
    _BY_EVENTS.append((kinds, items))


def refresh_for_events(event_ids: list[int]) -> None:
    """Render and store the stale fragments of these events' items, for every kind registered
    with `refreshed_with_events`."""
    for kinds, items in _BY_EVENTS:
        refresh_together(kinds, items(event_ids))


def refresh_together(kinds: tuple[FragmentKind, ...], items: models.QuerySet) -> None:
    """What `assemble(kind, items).digest()` does for each kind (the stale fragments of `items`
    rendered and stored), with the keys of every kind read in one query and the stale items
    loaded once for all, by the first kind's `load` (which `loads_for` the others)."""
    annotations: dict = {}
    for n, kind in enumerate(kinds):
        annotations |= {f"key_{n}": kind.key(), f"stored_{n}": kind.stored_key()}
    stale: list[dict[int, str]] = [{} for _ in kinds]
    rows = items.order_by().annotate(**annotations).values_list("pk", *annotations)
    for pk, *values in rows.iterator(chunk_size=CHUNK):
        for n, keys in enumerate(stale):
            if values[2 * n] != values[2 * n + 1]:
                keys[pk] = values[2 * n]
    pending = sorted(set().union(*stale))
    for start in range(0, len(pending), CHUNK):
        loaded = list(kinds[0].load(pending[start : start + CHUNK]))
        for kind, keys in zip(kinds, stale, strict=True):
            bodies = {item.pk: kind.write(item) for item in loaded if item.pk in keys}
            save(kind, {pk: keys[pk] for pk in bodies}, bodies)


def digest_of(*texts: str) -> str:
    return hashlib.blake2b("\x1f".join(texts).encode(), digest_size=16).hexdigest()


def buffered(texts: Iterable[str], size: int | None = None) -> Iterator[bytes]:
    """Texts joined into pieces of about `size` bytes (the server writes each piece at once)."""
    size = size or WRITE_SIZE
    pending: list[str] = []
    length = 0
    for text in texts:
        pending.append(text)
        length += len(text)
        if length >= size:
            yield "".join(pending).encode()
            pending, length = [], 0
    if pending:
        yield "".join(pending).encode()
