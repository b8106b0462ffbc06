"""The permission matrix, continued: the write views of the other apps (bulk import, organiser
registration pages, organisation membership) × the same five roles as tests/test_permissions.py.

Denials: anonymous → 302 to the login page; others get 403 (or 404 where the view does not
disclose that the object exists)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from agenda.accounts.models import Invitation, Membership
from agenda.events.models import Event, Session
from agenda.moderation import services
from agenda.registrations.models import Registration
from agenda.registrations.services import register
from tests import contributors as t
from tests.moderating import one_user_per_role

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "organiser", "other_organiser", "moderator", "admin")
CSV = (
    "evenement;date;debut;fin;titre;mode;lieu;adresse;code_postal;ville\r\n"
    "Atelier importé;12/02/2031;10:00;11:00;Séance;presentiel;Salle;1 rue A;75001;Paris\r\n"
).encode()


@pytest.fixture
def world():
    ditp, _other, users = one_user_per_role()
    saved = services.save_from_form(
        actor=users["organiser"], data=t.snapshot(ditp, title="Atelier à places"), submit=True
    ).event
    event = services.publish_event(actor=users["moderator"], event=saved)
    session = event.sessions.order_by("starts_at").first()
    Session.objects.filter(pk=session.pk).update(registration="native", capacity=10)
    session.refresh_from_db()
    outcome = register(session=session, name="Alex", email="alex@example.org", consent=True)
    member = Membership.objects.get(user=users["organiser"], organisation=ditp)
    return {"ditp": ditp, "users": users, "session": session, "member": member, "event": event,
            "registration": outcome.registration}  # fmt: skip


@dataclass
class Case:
    name: str
    method: str
    url: Callable[[dict], str]
    expected: dict[str, int]
    data: Callable[[dict], dict] = lambda world: {}
    changed: Callable[[dict], bool] | None = None


def codes(anonymous=302, organiser=200, other_organiser=403, moderator=200, admin=200) -> dict:
    return dict(zip(ROLES, (anonymous, organiser, other_organiser, moderator, admin), strict=True))


def session_url(name: str, **extra) -> Callable[[dict], str]:
    return lambda w: reverse(name, kwargs={"uid": w["session"].uid, **extra})


def org_url(name: str, **extra) -> Callable[[dict], str]:
    return lambda w: reverse(name, kwargs={"slug": w["ditp"].slug, **extra})


def registration_cancelled(w) -> bool:
    return Registration.objects.get(pk=w["registration"].pk).state == "cancelled"


CASES = [
    Case("bulk import page", "get", lambda w: reverse("bulk_import"), codes(other_organiser=200)),
    Case(
        "bulk import into DITP",
        "post",
        lambda w: reverse("bulk_import"),
        codes(),  # another organisation's organiser: 403, DITP is not one of theirs
        data=lambda w: {"organisation": "ditp", "fichier": SimpleUploadedFile("p.csv", CSV)},
        changed=lambda w: Event.objects.filter(title="Atelier importé").exists(),
    ),
    Case(
        "bulk import CSV template",
        "get",
        lambda w: reverse("bulk_template_csv"),
        codes(anonymous=200, other_organiser=200),  # a blank template: nothing private in it
    ),
    Case(
        "bulk import XLSX template",
        "get",
        lambda w: reverse("bulk_template_xlsx"),
        codes(anonymous=200, other_organiser=200),
    ),
    Case("registrants of a session", "get", session_url("space_registrations"), codes()),
    Case("registrants as CSV", "get", session_url("space_registrations_csv"), codes()),
    Case(
        "cancel a registration",
        "post",
        lambda w: reverse(
            "space_registration_cancel",
            kwargs={"uid": w["session"].uid, "pk": w["registration"].pk},
        ),
        codes(organiser=302, moderator=302, admin=302),
        changed=registration_cancelled,
    ),
    Case(
        "invite to DITP",
        "post",
        org_url("organisation_invite"),
        codes(organiser=403, moderator=302, admin=302),
        data=lambda w: {"email": "nouvelle@ditp.example", "role": "organiser"},
        changed=lambda w: Invitation.objects.filter(email="nouvelle@ditp.example").exists(),
    ),
    Case(
        "change a member's role",
        "post",
        lambda w: reverse(
            "organisation_change_role", kwargs={"slug": w["ditp"].slug, "pk": w["member"].pk}
        ),
        codes(organiser=403, moderator=403, admin=302),
        data=lambda w: {f"m{w['member'].pk}-role": "moderator"},
        changed=lambda w: Membership.objects.get(pk=w["member"].pk).role == "moderator",
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_permission_matrix_of_the_other_apps(client, world, case, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    response = getattr(client, case.method)(case.url(world), case.data(world))
    assert response.status_code == case.expected[role], f"{case.name} × {role}"
    if role == "anonymous" and response.status_code == 302:
        assert response["Location"].startswith("/compte/connexion/?next=")
    if case.changed is not None:
        allowed = case.expected[role] in (200, 302) and role != "anonymous"
        assert case.changed(world) is allowed, f"{case.name} × {role}"


def test_an_organiser_never_sees_another_organisations_registrants(client, world):
    client.force_login(world["users"]["other_organiser"])
    listing = client.get(reverse("space_registrations_list")).content.decode()
    assert "alex@example.org" not in listing and "Atelier à places" not in listing
