"""The organisers' public pages: every organisation with public events (`/organisations/`) and
each one's page (`/organisations/<slug>/`): its upcoming sessions, its past events, its
calendar (ICS) and Atom feed, and the widget to embed its programme in its own site."""

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render

from agenda.events import queries
from agenda.events.caching import public_page
from agenda.events.filters import AgendaFilters
from agenda.events.organisers import public_organisations
from agenda.events.seats import attach_states

from .views_widget import widget_snippets

PAST_SHOWN = 12


@public_page
def organisers(request: HttpRequest) -> HttpResponse:
    return render(request, "site/organisers.html", {"organisations": public_organisations()})


@public_page
def organiser(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = public_organisations().filter(slug=slug).first()
    if organisation is None:
        raise Http404("Organisation introuvable")
    filters = AgendaFilters(organisation=slug)
    page = queries.paginate(queries.upcoming_sessions(filters), request.GET.get("page"))
    past = queries.past_events(filters)
    context = {
        "organisation": organisation,
        "filters": filters,
        "query": None,  # the session cards highlight a search's words: none here
        "page": page,
        "days": queries.group_by_day(
            attach_states(page.object_list), floor=queries.floor_day(filters)
        ),
        "past": past[:PAST_SHOWN],
        "more_past": past[PAST_SHOWN : PAST_SHOWN + 1].exists(),
        **widget_snippets(filters.query_string(), title=f"Agenda de {organisation.name}"),
    }
    return render(request, "site/organiser.html", context)
