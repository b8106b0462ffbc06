"""The published programme as open data: one row per session, in CSV, XLSX and JSON, under the
Licence Ouverte 2.0. Pure functions over model instances and rows.

The columns are those of the Table Schema `agenda/feeds/schemas/seances.json` (served at
/donnees/seances.schema.json), in its order: one definition, read by the writers, the page
that documents them and the tests that check the files against it.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import uuid
from collections.abc import Iterable, Iterator
from functools import cache, lru_cache
from pathlib import Path

from django.urls import reverse

from agenda.events.models import PARIS, Event, Session
from agenda.lib.cells import FORMULA_STARTS, safe_cell
from agenda.lib.markup import plain_text
from agenda.lib.prefetch import related
from agenda.lib.xlsx import xlsx_chunks as write_xlsx

from .ics import last_modified, session_place, session_url

SCHEMA_PATH = Path(__file__).resolve().parent / "schemas" / "seances.json"
LICENCE = "Licence Ouverte / Open Licence version 2.0"
LICENCE_URL = "https://www.etalab.gouv.fr/licence-ouverte-open-licence/"
CSV_TYPE = "text/csv; charset=utf-8"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
JSON_TYPE = "application/json; charset=utf-8"
LIST_SEPARATOR = "; "
STATUSES = {
    Session.Status.SCHEDULED: "programmee",
    Session.Status.POSTPONED: "reportee",
    Session.Status.CANCELLED: "annulee",
    Session.Status.MOVED_ONLINE: "passee_en_ligne",
    Session.Status.FULL: "complete",
}
MODES = {"offline": "presentiel", "online": "en_ligne", "mixed": "mixte"}
REGISTRATIONS = {"none": "aucune", "external": "externe", "native": "sur_agenda"}
_ZERO = uuid.UUID(int=0)


@cache
def schema() -> dict:
    return json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))


def columns() -> list[str]:
    return [column["name"] for column in schema()["fields"]]


# --- one row ---------------------------------------------------------------------------------


def row(session: Session, *, site_url: str) -> dict:
    """The session's row, keyed by the schema's column names, in its order. `session` comes
    with its event (organisation, place, categories, tags, audiences), its place and formats."""
    event = session.event
    start, end = session.starts_at.astimezone(PARIS), _local(session.ends_at)
    values = {
        "identifiant": str(session.uid),
        "version": session.sequence,
        "evenement": event.slug,
        "titre_evenement": event.title,
        "titre_seance": "" if session.whole_event else session.title,
        "date_debut": start.date().isoformat(),
        "heure_debut": _time(start) if session.has_start_time else None,
        "date_fin": end.date().isoformat() if end else None,
        "heure_fin": _time(end) if end and session.has_end_time else None,
        "statut": status(session),
        "motif_statut": status_reason(session),
        "mode_participation": MODES.get(session.attendance_mode, "presentiel"),
        **place_columns(session),
        "lien_en_ligne": session.public_online_url,
        "organisation": event.organisation.name if event.organisation else "",
        "organisation_sigle": event.organisation.acronym if event.organisation else "",
        "organisation_site": event.organisation.website if event.organisation else "",
        "categories": _names(related(event, "categories")),
        "etiquettes": _names(related(event, "tags")),
        "public": _names(related(event, "audiences")),
        "formats": _names(related(session, "formats")),
        "gratuit": session.is_free,
        "inscription": REGISTRATIONS.get(session.registration, "aucune"),
        "inscription_obligatoire": session.registration_required,
        "lien_inscription": session.registration_url,
        "accessibilite": session.accessibility,
        "chapeau": plain_text(event.chapeau),
        "description": plain_text(session.description),
        "url": session_url(session, site_url),
        "url_ics": site_url.rstrip("/") + ics_path(session.uid),
        "modifie_le": last_modified(session).strftime("%Y-%m-%dT%H:%M:%SZ"),
    }
    return {name: values[name] for name in columns()}


def status(session: Session) -> str:
    """A cancelled event cancels every session, whatever each one says."""
    if session.event.status == Event.Status.CANCELLED:
        return "annulee"
    return STATUSES.get(session.status, "programmee")


def status_reason(session: Session) -> str:
    if session.event.status == Event.Status.CANCELLED and session.event.status_reason:
        return session.event.status_reason
    return session.status_reason


def place_columns(session: Session) -> dict:
    place = session_place(session)
    if place is None:
        label = "" if session.attendance_mode == "online" else session.event.place_label
        return {"lieu": label, "adresse": "", "code_postal": "", "ville": "",
                "latitude": None, "longitude": None}  # fmt: skip
    return {
        "lieu": place.name or session.event.place_label,
        "adresse": place.address,
        "code_postal": place.postcode,
        "ville": place.city,
        "latitude": place.latitude,
        "longitude": place.longitude,
    }


@lru_cache(maxsize=1)
def _ics_pattern() -> str:
    return reverse("ics_session", kwargs={"uid": _ZERO})


def ics_path(uid: uuid.UUID) -> str:
    """/seances/<uid>.ics, reversed once (100,000 reverses would cost seconds)."""
    return _ics_pattern().replace(str(_ZERO), str(uid))


def _local(moment: dt.datetime | None) -> dt.datetime | None:
    return moment.astimezone(PARIS) if moment else None


def _time(moment: dt.datetime) -> str:
    return f"{moment.hour:02d}:{moment.minute:02d}:{moment.second:02d}"


def _names(objects: Iterable) -> str:
    return LIST_SEPARATOR.join(o.name for o in objects)


# --- files -----------------------------------------------------------------------------------


def csv_cell(value) -> str:
    """Text neutralised against formulas; booleans as the schema's true/false; empty for
    none. Numbers stay numbers (a negative longitude is not a formula)."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    return safe_cell(value)


def csv_chunks(rows: Iterable[dict]) -> Iterator[str]:
    """RFC 4180: comma-separated, CRLF, UTF-8 without BOM, a header of the column names."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\r\n")
    writer.writerow(columns())
    for index, values in enumerate(rows, start=1):
        # Most cells are harmless text: kept as they are without a call (100,000 rows).
        writer.writerow(
            [
                value
                if type(value) is str and not value.startswith(FORMULA_STARTS)
                else csv_cell(value)
                for value in values.values()
            ]
        )
        if index % 500 == 0:
            yield out.getvalue()
            out.seek(0)
            out.truncate()
    yield out.getvalue()


def json_chunks(row_texts: Iterable[str], *, head: dict) -> Iterator[str]:
    """A JSON object: metadata (title, licence, schema…) then `seances`, the rows (each already
    a JSON text) in order."""
    opening = json.dumps(head, ensure_ascii=False, indent=1)[:-2] + ',\n "seances": ['
    yield opening
    separator = "\n  "
    for text in row_texts:
        yield separator + text
        separator = ",\n  "
    yield "\n ]\n}\n"


def xlsx_chunks(rows: Iterable[dict], *, title: str, source: str) -> Iterator[bytes]:
    """One sheet of the rows under the column names; text stays text (never a formula); the
    licence is in the document's properties."""
    return write_xlsx(
        columns(),
        (list(values.values()) for values in rows),
        sheet="Séances",
        title=title,
        creator=source,
        description=f"{LICENCE} : {LICENCE_URL}",
        keywords="données ouvertes; licence ouverte; etalab-2.0",
    )
