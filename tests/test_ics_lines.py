"""The ICS content lines we write ourselves: folded at 75 octets without splitting a UTF-8
sequence, TEXT escaped, read back identically by icalendar and by Mozilla's ical.js."""

import datetime as dt

import pytest
from icalendar import Calendar

from agenda.events.models import PARIS, Organisation, Session
from agenda.feeds.ics import calendar_for_sessions, fold, text
from tests.test_ics import ical_js

SITE = "https://agenda.example.fr"
# ASCII, 2-byte (é), 3-byte (’, €) and 4-byte (🎉) characters, in every alignment.
ALPHABET = "aé’€🎉 ,;\\:"


def physical_lines(body: bytes) -> list[bytes]:
    return body.split(b"\r\n")


@pytest.mark.parametrize("length", range(60, 160, 7))
@pytest.mark.parametrize("shift", range(len(ALPHABET)))
def test_folding_never_passes_75_octets_nor_splits_a_character(length, shift):
    value = "".join(ALPHABET[(i + shift) % len(ALPHABET)] for i in range(length))
    folded = fold(f"SUMMARY:{value}")
    pieces = folded.encode().split(b"\r\n")
    assert all(len(piece) <= 75 for piece in pieces)
    assert all(piece.startswith(b" ") for piece in pieces[1:])
    for piece in pieces:
        piece.decode("utf-8")  # each physical line is whole UTF-8 (raises otherwise)
    assert "".join(p.decode()[1:] if i else p.decode() for i, p in enumerate(pieces)) == (
        f"SUMMARY:{value}"
    )


def test_text_escapes_backslash_semicolon_comma_and_line_breaks_and_drops_controls():
    assert text("a\\b;c,d\r\ne\rf\ng\x00h\x1bi\tj") == "a\\\\b\\;c\\,d\\ne\\nf\\ng" + "hi\tj"


@pytest.fixture
def awkward(make_event):
    """A session whose every text needs escaping, folding, or both."""
    event = make_event(
        "Données, IA ; et « numérique » — 🎉 " * 3,
        start=dt.datetime(2026, 10, 25, 1, 30, tzinfo=PARIS),
        chapeau="Première ligne\nDeuxième ligne, avec ; et \\ et un lien [ici](https://a.fr).",
        sessions=[
            (dt.datetime(2026, 10, 25, 2, 30, tzinfo=PARIS) + dt.timedelta(hours=1), None,
             "Atelier : « faire, défaire ; refaire »",
             {"description": "é" * 200, "accessibility": "Rampe\r\nBoucle ; magnétique",
              "formats": ["Table ronde, ouverte", "Atelier;pratique"]}),
        ],
    )  # fmt: skip
    event.organisation = Organisation.objects.create(
        name="Ministère : « Numérique », Services", slug="ministere"
    )
    event.save()
    return event


def test_every_physical_line_is_75_octets_or_less_and_whole_utf8(awkward):
    body = calendar_for_sessions(awkward.sessions.all(), name="Agenda ; test, ok", site_url=SITE)
    for line in physical_lines(body):
        assert len(line) <= 75, line
        line.decode("utf-8")


def test_icalendar_reads_back_every_text_unchanged(awkward):
    session = awkward.sessions.get()
    body = calendar_for_sessions([session], name="Agenda ; test, ok", site_url=SITE)
    calendar = Calendar.from_ical(body)
    assert str(calendar["NAME"]) == str(calendar["X-WR-CALNAME"]) == "Agenda ; test, ok"
    (vevent,) = calendar.walk("VEVENT")
    assert (
        str(vevent["SUMMARY"])
        == f"Atelier : « faire, défaire ; refaire » — {awkward.title.strip()}"
    )
    description = str(vevent["DESCRIPTION"])
    assert description.startswith("é" * 200 + "\n\nPremière ligne Deuxième ligne, avec ; et \\")
    assert "Accessibilité : Rampe\nBoucle ; magnétique" in description  # CRLF → one \\n
    assert [str(c) for c in vevent["CATEGORIES"].cats] == [
        "Atelier;pratique",
        "Table ronde, ouverte",
    ]
    assert vevent["ORGANIZER"].params["CN"] == "Ministère : « Numérique », Services"


def test_ical_js_reads_back_the_same_texts_and_the_dst_hour(awkward):
    session = awkward.sessions.get()
    body = calendar_for_sessions([session], name="Agenda", site_url=SITE)
    (parsed,) = ical_js(body)
    assert parsed["summary"] == f"Atelier : « faire, défaire ; refaire » — {awkward.title.strip()}"
    # 25 October 2026, the night clocks go back: 03:30 Paris is 02:30 UTC (winter time).
    assert parsed["start"] == "2026-10-25T03:30:00"
    assert parsed["start_utc"] == dt.datetime(2026, 10, 25, 2, 30, tzinfo=dt.UTC).timestamp()


def test_an_online_session_without_a_place_has_its_link_as_location(make_event):
    event = make_event(
        "Webinaire",
        sessions=[(dt.datetime(2026, 3, 29, 10, tzinfo=PARIS), None, "",
                   {"attendance_mode": "online", "online_url": "https://visio.example/a,b;c"})],
    )  # fmt: skip
    (vevent,) = Calendar.from_ical(calendar_for_sessions(event.sessions.all(), name="x",
                                                         site_url=SITE)).walk("VEVENT")  # fmt: skip
    assert str(vevent["LOCATION"]) == "https://visio.example/a,b;c"
    # 29 March 2026, the morning after clocks go forward: summer time, UTC+2.
    assert vevent["DTSTART"].dt.utcoffset() == dt.timedelta(hours=2)


def test_the_email_invitation_vevent_is_the_feed_vevent(awkward):
    from agenda.feeds.ics import session_vevent, vevent_text

    session = Session.objects.select_related("event__organisation").get(event=awkward)
    component = session_vevent(session, site_url=SITE)
    assert str(component["UID"]) == f"{session.uid}@agenda.example.fr"
    assert component.to_ical().decode().count("BEGIN:VEVENT") == 1
    parsed = Calendar.from_ical(calendar_for_sessions([session], name="x", site_url=SITE)).walk(
        "VEVENT"
    )[0]
    assert str(component["DESCRIPTION"]) == str(parsed["DESCRIPTION"])
    assert vevent_text(session, site_url=SITE).startswith("BEGIN:VEVENT\r\nUID:")
