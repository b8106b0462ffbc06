"""Organisations from the contributor space (issue 12, item 1): who may do what on
/espace/organisations/…, what each change writes in the audit log, and the menu each role sees.

Denials: anonymous → 302 to the login page; a member of another organisation → 403 (the list of
organisations is not secret); a role that may not do it → 403."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from html import unescape

import pytest
from django.urls import reverse

from agenda.accounts import permissions
from agenda.accounts.models import Invitation, Membership
from agenda.events.models import Organisation
from agenda.moderation import organisations as services
from agenda.moderation.models import AuditEntry
from agenda.moderation.navigation import menu_items
from tests import contributors as t
from tests.moderating import one_user_per_role

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "organiser", "other_organiser", "moderator", "admin")
LOGIN = "/compte/connexion/"


@pytest.fixture
def world():
    ditp, other, users = one_user_per_role()
    member = Membership.objects.get(user=users["organiser"])
    invitation = Invitation.objects.create(
        email="invitee@ditp.example", organisation=ditp, role="organiser"
    )
    return {
        "ditp": ditp,
        "other": other,
        "users": users,
        "member": member,
        "invitation": invitation,
    }


@dataclass
class Case:
    name: str
    method: str
    url_name: str
    args: Callable[[dict], dict]
    expected: dict[str, int]
    data: Callable[[dict], dict] = lambda world: {}
    changed: Callable[[dict], bool] | None = None

    def url(self, world: dict) -> str:
        return reverse(self.url_name, kwargs=self.args(world))


def codes(**by_role: int) -> dict:
    return {"anonymous": 302, **by_role}


def ditp(world):
    return {"slug": world["ditp"].slug}


def member(world):
    return {"slug": world["ditp"].slug, "pk": world["member"].pk}


def invitation(world):
    return {"slug": world["ditp"].slug, "pk": world["invitation"].pk}


ADMIN_ONLY_GET = codes(organiser=403, other_organiser=403, moderator=403, admin=200)
ADMIN_ONLY_POST = codes(organiser=403, other_organiser=403, moderator=403, admin=302)
CASES = [
    Case("list", "get", "organisations", lambda w: {},
         codes(organiser=200, other_organiser=200, moderator=200, admin=200)),
    Case("page", "get", "organisation", ditp,
         codes(organiser=200, other_organiser=403, moderator=200, admin=200)),
    Case("creation form", "get", "organisation_create", lambda w: {}, ADMIN_ONLY_GET),
    Case("create", "post", "organisation_create", lambda w: {}, ADMIN_ONLY_POST,
         data=lambda w: {"name": "Nouvelle préfecture"},
         changed=lambda w: Organisation.objects.filter(name="Nouvelle préfecture").exists()),
    Case("edit form", "get", "organisation_edit", ditp, ADMIN_ONLY_GET),
    Case("rename", "post", "organisation_edit", ditp, ADMIN_ONLY_POST,
         data=lambda w: {"name": "DITP renommée"},
         changed=lambda w: Organisation.objects.get(pk=w["ditp"].pk).name == "DITP renommée"),
    Case("archive", "post", "organisation_archive", ditp, ADMIN_ONLY_POST,
         changed=lambda w: Organisation.objects.get(pk=w["ditp"].pk).archived_at is not None),
    Case("restore", "post", "organisation_restore", ditp, ADMIN_ONLY_POST),
    Case("invite", "post", "organisation_invite", ditp,
         codes(organiser=403, other_organiser=403, moderator=302, admin=302),
         data=lambda w: {"email": "new@ditp.example", "role": "organiser"},
         changed=lambda w: Invitation.objects.filter(email="new@ditp.example").exists()),
    Case("cancel an invitation", "post", "organisation_cancel_invitation", invitation,
         codes(organiser=403, other_organiser=403, moderator=302, admin=302),
         changed=lambda w: not Invitation.objects.filter(pk=w["invitation"].pk).exists()),
    Case("change a role", "post", "organisation_change_role", member, ADMIN_ONLY_POST,
         data=lambda w: {f"m{w['member'].pk}-role": "moderator"},
         changed=lambda w: Membership.objects.get(pk=w["member"].pk).role == "moderator"),
    Case("removal page", "get", "organisation_remove_member", member, ADMIN_ONLY_GET),
    Case("remove a member", "post", "organisation_remove_member", member, ADMIN_ONLY_POST,
         changed=lambda w: not Membership.objects.filter(pk=w["member"].pk).exists()),
]  # fmt: skip


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_organisation_permission_matrix(client, world, case, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)

    response = getattr(client, case.method)(case.url(world), case.data(world))

    expected = case.expected[role]
    assert response.status_code == expected, f"{case.name} × {role}"
    if role == "anonymous":
        assert response["Location"].startswith(f"{LOGIN}?next=")
    if case.changed is not None:
        assert case.changed(world) is (expected == 302 and role != "anonymous"), case.name


def test_the_matrix_covers_every_organisation_url():
    from agenda.moderation import urls

    names = {p.name for p in urls.urlpatterns if p.name.startswith("organisation")}
    assert {case.url_name for case in CASES} == names


def test_old_addresses_follow_to_the_space_with_their_method(client, world):
    client.force_login(world["users"]["moderator"])

    response = client.post(
        f"/compte/organisations/{world['ditp'].slug}/inviter/?x=1",
        {"email": "a@b.fr", "role": "organiser"},
    )

    assert response.status_code == 308
    assert response["Location"] == f"/espace/organisations/{world['ditp'].slug}/inviter/?x=1"


# --- the services and the audit log ---------------------------------------------------------


def entries(action: str) -> list[AuditEntry]:
    return list(AuditEntry.objects.filter(action=action))


def test_an_admin_creates_an_organisation_and_the_log_says_who(world):
    admin = world["users"]["admin"]

    organisation = services.create_organisation(
        actor=admin, name="Préfecture du Nord", acronym="PN", website="https://nord.gouv.fr"
    )

    assert organisation.slug == "prefecture-du-nord"
    (entry,) = entries("org_created")
    assert (entry.actor, entry.organisation, entry.event) == (admin, organisation, None)
    assert entry.changes["name"] == ["", "Préfecture du Nord"]


def test_a_second_organisation_of_a_similar_name_gets_its_own_address(world):
    admin = world["users"]["admin"]
    services.create_organisation(actor=admin, name="Préfecture du Nord")

    second = services.create_organisation(actor=admin, name="Préfecture du Nord !")

    assert second.slug == "prefecture-du-nord-2"


def test_the_same_name_twice_is_refused_with_a_message(client, world):
    client.force_login(world["users"]["admin"])

    response = client.post(reverse("organisation_create"), {"name": "ditp"})

    assert response.status_code == 400
    assert "Une organisation s’appelle déjà « ditp »." in unescape(response.content.decode())
    assert Organisation.objects.filter(name__iexact="ditp").count() == 1


def test_a_website_the_link_policy_refuses_is_not_stored(client, world):
    client.force_login(world["users"]["admin"])

    response = client.post(
        reverse("organisation_create"), {"name": "Mairie", "website": "javascript:alert(1)"}
    )

    assert response.status_code == 400
    assert not Organisation.objects.filter(name="Mairie").exists()


def test_renaming_keeps_the_address_and_logs_old_and_new_names(client, world):
    client.force_login(world["users"]["admin"])
    slug = world["ditp"].slug

    response = client.post(
        reverse("organisation_edit", args=[slug]), {"name": "DITP", "acronym": "DITP"}
    )

    assert response["Location"] == f"/espace/organisations/{slug}/"
    (entry,) = entries("org_edited")
    assert entry.changes == {"acronym": ["", "DITP"]}
    client.post(reverse("organisation_edit", args=[slug]), {"name": "Direction (DITP)"})
    renamed = Organisation.objects.get(pk=world["ditp"].pk)
    assert (renamed.name, renamed.slug) == ("Direction (DITP)", slug)
    assert entries("org_edited")[0].changes["name"] == ["DITP", "Direction (DITP)"]


def test_an_archived_organisation_takes_no_new_event_but_keeps_its_own(client, world):
    from agenda.moderation import services as workflow

    admin, organiser = world["users"]["admin"], world["users"]["organiser"]
    data = t.snapshot(world["ditp"])
    event = workflow.save_from_form(actor=organiser, data=data).event

    services.archive_organisation(actor=admin, organisation=world["ditp"])

    assert not permissions.organisations_of(organiser).exists()
    assert world["ditp"] in permissions.managed_organisations(organiser)
    with pytest.raises(workflow.WorkflowError, match="une de vos organisations"):
        workflow.save_from_form(actor=organiser, data={**data, "title": "Un autre"})
    kept = workflow.save_from_form(actor=organiser, event=event, data={**data, "title": "Revu"})
    assert kept.event.title == "Revu"
    client.force_login(organiser)
    page = unescape(client.get(reverse("organisation", args=[world["ditp"].slug])).content.decode())
    assert "Organisation archivée le" in page
    assert [e.action for e in AuditEntry.objects.filter(organisation=world["ditp"])] == [
        "org_archived"
    ]
    services.archive_organisation(actor=admin, organisation=world["ditp"], archived=False)
    assert permissions.organisations_of(organiser).get() == world["ditp"]


def test_an_invitation_sends_a_mail_and_every_step_is_logged(
    client, world, smtp_server, django_capture_on_commit_callbacks
):
    moderator = world["users"]["moderator"]
    client.force_login(moderator)
    url = reverse("organisation_invite", args=[world["ditp"].slug])

    with django_capture_on_commit_callbacks(execute=True):
        client.post(url, {"email": "Lea@DITP.example", "role": "organiser"})

    (message,) = smtp_server
    assert message["To"] == "lea@ditp.example"
    invitation = Invitation.objects.get(email="lea@ditp.example")
    assert str(invitation.token) in message.get_body(("plain",)).get_content()
    (invited,) = entries("member_invited")
    assert (invited.actor, invited.subject, invited.comment) == (
        moderator,
        "lea@ditp.example",
        "organisateur·rice",
    )
    client.logout()
    client.post(
        reverse("invitation", args=[invitation.token]),
        {"first_name": "Léa", "last_name": "Martin", "password1": "un long mot de passe 42",
         "password2": "un long mot de passe 42"},
    )  # fmt: skip
    (joined,) = entries("member_joined")
    assert (joined.actor.email, joined.organisation) == ("lea@ditp.example", world["ditp"])


def test_role_changes_and_removals_name_the_member_in_the_log(client, world):
    admin = world["users"]["admin"]
    membership = world["member"]

    services.change_role(actor=admin, membership=membership, role="moderator")
    services.remove_member(actor=admin, membership=membership)

    changed, removed = entries("role_changed")[0], entries("member_removed")[0]
    assert changed.changes == {"role": ["organisateur·rice", "modérateur·rice"]}
    assert changed.subject == removed.subject == "camille@ditp.example"
    client.force_login(admin)
    log = unescape(client.get(reverse("moderation_log")).content.decode())
    assert "Changement de rôle" in log and "Membre retiré" in log
    assert "camille@ditp.example" in log
    assert f'href="/espace/organisations/{world["ditp"].slug}/"' in log


def test_nobody_changes_their_own_role(world):
    admin = world["users"]["admin"]
    own = Membership.objects.get(user=admin)

    with pytest.raises(services.OrganisationError, match="votre propre rôle"):
        services.change_role(actor=admin, membership=own, role="organiser")

    assert Membership.objects.get(pk=own.pk).role == "admin"


def test_a_moderator_cannot_offer_the_admin_role(world):
    with pytest.raises(services.OrganisationError, match="ce rôle"):
        services.invite(
            actor=world["users"]["moderator"],
            organisation=world["ditp"],
            email="x@y.fr",
            role="admin",
        )
    assert not Invitation.objects.filter(email="x@y.fr").exists()


# --- the menu ----------------------------------------------------------------------------------

MENU = {
    "organiser": ["Mes événements", "Nouvel événement", "Import en masse", "Inscriptions",
                  "Édition suivante", "Mes organisations"],
    "moderator": ["Événements", "File de modération", "Journal des modifications", "Lieux",
                  "Nouvel événement", "Import en masse", "Inscriptions", "Édition suivante",
                  "Organisations"],
}  # fmt: skip
MENU["admin"] = MENU["moderator"]


@pytest.mark.parametrize("role", ["organiser", "moderator", "admin"])
def test_each_role_sees_the_menu_its_role_allows_and_every_link_opens(client, world, role):
    user = world["users"][role]
    client.force_login(user)

    page = client.get(reverse("space")).content.decode()

    labels = [item.label for item in menu_items(user)]
    assert labels == MENU[role]
    menu = page[page.index('class="fr-sidemenu"') : page.index("</nav>", page.index("fr-sidemenu"))]
    for item in menu_items(user):
        assert f'href="{reverse(item.url_name)}"' in menu
        assert client.get(reverse(item.url_name)).status_code == 200, item.label
    assert 'aria-current="page">' + labels[0] in menu


def test_a_person_without_organisation_sees_only_their_space(client, db):
    nobody = t.person("seul@exemple.fr")
    client.force_login(nobody)

    page = unescape(client.get(reverse("space")).content.decode())

    assert [item.label for item in menu_items(nobody)] == ["Mes événements"]
    assert "File de modération" not in page and "Import en masse" not in page
    assert client.get(reverse("moderation_queue")).status_code == 403
    assert client.get(reverse("moderation_log")).status_code == 403


def test_a_staff_user_without_membership_is_an_administrator_everywhere(client, db):
    staff = t.person("root@exemple.fr", is_staff=True, is_superuser=True)
    client.force_login(staff)

    assert [item.label for item in menu_items(staff)] == MENU["admin"]
    assert client.get(reverse("organisation_create")).status_code == 200
