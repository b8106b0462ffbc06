from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("passes/", views.past, name="past"),
    path("evenements/<slug:slug>/", views.event_detail, name="event"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
    path("mentions-legales/", views.legal_notice, name="legal_notice"),
    path("gestion-des-cookies/", views.cookies, name="cookies"),
]
