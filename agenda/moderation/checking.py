"""The content checks (agenda.checks) run on a snapshot, with each problem located on a form field.

A snapshot is written as the Jekyll page it would be exported as, read back with the page
reader, and given its sessions (from the snapshot, not from the body), then `check_page` runs
every rule on it, exactly as `agenda check --published` does for stored events. Each problem's
line (or front-matter key) tells which field of which form it is about.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from agenda.checks import check_page, problem_dict
from agenda.checks.rules_content import images_without_alt
from agenda.exchange.crosscheck import cross_problems
from agenda.exchange.jekyll import parse_page
from agenda.exchange.jekyll_writer import jekyll_date
from agenda.exchange.page_yaml import dump
from agenda.exchange.programme import ParsedSession
from agenda.lib.pages import PageData, PageError, PageProblem

from .snapshot import parse_local, show, wall_clock

# Sessions have no line in the page: they get lines past its end, SESSION_LINE + their index.
SESSION_LINE = 1_000_000
PAGE_PATH = "formulaire"


@dataclass
class Located:
    """A problem, and where the form shows it: form "event", "images", "infos" or "sessions",
    the index of the entry in a formset (None for the event form), and the field name
    ("" when no field fits: shown above the form)."""

    problem: PageProblem
    form: str
    index: int | None
    field: str

    @property
    def is_error(self) -> bool:
        return self.problem.severity == "error"


def event_span(sessions: list[dict]) -> tuple[str, str]:
    """The event's first start and last end (snapshot text) from its sessions."""
    starts = [s["start"] for s in sessions if s.get("start")]
    if not starts:
        return "", ""
    start = min(starts, key=_sort_key)
    ends = [s.get("end") or s["start"] for s in sessions if s.get("start")]
    end = max(ends, key=_sort_key)
    if len(sessions) == 1 and not sessions[0].get("end"):
        end = ""
    return start, end


def _sort_key(text: str) -> dt.datetime:
    moment, _ = parse_local(text)
    return moment


def _jekyll(text: str):
    moment, has_time = parse_local(text)
    return jekyll_date(moment, has_time)


def front_matter(data: dict) -> dict:
    fm: dict = {"title": data.get("title") or "(sans titre)"}
    for key, value in (
        ("categories", data.get("categories")),
        ("tags", data.get("tags")),
        ("public", data.get("audiences")),
        ("chapeau-text", data.get("chapeau")),
    ):
        if value:
            fm[key] = value
    images = [_image(image) for image in data.get("images", [])]
    if images:
        fm["une-ou-diaporama"] = images
    start, end = event_span(data.get("sessions", []))
    if start:
        fm["event_start_date"] = _jekyll(start)
    if end:
        fm["event_end_date"] = _jekyll(end)
    place = data.get("place")
    if place:
        fm["lieu"] = place.get("name") or place.get("address")
        town = " ".join(p for p in (place.get("postcode"), place.get("city")) if p)
        address = ", ".join(p for p in (place.get("address"), town) if p)
        if address:
            fm["adresse"] = address
    infos = [_info(info) for info in data.get("info_fields", [])]
    if infos:
        fm["champs_informations"] = infos
    if data.get("organisation"):
        fm["organisation"] = data["organisation"]["name"]
    return fm


def _image(image: dict) -> dict:
    entry = {"image": image.get("path", "")}
    if image.get("alt"):
        entry["alternative-textuelle"] = image["alt"]
    if image.get("caption"):
        entry["legende"] = image["caption"]
    return entry


def _info(info: dict) -> dict:
    entry = {"intitule": info.get("label", "")}
    if info.get("content"):
        entry["contenu"] = info["content"]
    if info.get("link"):
        entry["lien"] = info["link"]
    return entry


def page_text(data: dict) -> str:
    header = dump(front_matter(data))
    return f"---\n{header}---\n{data.get('body', '')}"


def parsed_session(session: dict, index: int) -> ParsedSession:
    start = wall_clock(session["start"])
    return ParsedSession(
        start=start,
        end=wall_clock(session.get("end", "")),
        title=session.get("title") or None,
        labels=list(session.get("formats", [])),
        description=session.get("description", ""),
        registration_url=session.get("registration_url") or None,
        accessibility=[session["accessibility"]] if session.get("accessibility") else [],
        is_free=session.get("is_free"),
        registration_required=session.get("registration", "none") != "none",
        line=SESSION_LINE + index,
        column=1,
        date_text=show("start", session["start"]),
    )


def page_of(data: dict, slug: str = "evenement") -> PageData:
    page = parse_page(page_text(data), path=PAGE_PATH, slug=slug)
    page.sessions = [
        parsed_session(s, i) for i, s in enumerate(data.get("sessions", [])) if s.get("start")
    ]
    return page


def check_data(data: dict, slug: str = "evenement") -> list[Located]:
    """Every problem the rules find in a snapshot, located on the forms."""
    try:
        page = page_of(data, slug)
    except PageError as error:  # cannot happen with a snapshot, but never hide it
        return [Located(error.problem, "event", None, "")]
    # The cross-page rules also compare it with the stored events (not with itself).
    problems = {_key(p): p for p in [*check_page(page), *cross_problems([page], exclude_slug=slug)]}
    located = [locate(problem, page, data) for problem in problems.values()]
    return located + _session_images(data.get("sessions", []))


def _session_images(sessions: list[dict]) -> list[Located]:
    """Session descriptions are not part of the page's body (the page's checks do not see
    them): an image without alt text there is the same error, on the description field."""
    found = []
    for index, session in enumerate(sessions):
        text = session.get("description") or ""
        for _, message in images_without_alt(text):
            line = SESSION_LINE + index
            problem = PageProblem(PAGE_PATH, line, "missing-alt", message, "error")
            found.append(Located(problem, "sessions", index, "description"))
    return found


def _key(problem: PageProblem) -> tuple:
    return (problem.line, problem.column, problem.code, problem.message)


def stored_problems(located: list[Located]) -> list[dict]:
    """What Event.problems / Revision.problems keep: the JSON of `agenda check`, plus where."""
    return [
        {**problem_dict(item.problem), "form": item.form, "index": item.index, "at": item.field}
        for item in located
    ]


_EVENT_KEYS = {
    "title": "title",
    "chapeau-text": "chapeau",
    "categories": "categories",
    "tags": "tags",
    "public": "audiences",
    "organisation": "organisation",
}


def locate(problem: PageProblem, page: PageData, data: dict) -> Located:
    sessions = data.get("sessions", [])
    if problem.line >= SESSION_LINE:
        return Located(problem, "sessions", problem.line - SESSION_LINE, "start_date")
    key = problem.field or _key_at(page, problem.line)
    if not key and problem.line >= page.body_line:
        return Located(problem, "event", None, "body")
    if key in _EVENT_KEYS:
        return Located(problem, "event", None, _EVENT_KEYS[key])
    if key in ("lieu", "adresse"):
        place = data.get("place") or {}
        field = "place" if place.get("id") else "new_place_address"
        return Located(problem, "event", None, field)
    if key in ("event_start_date", "date", "event_date", "dateEvent"):
        return Located(problem, "sessions", 0, "start_date")
    if key == "event_end_date":
        return Located(problem, "sessions", max(len(sessions) - 1, 0), "end_date")
    if key == "une-ou-diaporama":
        field = "alt" if problem.code == "missing-alt" else "path"
        return Located(problem, "images", _entry_at(page, key, problem.line), field)
    if key == "champs_informations":
        field = {"bad-url": "link", "malformed-field": "label"}.get(problem.code, "content")
        return Located(problem, "infos", _entry_at(page, key, problem.line), field)
    if problem.line >= page.body_line:
        return Located(problem, "event", None, "body")
    return Located(problem, "event", None, "")


def _key_at(page: PageData, line: int) -> str:
    if line >= page.body_line:
        return ""
    before = [(key_line, key) for key, key_line in page.key_lines.items() if key_line <= line]
    return max(before)[1] if before else ""


def _entry_at(page: PageData, key: str, line: int) -> int:
    lines = page.item_lines.get(key, [])
    before = [index for index, item_line in enumerate(lines) if item_line <= line]
    return before[-1] if before else 0
