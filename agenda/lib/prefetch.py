"""Many-to-many relations of many instances read in one query each: what `prefetch_related`
gives (`instance.formats.all()` answered without a query), for less.

`prefetch_related` builds, for every instance, a related manager and a queryset filtered on that
instance (a clone and a lookup), then stores its rows in it: at a feed batch's 504 sessions and
200 events (formats; categories, tags, audiences), that was half the CPU of loading them. Here
the rows of all the instances are read in one query, in the related model's order as
`prefetch_related` reads them, and each instance's are stored as the result of a bare queryset:
iterating, `len`, `count()`, `exists()` read them; a new query made from it (`filter()`…)
finds nothing. For renderers that read the rows, not for views that query further.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from django.db import models
from django.db.models import F, QuerySet

OWNER = "_prefetch_owner"


def attach(instances: Sequence[models.Model], *names: str) -> None:
    """For each many-to-many field `name` of these instances (all of one model, each once),
    `instance.<name>.all()` read in one query for them all."""
    if not instances:
        return
    model = type(instances[0])
    for name in names:
        field = model._meta.get_field(name)
        related, path = field.related_model, field.related_query_name()
        rows = related._default_manager.filter(**{f"{path}__in": [i.pk for i in instances]})
        found: dict[int, list[models.Model]] = {instance.pk: [] for instance in instances}
        for row in rows.annotate(**{OWNER: F(path)}):
            found[getattr(row, OWNER)].append(row)
        # Each instance's queryset shares one query that selects nothing: a `filter()` on it (a
        # query, since it is not filtered on the instance) finds nothing rather than every row.
        nothing = related._default_manager.none().query
        for instance in instances:
            done = QuerySet(model=related, query=nothing)
            done._result_cache, done._prefetch_done = found[instance.pk], True
            instance.__dict__.setdefault("_prefetched_objects_cache", {})[name] = done


def related(instance: models.Model, name: str) -> Iterable[models.Model]:
    """`instance.<name>.all()`: the prefetched rows when there are (by `attach` or
    `prefetch_related`) without making the related manager (a feed batch read 2,700 of them),
    else the query."""
    cache = instance.__dict__.get("_prefetched_objects_cache")
    if cache is not None and name in cache:
        return cache[name]
    return getattr(instance, name).all()
