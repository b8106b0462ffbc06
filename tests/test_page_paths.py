"""The paths the pages write without reversing a URL each time (an event's page, a session's
calendar): the same text `reverse` and `{% url %}` give, for every URLconf and script prefix."""

import uuid

import pytest
from django.template import engines
from django.urls import NoReverseMatch, clear_script_prefix, reverse, set_script_prefix

from agenda.events.models import Event, Session


@pytest.mark.parametrize("slug", ["fete-de-la-science", "a", "x_-_y", "2026_Nuit-99"])
def test_it_writes_an_event_path_as_reverse_does(slug):
    assert Event(slug=slug).get_absolute_url() == reverse("event", kwargs={"slug": slug})


def test_it_writes_an_event_path_under_the_script_prefix():
    set_script_prefix("/agenda/")
    try:
        path = Event(slug="forum").get_absolute_url()
    finally:
        clear_script_prefix()
    assert path == "/agenda/evenements/forum/"
    assert Event(slug="forum").get_absolute_url() == "/evenements/forum/"


@pytest.mark.parametrize("slug", ["", "été", "a/b"])
def test_it_refuses_a_slug_the_route_refuses_as_reverse_does(slug):
    with pytest.raises(NoReverseMatch):
        Event(slug=slug).get_absolute_url()


def test_it_gives_a_session_calendar_path_as_the_url_tag_does():
    session = Session(uid=uuid.uuid4())
    source = (
        "{% load agenda_tags %}{% url 'ics_session' uid=session.uid as u %}"
        "{{ u }}|{{ session|ics_seance }}"
    )
    tag, fast = engines["django"].from_string(source).render({"session": session}).split("|")
    assert fast == tag == f"/seances/{session.uid}.ics"
