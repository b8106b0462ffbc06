from django.urls import path

from . import views, views_space

urlpatterns = [
    path("seances/<uuid:uid>/inscription/", views.register, name="register"),
    path("inscription/<str:signed>/", views.personal, name="registration"),
    path("inscription/<str:signed>/annuler/", views.cancel, name="registration_cancel"),
    path("donnees-personnelles/", views.privacy, name="privacy"),
    path("espace/inscriptions/", views_space.space_list, name="space_registrations_list"),
    path("espace/inscriptions/<uuid:uid>/", views_space.space_session, name="space_registrations"),
    path(
        "espace/inscriptions/<uuid:uid>/inscrits.csv",
        views_space.space_csv,
        name="space_registrations_csv",
    ),
    path(
        "espace/inscriptions/<uuid:uid>/<int:pk>/annuler/",
        views_space.space_cancel,
        name="space_registration_cancel",
    ),
]
