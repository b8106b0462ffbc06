"""Slugs: one rule for events (pages, forms, tables, the next edition), and one numbering of a
taken slug (`-2`, `-3`…) for events and organisations."""

from django.utils.text import slugify

from .models import Event, Programme

SLUG_LENGTH = 200  # Event.slug's column


def slug_for(text: str) -> str:
    """An event slug for a title or a file name: `Atelier données` → `atelier-donnees`."""
    return slugify(text)[:SLUG_LENGTH].strip("-_") or "evenement"


def free_slug(*, programme: Programme, text: str) -> str:
    """`slug_for(text)`, numbered (`-2`, `-3`…) when an event of the programme already has it:
    pages, forms and tables may all want the same slug."""
    base = slug_for(text)
    events = Event.objects.filter(programme=programme).order_by()
    if not events.filter(slug=base).exists():
        return base
    others = events.filter(slug__startswith=f"{_stem(base)}-")
    return numbered(base, taken={base, *others.values_list("slug", flat=True)})


def numbered(base: str, *, taken: set[str], length: int = SLUG_LENGTH) -> str:
    """`base` when not `taken`, else the first free `base-2`, `base-3`… within `length`
    characters (events' and organisations' slugs): `taken` holds at least the slugs starting
    with `base`'s stem and a dash."""
    if base not in taken:
        return base
    stem, n = _stem(base, length), 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"


def _stem(base: str, length: int = SLUG_LENGTH) -> str:
    return base[: length - 10].rstrip("-_")  # room for `-NNN`
