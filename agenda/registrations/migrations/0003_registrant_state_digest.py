"""What registrants were told is now a digest of more fields (events.sessions.registrant_state:
times, status, and now place, mode and online link). A registration told about its session as
it stands gets the new digest, so nobody is e-mailed for the change of format; one whose session
changed since keeps its old text, which no digest equals: it is told at the next change, as
before. Both formulas are copied here as they were when this migration was written."""

import datetime as dt
import hashlib

from django.db import migrations


def told_status(session) -> str:
    if session.event.status == "cancelled":
        return "cancelled"
    return "scheduled" if session.status == "full" else session.status


def old_state(session) -> str:
    ends_at = session.ends_at.isoformat() if session.ends_at else ""
    return (
        f"{session.starts_at.isoformat()}|{session.has_start_time}|{ends_at}|"
        f"{session.has_end_time}|{told_status(session)}"
    )


def digest(session) -> str:
    values = [
        session.starts_at,
        session.has_start_time,
        session.ends_at,
        session.has_end_time,
        told_status(session),
        session.place_id,
        session.attendance_mode,
        session.online_url,
    ]
    text = "|".join(
        str(v.astimezone(dt.UTC).isoformat() if isinstance(v, dt.datetime) else v)
        for v in values
    )
    return hashlib.sha1(text.encode()).hexdigest()


def to_digest(apps, schema_editor) -> None:
    Registration = apps.get_model("registrations", "Registration")
    registrations = Registration.objects.exclude(notified_state="").select_related(
        "session__event"
    )
    for registration in registrations.iterator(chunk_size=500):
        if registration.notified_state == old_state(registration.session):
            registration.notified_state = digest(registration.session)
            registration.save(update_fields=["notified_state"])


class Migration(migrations.Migration):
    dependencies = [("registrations", "0002_pending_requests")]

    operations = [migrations.RunPython(to_digest, migrations.RunPython.noop)]
