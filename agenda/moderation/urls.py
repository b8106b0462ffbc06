"""The contributor space and the moderation pages, mounted at /espace/."""

from django.urls import path

from . import views
from .views import organisations as orgs

urlpatterns = [
    path("organisations/", orgs.organisations, name="organisations"),
    path("organisations/nouvelle/", orgs.organisation_create, name="organisation_create"),
    path("organisations/<slug:slug>/", orgs.organisation, name="organisation"),
    path("organisations/<slug:slug>/modifier/", orgs.organisation_edit, name="organisation_edit"),
    path(
        "organisations/<slug:slug>/archiver/",
        orgs.organisation_archive,
        {"archived": True},
        name="organisation_archive",
    ),
    path(
        "organisations/<slug:slug>/reactiver/",
        orgs.organisation_archive,
        {"archived": False},
        name="organisation_restore",
    ),
    path("organisations/<slug:slug>/inviter/", orgs.invite, name="organisation_invite"),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/annuler/",
        orgs.cancel_invitation,
        name="organisation_cancel_invitation",
    ),
    path(
        "organisations/<slug:slug>/membres/<int:pk>/role/",
        orgs.change_role,
        name="organisation_change_role",
    ),
    path(
        "organisations/<slug:slug>/membres/<int:pk>/retirer/",
        orgs.remove_member,
        name="organisation_remove_member",
    ),
    path("", views.space, name="space"),
    path("evenements/nouveau/", views.event_create, name="space_event_create"),
    path("evenements/<int:pk>/", views.event_overview, name="space_event"),
    path("evenements/<int:pk>/modifier/", views.event_edit, name="space_event_edit"),
    path("evenements/<int:pk>/soumettre/", views.event_submit, name="space_event_submit"),
    path("evenements/<int:pk>/apercu/", views.event_preview, name="space_event_preview"),
    path("import/", views.bulk_import, name="bulk_import"),
    path("import/modele-programme.csv", views.bulk_template_csv, name="bulk_template_csv"),
    path("import/modele-programme.xlsx", views.bulk_template_xlsx, name="bulk_template_xlsx"),
    path("moderation/", views.queue, name="moderation_queue"),
    path("moderation/journal/", views.audit_log, name="moderation_log"),
    path("moderation/evenements/<int:pk>/", views.moderation_event, name="moderation_event"),
    path(
        "moderation/evenements/<int:pk>/publier/",
        views.decide,
        {"action": "publish"},
        name="moderation_publish",
    ),
    path(
        "moderation/evenements/<int:pk>/demander-des-modifications/",
        views.decide,
        {"action": "request_changes"},
        name="moderation_request_changes",
    ),
    path(
        "moderation/evenements/<int:pk>/annuler/",
        views.decide,
        {"action": "cancel"},
        name="moderation_cancel",
    ),
    path(
        "moderation/modifications/<int:pk>/accepter/",
        views.decide_revision,
        {"action": "accept"},
        name="moderation_revision_accept",
    ),
    path(
        "moderation/modifications/<int:pk>/refuser/",
        views.decide_revision,
        {"action": "reject"},
        name="moderation_revision_reject",
    ),
]

# The next edition (issue 14): views of their own, appended here.
from .views import editions as edition_views  # noqa: E402

urlpatterns += [
    path(
        "evenements/<int:pk>/edition-suivante/",
        edition_views.edition_prepare,
        name="space_edition_prepare",
    ),
    path(
        "evenements/<int:pk>/points-a-verifier/",
        edition_views.edition_checklist,
        name="space_edition_checklist",
    ),
    path("editions/", edition_views.edition_season, name="space_edition_season"),
]

# Places' positions, corrected by staff (issue 13).
from .views import places as place_views  # noqa: E402

urlpatterns += [
    path("lieux/", place_views.places, name="space_places"),
    path("lieux/<int:pk>/position/", place_views.place_position, name="space_place_position"),
]
