"""Event slugs: one rule for pages, forms, tables and the next edition."""

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
    stem = base[: SLUG_LENGTH - 10].rstrip("-_")  # room for `-NNN`
    taken = set(events.filter(slug__startswith=f"{stem}-").values_list("slug", flat=True))
    n = 2
    while f"{stem}-{n}" in taken:
        n += 1
    return f"{stem}-{n}"
