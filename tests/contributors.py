"""Helpers for the tests of the contributor space (tests/test_moderation*.py, test_permissions.py,
test_browser_story.py): people with roles, a valid snapshot, the POST of the event form."""

from __future__ import annotations

import datetime as dt

from django.contrib.auth import get_user_model
from django.utils import timezone
from django.utils.text import slugify

from agenda.accounts.models import Membership
from agenda.events.models import PARIS, Organisation
from agenda.moderation.forms.sessions import SessionForm


def organisation(name: str) -> Organisation:
    return Organisation.objects.get_or_create(name=name, defaults={"slug": slugify(name)})[0]


def person(
    email: str,
    *,
    role: str | None = None,
    of: Organisation | None = None,
    password: str | None = None,
    **extra,
):
    """A user, member of `of` with `role` (organiser, moderator, admin) when given. Without a
    password (tests sign in with force_login) no slow password hashing happens."""
    user = get_user_model().objects.create_user(
        username=email, email=email, password=password, **extra
    )
    if role:
        Membership.objects.create(user=user, organisation=of or organisation("DITP"), role=role)
    return user


def day(days: int) -> dt.date:
    return timezone.localtime(timezone.now(), PARIS).date() + dt.timedelta(days=days)


def snapshot(org: Organisation, *, title: str = "Atelier design des services", **fields) -> dict:
    """A snapshot that passes every check: two sessions next month, a venue, an image."""
    first, second = day(30), day(31)
    data = {
        "title": title,
        "chapeau": "Deux ateliers pour repenser l’accueil des usagers.",
        "body": "Un **atelier** pratique, suivi d’une restitution.",
        "organisation": {"id": org.pk, "name": org.name},
        "categories": [],
        "tags": ["design"],
        "attendance_mode": "offline",
        "online_url": "",
        "place": {
            "id": None,
            "name": "Maison de l’innovation",
            "address": "20 avenue de Ségur",
            "postcode": "75007",
            "city": "Paris",
        },
        "images": [{"path": "/static/banner.png", "alt": "Des post-it sur un mur", "caption": ""}],
        "info_fields": [{"label": "Public", "content": "Agents publics", "link": ""}],
        "sessions": [
            session(f"{first.isoformat()}T09:30", f"{first.isoformat()}T12:00", "Atelier"),
            session(f"{second.isoformat()}T14:00", f"{second.isoformat()}T16:00", "Restitution"),
        ],
    }
    data.update(fields)
    return data


def session(start: str, end: str = "", title: str = "", **fields) -> dict:
    data = {
        "uid": "",
        "place_id": None,
        "title": title,
        "start": start,
        "end": end,
        "formats": ["Atelier"],
        "description": "",
        "attendance_mode": "",
        "online_url": "",
        "accessibility": "Salle accessible en fauteuil roulant",
        "is_free": True,
        "registration": "none",
        "registration_url": "",
        "registration_required": False,
        "capacity": None,
        "waitlist_enabled": True,
        "registration_closes_at": "",
        "status": "scheduled",
        "status_reason": "",
    }
    data.update(fields)
    return data


def _formset(prefix: str, rows: list[dict], initial: int) -> dict:
    post = {
        f"{prefix}-TOTAL_FORMS": str(len(rows)),
        f"{prefix}-INITIAL_FORMS": str(initial),
        f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
    }
    for index, row in enumerate(rows):
        for key, value in row.items():
            if value is None or value is False:
                continue
            post[f"{prefix}-{index}-{key}"] = "on" if value is True else str(value)
    return post


def _value(value) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.date | dt.time):
        return value.strftime("%H:%M") if isinstance(value, dt.time) else value.isoformat()
    return value


def form_post(data: dict, *, action: str = "save", stored: dict | None = None, **extra) -> dict:
    """The POST the event form sends for a snapshot; `stored` is the snapshot the page was
    shown with (an edit), which sets how many forms are initial ones."""
    stored = stored or {}
    place = data.get("place") or {}
    known = bool(place.get("id"))
    post = {
        "action": action,
        "title": data["title"],
        "chapeau": data["chapeau"],
        "body": data["body"],
        "organisation": str((data.get("organisation") or {}).get("id") or ""),
        "categories": list(data["categories"]),
        "tags": ", ".join(data["tags"]),
        "audiences": list(data.get("audiences", [])),
        "attendance_mode": data["attendance_mode"],
        "online_url": data.get("online_url", ""),
        "place": str(place["id"]) if known else "",
        "new_place_name": "" if known else place.get("name", ""),
        "new_place_address": "" if known else place.get("address", ""),
        "new_place_postcode": "" if known else place.get("postcode", ""),
        "new_place_city": "" if known else place.get("city", ""),
    }
    post.update(_formset("images", data["images"], len(stored.get("images", []))))
    post.update(_formset("infos", data["info_fields"], len(stored.get("info_fields", []))))
    rows = []
    for item in data["sessions"]:
        initial = SessionForm.initial_from(item, data.get("online_url", ""))
        rows.append({key: _value(value) for key, value in initial.items()})
    post.update(_formset("seances", rows, len(stored.get("sessions", []))))
    post.update(extra)
    return post
