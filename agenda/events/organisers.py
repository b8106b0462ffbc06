"""What the public sees of organisations: those with public events."""

from django.db.models import Count, Q, QuerySet

from .models import Event, Organisation


def public_organisations() -> QuerySet[Organisation]:
    """Organisations with at least one public (published or cancelled) event, with their count
    of public events (`public_events`), by name."""
    public = Q(events__status__in=(Event.Status.PUBLISHED, Event.Status.CANCELLED))
    return (
        Organisation.objects.annotate(public_events=Count("events", filter=public))
        .filter(public_events__gt=0)
        .order_by("name")
    )
