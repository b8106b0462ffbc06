"""The permission matrix of the contributor space and the moderation pages (issue 4, part 8).

Every view of the contribution workflow × anonymous, organiser of the event's organisation,
organiser of another organisation, moderator, admin: the HTTP answer each one gets, and whether
the request changed anything. Then: drafts and pending revisions are never public — not on the
pages, in the feeds, the API or the search, whoever asks.

Denials: anonymous → 302 to the login page; another organisation's event → 404 (its existence
is not disclosed); a moderation page for a non-moderator → 403.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from dataclasses import dataclass

import pytest
from django.urls import reverse

from agenda.events.models import Event, Place
from agenda.moderation import services
from agenda.moderation.models import Revision
from agenda.moderation.snapshot import event_snapshot
from tests import contributors as t
from tests.moderating import one_user_per_role
from tests.once import built_for_the_module

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "organiser", "other_organiser", "moderator", "admin")
LOGIN = "/compte/connexion/"


@pytest.fixture(scope="module")
def built_world(django_db_setup, django_db_blocker):
    """The organisations, people and events of the matrix, built once for this module."""
    with built_for_the_module(django_db_blocker, build_world) as world:
        yield world


@pytest.fixture
def world(built_world, db):
    """A copy for each test (what a test writes in the database is undone after it)."""
    return copy.deepcopy(built_world)


def build_world() -> dict:
    ditp, other, users = one_user_per_role()
    author = users["organiser"]
    moderator = users["moderator"]

    def saved(title: str, **kwargs) -> Event:
        data = t.snapshot(ditp, title=title)
        return services.save_from_form(actor=author, data=data, **kwargs).event

    draft = saved("Brouillon interne")
    submitted = saved("Soumis en attente", submit=True)
    published = services.publish_event(actor=moderator, event=saved("Publié", submit=True))
    revised = services.publish_event(actor=moderator, event=saved("Révisé", submit=True))
    stored = event_snapshot(revised)
    revision = services.save_from_form(
        actor=author, event=revised, data={**stored, "title": "Titre secret révisé"}
    ).revision
    return {
        "ditp": ditp,
        "other": other,
        "users": users,
        "draft": draft,
        "submitted": submitted,
        "published": published,
        "revised": revised,
        "revision": revision,
        "place": Place.objects.create(name="DINUM", city="Paris", latitude=48.8, longitude=2.3),
    }


def status_of(event: Event) -> str:
    return Event.objects.get(pk=event.pk).status


def edit_post(world) -> dict:
    stored = event_snapshot(world["draft"])
    return t.form_post({**stored, "title": "Titre modifié"}, stored=stored)


@dataclass
class Case:
    name: str
    method: str
    url_name: str
    target: str | None  # the world's object whose pk is in the URL
    expected: dict[str, int]  # role → status code
    data: Callable[[dict], dict] = lambda world: {}
    changed: Callable[[dict], bool] | None = None  # did the request do something?

    def url(self, world: dict) -> str:
        if self.target is None:
            return reverse(self.url_name)
        return reverse(self.url_name, kwargs={"pk": world[self.target].pk})


def allowed(*roles, ok: int = 200, denied_other: int = 404, denied_role: int = 403) -> dict:
    """Anonymous → 302; each role → ok when listed, else 404 for another organisation's
    organiser and `denied_role` for the others."""
    codes = {"anonymous": 302}
    for role in ROLES[1:]:
        if role in roles:
            codes[role] = ok
        elif role == "other_organiser":
            codes[role] = denied_other
        else:
            codes[role] = denied_role
    return codes


WRITERS = ("organiser", "moderator", "admin")
EVERYONE = ("organiser", "other_organiser", "moderator", "admin")
MODERATORS = ("moderator", "admin")

CASES = [
    Case("space", "get", "space", None, allowed(*EVERYONE)),
    Case("new event form", "get", "space_event_create", None, allowed(*EVERYONE)),
    Case(
        "create an event of DITP",
        "post",
        "space_event_create",
        None,
        # another organisation's organiser gets the form back: DITP is not among its choices
        allowed(*WRITERS, ok=302, denied_other=200),
        data=lambda w: t.form_post(t.snapshot(w["ditp"], title="Créé")),
        changed=lambda w: Event.objects.filter(title="Créé").exists(),
    ),
    Case("event page", "get", "space_event", "draft", allowed(*WRITERS)),
    Case("edit form", "get", "space_event_edit", "draft", allowed(*WRITERS)),
    Case(
        "edit a draft",
        "post",
        "space_event_edit",
        "draft",
        allowed(*WRITERS, ok=302),
        data=edit_post,
        changed=lambda w: Event.objects.get(pk=w["draft"].pk).title == "Titre modifié",
    ),
    Case(
        "submit a draft",
        "post",
        "space_event_submit",
        "draft",
        allowed(*WRITERS, ok=302),
        changed=lambda w: status_of(w["draft"]) == "submitted",
    ),
    Case("preview a draft", "get", "space_event_preview", "draft", allowed(*WRITERS)),
    Case(
        "moderation queue", "get", "moderation_queue", None, allowed(*MODERATORS, denied_other=403)
    ),
    Case("audit log", "get", "moderation_log", None, allowed(*MODERATORS, denied_other=403)),
    Case(
        "moderation page",
        "get",
        "moderation_event",
        "submitted",
        allowed(*MODERATORS, denied_other=403),
    ),
    Case(
        "publish",
        "post",
        "moderation_publish",
        "submitted",
        allowed(*MODERATORS, ok=302, denied_other=403),
        changed=lambda w: status_of(w["submitted"]) == "published",
    ),
    Case(
        "request changes",
        "post",
        "moderation_request_changes",
        "submitted",
        allowed(*MODERATORS, ok=302, denied_other=403),
        data=lambda w: {"modifications-comment": "À revoir."},
        changed=lambda w: status_of(w["submitted"]) == "changes_requested",
    ),
    Case(
        "cancel",
        "post",
        "moderation_cancel",
        "published",
        allowed(*MODERATORS, ok=302, denied_other=403),
        data=lambda w: {"annulation-comment": "Annulé par la préfecture."},
        changed=lambda w: status_of(w["published"]) == "cancelled",
    ),
    Case(
        "accept a revision",
        "post",
        "moderation_revision_accept",
        "revision",
        allowed(*MODERATORS, ok=302, denied_other=403),
        changed=lambda w: Revision.objects.get(pk=w["revision"].pk).state == "accepted",
    ),
    Case(
        "reject a revision",
        "post",
        "moderation_revision_reject",
        "revision",
        allowed(*MODERATORS, ok=302, denied_other=403),
        data=lambda w: {"refuser-comment": "Non."},
        changed=lambda w: Revision.objects.get(pk=w["revision"].pk).state == "rejected",
    ),
    # The next edition (issue 14).
    Case("next edition form", "get", "space_edition_prepare", "published", allowed(*WRITERS)),
    Case(
        "prepare the next edition",
        "post",
        "space_edition_prepare",
        "published",
        allowed(*WRITERS, ok=302),
        data=lambda w: {"target_year": w["published"].starts_at.year + 1, "mode": "weekday"},
        changed=lambda w: Event.objects.filter(previous_edition=w["published"]).exists(),
    ),
    Case("edition checklist", "get", "space_edition_checklist", "draft", allowed(*WRITERS)),
    Case(
        "confirm checklist items",
        "post",
        "space_edition_checklist",
        "draft",
        allowed(*WRITERS, ok=302),
    ),
    Case("season's next edition form", "get", "space_edition_season", None, allowed(*EVERYONE)),
    Case("places", "get", "space_places", None, allowed(*MODERATORS, denied_other=403)),
    Case(
        "place position form",
        "get",
        "space_place_position",
        "place",
        allowed(*MODERATORS, denied_other=403),
    ),
    Case(
        "correct a place's position",
        "post",
        "space_place_position",
        "place",
        allowed(*MODERATORS, ok=302, denied_other=403),
        data=lambda world: {"latitude": "48.8509", "longitude": "2.3067"},
        changed=lambda w: Place.objects.get(pk=w["place"].pk).position_set_by_hand,
    ),
]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("case", CASES, ids=[case.name for case in CASES])
def test_permission_matrix(client, world, case, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    url = case.url(world)

    response = getattr(client, case.method)(url, case.data(world))

    expected = case.expected[role]
    assert response.status_code == expected, f"{case.name} × {role}"
    if role == "anonymous":
        assert response["Location"].startswith(f"{LOGIN}?next=")
    if case.changed is not None:
        assert case.changed(world) is (expected == 302 and role != "anonymous"), case.name


def test_the_matrices_cover_every_url_of_the_space():
    from agenda.moderation import urls
    from tests.test_org_permissions import CASES as ORGANISATION_CASES
    from tests.test_permissions_others import CASES as OTHER_CASES

    bulk = {"bulk_import", "bulk_template_csv", "bulk_template_xlsx"}
    covered = {reverse(name) for name in bulk} & {case.url(None) for case in OTHER_CASES[:4]}
    assert len(covered) == 3  # the bulk import pages are in the matrix of tests/...others.py
    organisations = {case.url_name for case in ORGANISATION_CASES}  # tests/test_org_permissions.py
    names = {p.name for p in urls.urlpatterns}
    assert {case.url_name for case in CASES} | bulk | organisations == names


# --- nothing unpublished is ever public ----------------------------------------------------------

PUBLIC_URLS = [
    "/",
    "/?q=Brouillon",
    "/?q=secret",
    "/?q=Soumis",
    "/passes/",
    "/agenda.ics",
    "/organisations/ditp.ics",
    "/flux.atom",
    "/api/events",
    "/api/events?q=Brouillon",
    "/api/events?q=secret",
]
HIDDEN = ("Brouillon interne", "Soumis en attente", "Titre secret révisé")


def text_of(response) -> str:
    """The response as readable text: JSON decoded (no \\u escapes), ICS lines unfolded."""
    if response["Content-Type"].startswith("application/json"):
        return json.dumps(response.json(), ensure_ascii=False)
    return response.content.decode().replace("\r\n ", "")


@pytest.mark.parametrize("role", ROLES)
def test_drafts_and_pending_revisions_are_never_public(client, world, role):
    user = world["users"][role]
    if user is not None:
        client.force_login(user)
    for url in PUBLIC_URLS:
        response = client.get(url)
        assert response.status_code == 200, url
        text = text_of(response)
        for title in HIDDEN:
            assert title not in text, f"{title} in {url} for {role}"
    for key in ("draft", "submitted"):
        slug = world[key].slug
        for url in (f"/evenements/{slug}/", f"/evenements/{slug}.ics", f"/api/events/{slug}"):
            assert client.get(url).status_code == 404, f"{url} for {role}"
        for session in world[key].sessions.all():
            assert client.get(f"/seances/{session.uid}.ics").status_code == 404
    revised = world["revised"]
    for url in (f"/evenements/{revised.slug}/", f"/api/events/{revised.slug}"):
        response = client.get(url)
        assert response.status_code == 200
        assert "Titre secret révisé" not in text_of(response)
        assert "Révisé" in text_of(response)  # the published version stays online


def test_the_search_finds_the_published_version_only(client, world):
    text = text_of(client.get("/?q=Révisé"))
    assert "Révisé" in text and "Titre secret révisé" not in text
    titles = [e["title"] for e in client.get("/api/events?q=Révisé").json()["results"]]
    assert titles == ["Révisé"]


def test_another_organisation_sees_none_of_our_events_in_its_space(client, world):
    client.force_login(world["users"]["other_organiser"])

    text = client.get("/espace/").content.decode()

    for title in (*HIDDEN, "Publié", "Révisé"):
        assert title not in text
