from django.urls import path

from . import views

urlpatterns = [
    path("connexion/", views.LoginView.as_view(), name="login"),
    path("deconnexion/", views.LogoutView.as_view(), name="logout"),
    path("mot-de-passe/", views.PasswordResetView.as_view(), name="password_reset"),
    path("mot-de-passe/envoye/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "mot-de-passe/nouveau/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "mot-de-passe/termine/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("proconnect/", views.proconnect_start, name="proconnect_login"),
    path("proconnect/retour/", views.proconnect_callback, name="proconnect_callback"),
    path("organisations/", views.organisations, name="organisations"),
    path("organisations/<slug:slug>/", views.organisation, name="organisation"),
    path("organisations/<slug:slug>/inviter/", views.invite, name="organisation_invite"),
    path(
        "organisations/<slug:slug>/invitations/<int:pk>/annuler/",
        views.cancel_invitation,
        name="organisation_cancel_invitation",
    ),
    path(
        "organisations/<slug:slug>/membres/<int:pk>/role/",
        views.change_role,
        name="organisation_change_role",
    ),
    path(
        "organisations/<slug:slug>/membres/<int:pk>/retirer/",
        views.remove_member,
        name="organisation_remove_member",
    ),
    path("invitation/<str:token>/", views.invitation, name="invitation"),
]
