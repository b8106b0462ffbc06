"""New rows inserted without the ORM's per-row compilation: the fast path of a first import.

`bulk_create` builds its INSERT through the query compiler, which prepares every field of every
row through several layers of calls (`pre_save_val`, `prepare_value`, `field_as_sql`…): most of
the cost of writing a session. `insert_rows` writes the same rows with one INSERT … RETURNING
per batch, and prepares a value through its field (`get_db_prep_save`) only when it needs it:
text, whole numbers, booleans and nulls are sent as they are to the columns that store them as
they are (what `get_db_prep_save` gives back for them, unchanged); dates, JSON, decimals, enums
and anything else go through the field. Where the database cannot return the new keys of a
multi-row INSERT, or a row already has a key, it is `bulk_create` itself.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connections, models, router

# Columns whose database value is the Python value itself when it is of these exact types.
_AS_IS_TYPES = frozenset({str, int, bool, type(None)})
_AS_IS_FIELDS = frozenset(
    {
        "CharField", "TextField", "SlugField", "EmailField", "URLField", "IntegerField",
        "BigIntegerField", "SmallIntegerField", "PositiveIntegerField",
        "PositiveBigIntegerField", "PositiveSmallIntegerField", "BooleanField",
    }
)  # fmt: skip


def insert_rows(model: type[models.Model], objs: Sequence[models.Model]) -> None:
    """Insert new instances of `model` (their keys set, as `bulk_create` sets them)."""
    if not objs:
        return
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    fields = [field for field in opts.concrete_fields if not field.primary_key]
    if (
        not connection.features.can_return_rows_from_bulk_insert
        or opts.parents
        or any(_from_database(field) for field in opts.concrete_fields)
        or any(obj.pk is not None for obj in objs)
    ):
        model.objects.bulk_create(objs)
        return
    as_is = [_stored_as_is(field) for field in fields]
    rows = []
    for obj in objs:
        obj._prepare_related_fields_for_save(operation_name="bulk_create")
        row = []
        for field, plain in zip(fields, as_is, strict=True):
            value = field.pre_save(obj, True)  # auto_now_add and the like set their value
            if not (plain and type(value) in _AS_IS_TYPES):
                value = field.get_db_prep_save(value, connection)
            row.append(value)
        rows.append(row)
    _execute(connection, opts, fields, objs, rows)


def _from_database(field: models.Field) -> bool:
    """A value the database makes (generated, a database default, returned): `bulk_create`."""
    return (
        getattr(field, "generated", False)
        or field.db_default is not models.NOT_PROVIDED
        or (field.db_returning and not field.primary_key)
    )


def _stored_as_is(field: models.Field) -> bool:
    """Whether the field stores text, numbers and booleans as given (a foreign key: as its
    target does; a field of our own making or with converters of its own: no)."""
    if field.is_relation:
        target = field.target_field
        return target.get_internal_type() in {"AutoField", "BigAutoField", "IntegerField"}
    return type(field).__module__.startswith("django.db.models.fields") and (
        field.get_internal_type() in _AS_IS_FIELDS
    )


def _execute(connection, opts, fields, objs, rows) -> None:
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    returning, _ = connection.ops.return_insert_columns([opts.pk])  # "RETURNING t.id"
    size = max(1, connection.ops.bulk_batch_size(fields, objs))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            sql = (
                f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES "
                f"{', '.join([row_sql] * len(batch))} {returning}"
            )
            cursor.execute(sql, [value for row in batch for value in row])
            keys = cursor.fetchall()
            for obj, (key,) in zip(objs[start : start + size], keys, strict=True):
                obj.pk = key
                obj._state.adding = False
                obj._state.db = connection.alias


def insert_values(
    model: type[models.Model], names: Sequence[str], rows: Sequence[Sequence[object]]
) -> None:
    """Insert rows given as values of the fields `names` (attribute names: `event_id`), with
    no instance made: the links of a many-to-many relation. Values must be of the fields'
    stored types (text, whole numbers, booleans, nulls); others go through `insert_rows`."""
    if not rows:
        return
    connection = connections[router.db_for_write(model)]
    opts = model._meta
    fields = [opts.get_field(name.removesuffix("_id")) for name in names]
    if not all(_stored_as_is(field) for field in fields) or any(
        type(value) not in _AS_IS_TYPES for row in rows for value in row
    ):
        insert_rows(model, [model(**dict(zip(names, row, strict=True))) for row in rows])
        return
    quote = connection.ops.quote_name
    columns = ", ".join(quote(field.column) for field in fields)
    row_sql = "(" + ", ".join(["%s"] * len(fields)) + ")"
    size = max(1, connection.ops.bulk_batch_size(fields, rows))
    with connection.cursor() as cursor:
        for start in range(0, len(rows), size):
            batch = rows[start : start + size]
            sql = f"INSERT INTO {quote(opts.db_table)} ({columns}) VALUES " + ", ".join(
                [row_sql] * len(batch)
            )
            cursor.execute(sql, [value for row in batch for value in row])
