"""The registrants of a session as CSV for its organisers (opened in a spreadsheet).

A cell starting with = + - @ (or a tab or carriage return) would be read as a formula by
Excel or LibreOffice (CSV injection): it gets a leading apostrophe, shown as text.
"""

import csv
import io

from django.utils import timezone

from agenda.events.models import PARIS, Session

from .models import Registration

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
HEADER = ["Nom", "Adresse électronique", "Organisation", "État", "Rang d’arrivée", "Inscrit·e le"]


def safe_cell(value) -> str:
    text = "" if value is None else str(value)
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def registrants_csv(*, session: Session) -> str:
    """Semicolon-separated with a BOM, as French spreadsheets expect; oldest first."""
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(HEADER)
    registrations = (
        Registration.objects.filter(session=session)
        .exclude(state=Registration.State.PENDING)
        .order_by("created_at", "pk")
    )
    for registration in registrations:
        created = timezone.localtime(registration.created_at, PARIS)
        writer.writerow(
            safe_cell(value)
            for value in (
                registration.name,
                registration.email,
                registration.organisation,
                registration.get_state_display(),
                registration.position or "",
                created.strftime("%d/%m/%Y %H:%M"),
            )
        )
    return out.getvalue()
