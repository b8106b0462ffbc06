"""`lib.dbinsert`: new rows inserted without the ORM's compiler are the rows `bulk_create`
writes (keys set on the instances, values of every type prepared as the ORM prepares them),
and what it cannot do faster is left to `bulk_create`."""

import datetime as dt

from django.utils import timezone

from agenda.events.models import Event, Place, Tag
from agenda.lib.dbinsert import insert_rows, insert_values


def _row(place: Place) -> tuple:
    return tuple(
        getattr(place, field.attname)
        for field in Place._meta.concrete_fields
        if field.attname != "id"
    )


def test_new_rows_get_their_keys_and_read_back_as_bulk_create_writes_them(db):
    moment = timezone.make_aware(dt.datetime(2026, 12, 4, 3, 30))
    values = dict(
        address="8 quai des Chartrons",
        city="Bordeaux",
        access=[{"type": "Tram", "lignes": [{"nom": "B"}]}],
        latitude=44.85,
        geocoded_at=moment,
        position_set_by_hand=True,
    )
    fast = [Place(name=f"Salle {n}", **values) for n in range(3)]
    insert_rows(Place, fast)
    orm = Place.objects.bulk_create([Place(name=f"Autre {n}", **values) for n in range(3)])

    assert [p.pk for p in fast] == sorted(p.pk for p in fast) and None not in [p.pk for p in fast]
    assert not fast[0]._state.adding
    stored = {p.pk: p for p in Place.objects.all()}
    for mine, theirs in zip(fast, orm, strict=True):
        assert _row(stored[mine.pk])[1:] == _row(stored[theirs.pk])[1:]  # all but the name
        assert stored[mine.pk].access == values["access"] and stored[mine.pk].geocoded_at == moment


def test_rows_whose_key_is_given_are_left_to_bulk_create(db, bulk_create_models):
    compiled = bulk_create_models
    insert_rows(Tag, [Tag(pk=41, name="Donnée", slug="donnee")])
    insert_rows(Tag, [Tag(name="Accessibilité", slug="accessibilite")])
    assert compiled == [Tag]
    assert sorted(Tag.objects.values_list("name", "slug")) == [
        ("Accessibilité", "accessibilite"),
        ("Donnée", "donnee"),
    ]
    assert Tag.objects.get(pk=41).name == "Donnée"


def test_links_given_as_values_are_the_links_the_relation_reads(make_event):
    event = make_event()
    tags = [Tag(name=f"T{n}", slug=f"t{n}") for n in range(3)]
    insert_rows(Tag, tags)
    insert_values(Event.tags.through, ["event_id", "tag_id"], [(event.pk, t.pk) for t in tags])
    insert_values(Event.tags.through, ["event_id", "tag_id"], [])  # nothing: no query

    assert sorted(event.tags.values_list("name", flat=True)) == ["T0", "T1", "T2"]
