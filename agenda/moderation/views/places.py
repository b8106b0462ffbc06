"""Places for staff (/espace/lieux/): where the geocoder put each one, and the form that
corrects a position by hand. The work is in agenda.moderation.places."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db.models import Case, IntegerField, Q, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_http_methods

from agenda.events.models import Place

from ..forms.places import PlacePositionForm, position_warning
from ..places import correct_position, place_label
from .common import moderators_only


@moderators_only
def places(request: HttpRequest) -> HttpResponse:
    """Places without a position first (a problem to look at), then by city and name; `q`
    finds a name, an address or a city."""
    query = request.GET.get("q", "").strip()[:200]
    rows = Place.objects.annotate(
        located_rank=Case(
            When(latitude__isnull=False, then=1), default=0, output_field=IntegerField()
        )
    ).order_by("located_rank", "city", "name", "address", "pk")
    if query:
        rows = rows.filter(
            Q(name__icontains=query) | Q(address__icontains=query) | Q(city__icontains=query)
        )
    page = Paginator(rows, 50).get_page(request.GET.get("page"))
    return render(request, "moderation/places.html", {"page": page, "query": query})


@moderators_only
@require_http_methods(["GET", "POST"])
def place_position(request: HttpRequest, pk: int) -> HttpResponse:
    place = get_object_or_404(Place, pk=pk)
    initial = {"latitude": place.latitude, "longitude": place.longitude}
    form = PlacePositionForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        latitude, longitude = form.cleaned_data["latitude"], form.cleaned_data["longitude"]
        correct_position(place=place, actor=request.user, latitude=latitude, longitude=longitude)
        messages.success(request, f"Position de « {place_label(place)} » enregistrée.")
        warning = position_warning(latitude, longitude)
        if warning:
            messages.warning(request, warning)
        return redirect("space_place_position", pk=place.pk)
    context = {
        "place": place,
        "label": place_label(place),
        "form": form,
        "MAP_TILE_URL": settings.MAP_TILE_URL,
        "MAP_TILE_ATTRIBUTION": settings.MAP_TILE_ATTRIBUTION,
    }
    return render(request, "moderation/place_position.html", context)
