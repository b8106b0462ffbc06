"""The registrants of a session as CSV for its organisers (opened in a spreadsheet); cells
that would read as formulas are neutralised (agenda/lib/cells.py)."""

import csv
import io

from django.utils import timezone

from agenda.events.models import PARIS, Session
from agenda.lib.cells import safe_cell

from .models import Registration

HEADER = ["Nom", "Adresse électronique", "Organisation", "État", "Rang d’arrivée", "Inscrit·e le"]


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
