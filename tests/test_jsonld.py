"""schema.org JSON-LD of events, serialised and read back as a consumer would."""

import datetime as dt
import json

import pytest

from agenda.events.models import PARIS, Image, Organisation, Place, Session, Tag
from agenda.feeds.jsonld import event_jsonld, events_jsonld

SITE = "https://agenda.example.fr"
SCHEMA = "https://schema.org/"


def paris(*args: int) -> dt.datetime:
    # A copy of conftest's helper: importing it depends on whether tests/ is a package.
    return dt.datetime(*args, tzinfo=PARIS)


def roundtrip(event) -> dict:
    return json.loads(json.dumps(event_jsonld(event, site_url=SITE)))


@pytest.fixture
def place(db) -> Place:
    return Place.objects.create(
        name="Ségur", address="20 avenue de Ségur", postcode="75007", city="Paris"
    )


@pytest.fixture
def programme_event(make_event, place):
    event = make_event(
        "Semaine de l’innovation",
        start=paris(2023, 11, 3, 16, 15),
        end=paris(2023, 11, 6, 12),
        chapeau="Une semaine de **rencontres**.",
        place=place,
        tags=("IA", "Données"),
        audiences=("Agents publics", "Élus"),
        organisation="DINUM",
        sessions=[
            (paris(2023, 11, 3, 16, 15), paris(2023, 11, 3, 18, 15), "Ouverture",
             {"formats": ["Table ronde"], "is_free": True,
              "registration_url": "https://inscription.example"}),
            (paris(2024, 3, 31, 10), None, "Webinaire",
             {"attendance_mode": "online", "online_url": "https://visio.example",
              "is_free": True}),
        ],
    )  # fmt: skip
    Image.objects.create(event=event, path="/uploads/banniere.png", alt="Bannière")
    return event


def test_the_event_is_a_schema_org_event_with_its_page_and_description(programme_event):
    data = roundtrip(programme_event)
    assert data["@context"] == "https://schema.org"
    assert data["@type"] == "Event"
    assert data["name"] == "Semaine de l’innovation"
    assert data["description"] == "Une semaine de rencontres."
    assert data["url"] == f"{SITE}/evenements/{programme_event.slug}/"
    assert data["image"] == [f"{SITE}/uploads/banniere.png"]


def test_dates_are_iso_8601_with_the_paris_offset_of_the_day(programme_event):
    data = roundtrip(programme_event)
    assert data["startDate"] == "2023-11-03T16:15:00+01:00"
    assert data["endDate"] == "2023-11-06T12:00:00+01:00"
    summer = next(sub for sub in data["subEvent"] if sub["name"] == "Webinaire")
    assert summer["startDate"] == "2024-03-31T10:00:00+02:00"
    assert "endDate" not in summer


def test_a_date_without_time_is_a_bare_date(make_event):
    event = make_event("Salon", start=paris(2023, 11, 14))
    type(event).objects.filter(pk=event.pk).update(has_start_time=False)
    Session.objects.filter(event=event).update(has_start_time=False)
    event.refresh_from_db()
    assert roundtrip(event)["startDate"] == "2023-11-14"


def test_each_session_is_a_sub_event_with_its_anchor_and_location(programme_event):
    data = roundtrip(programme_event)
    assert len(data["subEvent"]) == 2
    opening, webinar = data["subEvent"]
    session = programme_event.sessions.get(title="Ouverture")
    assert opening["url"] == f"{SITE}/evenements/{programme_event.slug}/#{session.anchor}"
    assert opening["location"]["@type"] == "Place"
    assert opening["location"]["address"] == {
        "@type": "PostalAddress",
        "streetAddress": "20 avenue de Ségur",
        "postalCode": "75007",
        "addressLocality": "Paris",
        "addressCountry": "FR",
    }
    assert opening["keywords"] == "Table ronde"
    assert webinar["location"] == {"@type": "VirtualLocation", "url": "https://visio.example"}
    assert webinar["eventAttendanceMode"] == SCHEMA + "OnlineEventAttendanceMode"


def test_an_event_without_programme_has_no_sub_event(make_event):
    data = roundtrip(make_event("Hackathon", start=paris(2023, 11, 20, 9)))
    assert "subEvent" not in data


def test_location_attendance_mode_and_organizer_of_the_event(programme_event):
    Organisation.objects.filter(name="DINUM").update(website="https://www.numerique.gouv.fr")
    programme_event.refresh_from_db()
    data = roundtrip(programme_event)
    assert data["eventAttendanceMode"] == SCHEMA + "OfflineEventAttendanceMode"
    assert data["location"]["@type"] == "Place"
    assert data["location"]["name"] == "Ségur"
    assert data["organizer"] == {
        "@type": "Organization",
        "name": "DINUM",
        "url": "https://www.numerique.gouv.fr",
    }
    assert data["keywords"] == ", ".join(t.name for t in Tag.objects.order_by("name"))


def test_the_audiences_are_schema_org_audiences_and_an_event_without_has_none(
    programme_event, make_event
):
    assert roundtrip(programme_event)["audience"] == [
        {"@type": "Audience", "audienceType": "Agents publics"},
        {"@type": "Audience", "audienceType": "Élus"},
    ]
    assert "audience" not in roundtrip(make_event("Sans public"))


def test_a_mixed_event_has_a_place_and_a_virtual_location(make_event, place):
    event = make_event(
        "Conférence hybride", attendance_mode="mixed", place=place,
        sessions=[(paris(2023, 11, 3, 10), None, "Plénière", {"online_url": "https://live.example"})],
    )  # fmt: skip
    data = roundtrip(event)
    assert data["eventAttendanceMode"] == SCHEMA + "MixedEventAttendanceMode"
    assert [loc["@type"] for loc in data["location"]] == ["Place", "VirtualLocation"]
    assert data["location"][1]["url"] == "https://live.example"


def test_free_registration_is_an_offer_at_zero_euros(programme_event):
    data = roundtrip(programme_event)
    assert data["isAccessibleForFree"] is True
    assert data["offers"] == {
        "@type": "Offer",
        "url": "https://inscription.example",
        "price": 0,
        "priceCurrency": "EUR",
        "availability": SCHEMA + "InStock",
    }


def test_unknown_price_is_not_claimed_free(make_event):
    data = roundtrip(make_event("Atelier"))
    assert "isAccessibleForFree" not in data
    assert "offers" not in data


@pytest.mark.parametrize(
    ("status", "expected"),
    [
        (Session.Status.SCHEDULED, "EventScheduled"),
        (Session.Status.CANCELLED, "EventCancelled"),
        (Session.Status.POSTPONED, "EventPostponed"),
        (Session.Status.MOVED_ONLINE, "EventMovedOnline"),
    ],
)
def test_event_status_follows_its_sessions(make_event, status, expected):
    event = make_event("Atelier")
    Session.objects.filter(event=event).update(status=status)
    assert roundtrip(event)["eventStatus"] == SCHEMA + expected


def test_one_cancelled_session_among_others_cancels_only_its_sub_event(programme_event):
    Session.objects.filter(event=programme_event, title="Webinaire").update(
        status=Session.Status.CANCELLED
    )
    data = roundtrip(programme_event)
    assert data["eventStatus"] == SCHEMA + "EventScheduled"
    assert [sub["eventStatus"] for sub in data["subEvent"]] == [
        SCHEMA + "EventScheduled",
        SCHEMA + "EventCancelled",
    ]


def test_events_jsonld_lists_every_event(make_event):
    events = [make_event("Un"), make_event("Deux")]
    assert [item["name"] for item in events_jsonld(events, SITE)] == ["Un", "Deux"]
