"""The room link of a session with registration on the agenda goes to confirmed registrants
only: it never appears in public pages, feeds, the API or JSON-LD."""

import pytest

from .conftest import paris

ROOM = "https://visio.example.org/salle-secrete"
OPEN_ROOM = "https://visio.example.org/salle-ouverte"


@pytest.fixture
def two_webinars(make_event):
    return make_event(
        "Webinaires",
        start=paris(2030, 3, 5, 10),
        sessions=[
            (paris(2030, 3, 5, 10), paris(2030, 3, 5, 11), "Sur inscription",
             {"online_url": ROOM, "registration": "native", "capacity": 30,
              "attendance_mode": "online"}),
            (paris(2030, 3, 6, 10), paris(2030, 3, 6, 11), "Ouvert à tous",
             {"online_url": OPEN_ROOM, "attendance_mode": "online"}),
        ],
    )  # fmt: skip


@pytest.mark.parametrize(
    "url",
    ["/agenda.ics", "/evenements/{slug}.ics", "/evenements/{slug}/", "/api/events/{slug}"],
)
def test_the_room_link_of_a_native_registration_session_stays_private(client, two_webinars, url):
    body = client.get(url.format(slug=two_webinars.slug)).content.decode()
    assert "Ouvert à tous" in body or "Ouvert" in body.replace("\r\n ", "")
    assert ROOM not in body.replace("\r\n ", "")
    assert OPEN_ROOM in body.replace("\r\n ", "")
