"""Rows of a bulk import, whatever their source. Pure functions, no database.

- `SessionData` / `EventData`: what a table row or an ICS VEVENT says, in the shape
  `bulk.import_events` stores. Dates are Paris wall-clock values: a naive datetime, or a bare
  date for a day without hours; `events.models.aware` attaches Europe/Paris.
- `parse_rows`: checks every cell of a table row; a row with an error is reported (line and
  column) and kept out, and so is the rest of its event: an event is imported whole or not at all.
- `group_events`: rows with the same `evenement_id` (else the same `evenement` title, ignoring
  case and spaces) form one event.
"""

import datetime as dt
import re
from dataclasses import dataclass, field

from agenda.lib.french import compte, word
from agenda.lib.limits import max_sessions
from agenda.lib.pages import PageProblem

from .tabular import Row, Table, normalize

DATE = re.compile(r"^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$")
ISO_DATE = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
TIME = re.compile(r"^(\d{1,2})\s*(?:[:hH]\s*(\d{2})?)(?::\d{2})?$")
URL = re.compile(r"^https?://[^\s/?#]+\S*$", re.I)
POSTCODE = re.compile(r"^\d{5}$")
MODES = {
    "presentiel": "offline", "en_presentiel": "offline", "sur_place": "offline",
    "en_ligne": "online", "enligne": "online", "distanciel": "online", "a_distance": "online",
    "mixte": "mixed", "hybride": "mixed",
}  # fmt: skip
REGISTRATIONS = {
    "aucune": "none", "non": "none", "sans": "none", "sans_inscription": "none",
    "lien": "external", "externe": "external", "lien_externe": "external",
    "native": "native", "agenda": "native", "sur_l_agenda": "native",
}  # fmt: skip
BOOLEANS = {
    "oui": True, "o": True, "vrai": True, "true": True, "1": True, "x": True, "gratuit": True,
    "non": False, "n": False, "faux": False, "false": False, "0": False, "payant": False,
}  # fmt: skip


@dataclass
class SessionData:
    key: str  # identity of the session within (organisation, source): re-imports update it
    event_key: str
    event_title: str
    line: int
    start: dt.date | dt.datetime
    end: dt.date | dt.datetime | None = None
    title: str = ""
    chapeau: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    formats: list[str] = field(default_factory=list)
    description: str = ""
    mode: str = "offline"  # Session.AttendanceMode values
    place_name: str = ""
    address: str = ""  # "street, postcode city"
    online_url: str = ""
    accessibility: str = ""
    is_free: bool | None = None
    registration: str = "none"  # Session.Registration values
    # The row's `inscription` column says it: it may change a registration on the agenda.
    registration_given: bool = False
    registration_url: str = ""
    capacity: int | None = None
    cancelled: bool | None = None  # None: the source does not say; the stored status stays


@dataclass
class EventData:
    key: str
    title: str
    line: int
    chapeau: str = ""
    categories: list[str] = field(default_factory=list)
    tags: list[str] = field(default_factory=list)
    audiences: list[str] = field(default_factory=list)
    sessions: list[SessionData] = field(default_factory=list)


@dataclass
class ParsedRows:
    sessions: list[SessionData] = field(default_factory=list)
    problems: list[PageProblem] = field(default_factory=list)
    bad_lines: dict[str, list[int]] = field(default_factory=dict)  # event key → lines in error


def fold(text: str) -> str:
    return " ".join(text.split()).casefold()


def split_items(text: str) -> list[str]:
    return list(dict.fromkeys(item.strip() for item in text.split("|") if item.strip()))


def french(value: dt.date | dt.datetime) -> str:
    return f"{value:%d/%m/%Y %H:%M}" if isinstance(value, dt.datetime) else f"{value:%d/%m/%Y}"


def sort_key(value: dt.date | dt.datetime) -> dt.datetime:
    return value if isinstance(value, dt.datetime) else dt.datetime.combine(value, dt.time())


class _Cells:
    """Typed reading of one row's cells; each unreadable cell adds a located problem."""

    def __init__(self, table: Table, row: Row) -> None:
        self.table, self.row, self.problems = table, row, []

    def text(self, column: str) -> str:
        return self.row.values.get(column, "")

    def error(self, column: str, code: str, message: str, severity: str = "error") -> None:
        problem = self.table.problem(self.row.line, column, code, message, severity=severity)
        self.problems.append(problem)

    @property
    def failed(self) -> bool:
        return any(problem.severity == "error" for problem in self.problems)

    def date(self, column: str, *, required: bool = False) -> dt.date | None:
        text = self.text(column)
        if not text:
            if required:
                self.error(column, "missing-date", "date manquante (attendu JJ/MM/AAAA)")
            return None
        match = DATE.match(text)
        parts = (match[3], match[2], match[1]) if match else None
        if parts is None and (iso := ISO_DATE.match(text)):
            parts = iso.groups()
        if parts is None:
            self.error(column, "bad-date", f"date illisible « {text} » (attendu JJ/MM/AAAA)")
            return None
        try:
            return dt.date(*map(int, parts))
        except ValueError:
            self.error(column, "bad-date", f"date inexistante « {text} »")
            return None

    def time(self, column: str) -> dt.time | None:
        text = self.text(column)
        if not text:
            return None
        match = TIME.match(text)
        if match and int(match[1]) < 24 and int(match[2] or 0) < 60:
            return dt.time(int(match[1]), int(match[2] or 0))
        self.error(column, "bad-time", f"heure illisible « {text} » (attendu HH:MM)")
        return None

    def choice(self, column: str, choices: dict, expected: str) -> str | None:
        text = self.text(column)
        if not text:
            return None
        value = choices.get(normalize(text))
        if value is None:
            self.error(
                column, f"bad-{column}", f"valeur inconnue « {text} » (attendu : {expected})"
            )
        return value

    def boolean(self, column: str) -> bool | None:
        text = self.text(column)
        value = BOOLEANS.get(normalize(text)) if text else None
        if text and value is None:
            self.error(column, "bad-boolean", f"valeur inconnue « {text} » (attendu : oui ou non)")
        return value

    def url(self, column: str) -> str:
        text = self.text(column)
        if text and not URL.match(text):
            message = f"lien illisible « {text} » (il doit commencer par https://)"
            self.error(column, "bad-url", message)
        return text

    def positive(self, column: str) -> int | None:
        text = self.text(column).replace(" ", "").replace("\u202f", "")
        if not text:
            return None
        if text.isdecimal() and int(text) > 0:
            return int(text)
        self.error(column, "bad-number", f"nombre illisible « {text} » (attendu : un entier)")
        return None


def parse_rows(table: Table) -> ParsedRows:
    parsed = ParsedRows(problems=list(table.problems))
    seen: dict[str, int] = {}
    for row in table.rows:
        cells = _Cells(table, row)
        session = parse_row(cells)
        if session is not None and session.key in seen:
            _duplicate(cells, seen[session.key])
        parsed.problems.extend(sorted(cells.problems, key=lambda problem: problem.column))
        event_key = _event_key(cells)
        if cells.failed or session is None:
            if event_key:
                parsed.bad_lines.setdefault(event_key, []).append(row.line)
            continue
        seen[session.key] = row.line
        parsed.sessions.append(session)
    return parsed


def _event_key(cells: _Cells) -> str:
    if cells.text("evenement_id"):
        return "id:" + cells.text("evenement_id")
    return "titre:" + fold(cells.text("evenement")) if cells.text("evenement") else ""


def _duplicate(cells: _Cells, first_line: int) -> None:
    if cells.text("identifiant"):
        message = f"même identifiant que la ligne {first_line}"
        cells.error("identifiant", "duplicate-row", message)
        return
    message = (
        f"même événement, date et début que la ligne {first_line} : renseignez la colonne "
        "identifiant pour distinguer deux séances"
    )
    cells.error("debut" if cells.text("debut") else "date", "duplicate-row", message)


def parse_row(cells: _Cells) -> SessionData | None:
    event_key = _event_key(cells)
    if not event_key:
        cells.error("evenement", "missing-title", "titre de l’événement manquant")
    start, end = _span(cells)
    place = _place(cells)
    mode = cells.choice("mode", MODES, "presentiel, en-ligne ou mixte") or _mode(cells, place)
    registration, url = _registration(cells)
    values = {
        "title": cells.text("titre"),
        "chapeau": cells.text("chapeau"),
        "categories": split_items(cells.text("categories")),
        "tags": split_items(cells.text("etiquettes")),
        "audiences": split_items(cells.text("public")),
        "formats": split_items(cells.text("formats")),
        "description": cells.text("description"),
        "online_url": cells.url("lien_visio"),
        "accessibility": cells.text("accessibilite"),
        "is_free": cells.boolean("gratuit"),
        "capacity": cells.positive("places"),
    }
    if cells.failed or start is None or not event_key:
        return None
    key = cells.text("identifiant")
    key = f"id:{key}" if key else f"{event_key}|{french(start)}"
    return SessionData(
        key=key,
        event_key=event_key,
        event_title=cells.text("evenement"),
        line=cells.row.line,
        start=start,
        end=end,
        mode=mode,
        place_name=place[0],
        address=place[1],
        registration=registration,
        registration_given=bool(cells.text("inscription")),
        registration_url=url,
        **values,
    )


def _span(cells: _Cells) -> tuple[dt.date | dt.datetime | None, dt.date | dt.datetime | None]:
    day, last_day = cells.date("date", required=True), cells.date("date_fin")
    start_time, end_time = cells.time("debut"), cells.time("fin")
    if end_time and not start_time and not cells.text("debut"):
        cells.error("fin", "end-without-start", "heure de fin sans heure de début")
    if day is None:
        return None, None
    start = dt.datetime.combine(day, start_time) if start_time else day
    if last_day and last_day < day:
        message = f"le dernier jour ({french(last_day)}) précède la date ({french(day)})"
        cells.error("date_fin", "end-before-start", message)
        return start, None
    end = None
    if start_time and end_time:
        end = dt.datetime.combine(last_day or day, end_time)
    elif last_day:
        end = last_day
    if isinstance(end, dt.datetime) and end < start:
        message = f"la fin ({french(end)}) précède le début ({french(start)})"
        cells.error("fin", "end-before-start", message)
    return start, end


def _place(cells: _Cells) -> tuple[str, str]:
    postcode = cells.text("code_postal")
    if postcode and not POSTCODE.match(postcode):
        cells.error(
            "code_postal", "bad-postcode", f"code postal inhabituel « {postcode} »", "warning"
        )
    town = " ".join(part for part in (postcode, cells.text("ville")) if part)
    address = ", ".join(part for part in (cells.text("adresse"), town) if part)
    return cells.text("lieu"), address


def _mode(cells: _Cells, place: tuple[str, str]) -> str:
    online = bool(cells.text("lien_visio"))
    if online and any(place):
        return "mixed"
    return "online" if online else "offline"


def _registration(cells: _Cells) -> tuple[str, str]:
    url = cells.url("lien_inscription")
    kind = cells.choice("inscription", REGISTRATIONS, "aucune, lien ou native")
    if kind is None:
        return ("external" if url else "none"), url
    if kind == "external" and not url:
        message = "lien d’inscription manquant (la colonne inscription dit « lien »)"
        cells.error("lien_inscription", "missing-url", message)
    return kind, url


def group_events(
    sessions: list[SessionData], *, bad_lines: dict[str, list[int]] | None = None, path: str = ""
) -> tuple[list[EventData], list[PageProblem]]:
    """One event per event key, in the order met; an event with a bad row is left out whole."""
    bad_lines = bad_lines or {}
    groups: dict[str, EventData] = {}
    for session in sessions:
        event = groups.setdefault(
            session.event_key, EventData(session.event_key, session.event_title, session.line)
        )
        event.title = event.title or session.event_title
        event.chapeau = event.chapeau or session.chapeau
        event.categories = list(dict.fromkeys(event.categories + session.categories))
        event.tags = list(dict.fromkeys(event.tags + session.tags))
        event.audiences = list(dict.fromkeys(event.audiences + session.audiences))
        event.sessions.append(session)
    kept, problems = [], []
    for key, event in groups.items():
        lines = ", ".join(str(session.line) for session in event.sessions)
        if key in bad_lines:
            wrong = ", ".join(map(str, bad_lines[key]))
            message = (
                f"{word(len(event.sessions), 'ligne')} {lines} "
                f"{word(len(event.sessions), 'non importée')} : l’événement a une ligne en "
                f"erreur ({wrong})"
            )
            problems.append(PageProblem(path, event.line, "event-not-imported", message))
        elif not event.title:
            message = (
                f"{word(len(event.sessions), 'ligne')} {lines} "
                f"{word(len(event.sessions), 'non importée')} : aucun titre d’événement "
                "(colonne evenement)"
            )
            problems.append(PageProblem(path, event.line, "missing-title", message))
        elif len(event.sessions) > max_sessions():
            message = (
                f"« {event.title} » : {compte(len(event.sessions), 'séance')}, "
                f"au plus {max_sessions()} "
                "par événement (réglage MAX_SESSIONS_PER_EVENT) : événement non importé"
            )
            problems.append(PageProblem(path, event.line, "too-many-sessions", message))
        else:
            event.sessions.sort(key=lambda session: sort_key(session.start))
            kept.append(event)
    return kept, problems
