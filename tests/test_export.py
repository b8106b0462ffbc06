"""`agenda export`: every event (drafts too unless --published), to stdout or one file each."""

import datetime as dt
import io
import json

import pytest
from django.core.management import CommandError, call_command
from icalendar import Calendar

from agenda.events.models import PARIS, Event


def paris(*args: int) -> dt.datetime:
    # A copy of conftest's helper: importing it depends on whether tests/ is a package.
    return dt.datetime(*args, tzinfo=PARIS)


@pytest.fixture
def events(make_event):
    return [
        make_event("Forum", start=paris(2030, 11, 3, 16, 15), slug="forum"),
        make_event(
            "Atelier",
            start=paris(2030, 11, 4, 10),
            slug="atelier",
            sessions=[
                (paris(2030, 11, 4, 10), None, "Matin"),
                (paris(2030, 11, 4, 14), None, "Soir"),
            ],
        ),
        make_event(
            "Brouillon", start=paris(2030, 11, 5), slug="brouillon", status=Event.Status.DRAFT
        ),
    ]


def export(*args: str) -> str:
    out = io.StringIO()
    call_command("export", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_jsonld_to_stdout_is_one_json_list_with_drafts(events):
    data = json.loads(export("--format", "jsonld"))
    assert [item["name"] for item in data] == ["Forum", "Atelier", "Brouillon"]
    assert data[0]["startDate"] == "2030-11-03T16:15:00+01:00"
    assert len(data[1]["subEvent"]) == 2


def test_published_leaves_drafts_out(events):
    data = json.loads(export("--format", "jsonld", "--published"))
    assert [item["name"] for item in data] == ["Forum", "Atelier"]


def test_ics_to_stdout_is_one_calendar_of_all_sessions(events):
    calendar = Calendar.from_ical(export("--format", "ics", "--published"))
    summaries = sorted(str(v["SUMMARY"]) for v in calendar.walk("VEVENT"))
    assert summaries == ["Forum", "Matin — Atelier", "Soir — Atelier"]


def test_out_writes_one_file_per_event(events, tmp_path):
    export("--format", "jsonld", "--out", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [
        "atelier.jsonld",
        "brouillon.jsonld",
        "forum.jsonld",
    ]
    assert json.loads((tmp_path / "forum.jsonld").read_text())["name"] == "Forum"


def test_out_ics_files_are_calendars_with_crlf_lines(events, tmp_path):
    export("--format", "ics", "--out", str(tmp_path / "ics"), "--published")
    body = (tmp_path / "ics" / "atelier.ics").read_bytes()
    assert b"\r\n" in body
    assert len(Calendar.from_ical(body).walk("VEVENT")) == 2
    assert not (tmp_path / "ics" / "brouillon.ics").exists()


def test_an_unknown_format_is_refused(events):
    with pytest.raises(CommandError, match="invalid choice"):
        export("--format", "pdf")


def test_jekyll_writes_markdown_pages(events, tmp_path):
    export("--format", "jekyll", "--out", str(tmp_path))
    page = (tmp_path / "forum.markdown").read_text()
    assert page.startswith("---\n")
    assert "title: Forum" in page
    assert "published: false" in (tmp_path / "brouillon.markdown").read_text()
    assert export("--format", "jekyll").count("title: ") == 3
