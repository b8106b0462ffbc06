"""`python -m bench.multiply FACTOR`: grow an imported database FACTOR times by copying rows in SQL.

Used for the largest size, where running the importer on every page would take too long: the
events imported (with their sessions, images, info fields, categories, tags and formats, i.e.
every table that hangs off events) are copied FACTOR - 1 times, in one transaction. Copy k of a
row gets the id `id + k * max(id)`, so that foreign keys follow by arithmetic; event slugs (and
other unique texts) get a `-k` suffix and UUIDs a fresh random value. A table whose uniqueness
cannot be kept that way (keys of the import identity) is not copied, and said so. Dates are
kept: copies are duplicates under other addresses. SQLite or PostgreSQL (bench/search.py).
"""

from __future__ import annotations

import argparse
import json
import os
import time


def copied_models(root) -> list:
    """The root model and every model that hangs off it by foreign keys, parents first."""
    order, queue = [root], [root]
    while queue:
        model = queue.pop(0)
        for relation in model._meta.related_objects:
            child = relation.related_model
            if relation.one_to_many and not child._meta.auto_created and child not in order:
                order.append(child)
                queue.append(child)
    return order


def through_models(models: list) -> list:
    throughs = []
    for model in models:
        for field in model._meta.local_many_to_many:
            through = field.remote_field.through
            if through._meta.auto_created and through not in throughs:
                throughs.append(through)
    return throughs


SQLITE_UUID = "lower(hex(randomblob(16)))"  # Django keeps UUIDs as 32 hex digits on SQLite


def column_expression(
    field, model, k: int, offsets: dict, quote, uuid: str = SQLITE_UUID
) -> str | None:
    """The SQL giving copy k of a column, or None when the copy cannot be made unique."""
    from django.db import models as m

    column = f"s.{quote(field.column)}"
    if field.primary_key:
        return f"{column} + {k * offsets[model]}"
    if field.is_relation and field.many_to_one and field.related_model in offsets:
        return f"{column} + {k * offsets[field.related_model]}"
    if isinstance(field, m.UUIDField) and field.unique:
        return uuid
    if isinstance(field, m.CharField | m.TextField) and (
        field.unique or (model._meta.model_name == "event" and field.name == "slug")
    ):
        return f"{column} || '-{k + 1}'"
    if field.unique:
        return None
    return column


def unique_sets(model) -> list[tuple[str, ...]]:
    sets = [tuple(fields) for fields in model._meta.unique_together]
    for constraint in model._meta.constraints:
        fields = getattr(constraint, "fields", ())
        if fields and getattr(constraint, "condition", None) is None:
            sets.append(tuple(fields))
    return sets


def copyable(model, offsets: dict) -> bool:
    """Every unique set of columns has one that changes from copy to copy."""
    changed = set()
    for field in model._meta.concrete_fields:
        expression = column_expression(field, model, 1, offsets, lambda name: name)
        if expression is None:
            return False
        if expression != f"s.{field.column}":
            changed.add(field.name)
    return all(changed & set(fields) for fields in unique_sets(model))


def multiply(factor: int) -> dict:
    from django.db import connection, transaction

    from agenda.events.models import Event

    if connection.vendor not in ("sqlite", "postgresql"):
        raise SystemExit("bench.multiply ne sait copier que dans SQLite et PostgreSQL")
    uuid = "gen_random_uuid()" if connection.vendor == "postgresql" else SQLITE_UUID
    quote = connection.ops.quote_name
    models = copied_models(Event)
    existing = set(connection.introspection.table_names())
    tables = [
        model for model in models + through_models(models) if model._meta.db_table in existing
    ]
    added = {}
    skipped = []
    with connection.cursor() as cursor:
        offsets = {}
        for model in tables:
            cursor.execute(
                f"SELECT COALESCE(MAX({quote(model._meta.pk.column)}), 0) "
                f"FROM {quote(model._meta.db_table)}"
            )
            offsets[model] = cursor.fetchone()[0]
        for model in tables:
            if offsets[model] and model is not Event and not copyable(model, offsets):
                skipped.append(model._meta.db_table)  # e.g. import keys: copies need none
        with transaction.atomic():
            for k in range(1, factor):
                for model in tables:
                    table = model._meta.db_table
                    if not offsets[model] or table in skipped:
                        continue
                    fields = model._meta.concrete_fields
                    columns = ", ".join(quote(field.column) for field in fields)
                    values = ", ".join(
                        column_expression(field, model, k, offsets, quote, uuid) for field in fields
                    )
                    pk = quote(model._meta.pk.column)
                    cursor.execute(
                        f"INSERT INTO {quote(table)} ({columns}) SELECT {values} "
                        f"FROM {quote(table)} s WHERE s.{pk} <= {offsets[model]}"
                    )
                    added[table] = added.get(table, 0) + cursor.rowcount
    return {"rows_added": added, "tables_not_copied": skipped}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("factor", type=int)
    args = parser.parse_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "agenda.settings")
    import django

    django.setup()
    started = time.perf_counter()
    report = multiply(args.factor)
    print(json.dumps({**report, "seconds": time.perf_counter() - started}))


if __name__ == "__main__":
    main()
