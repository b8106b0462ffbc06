from django.urls import path

from . import views, views_map

urlpatterns = [
    path("", views.home, name="home"),
    path("passes/", views.past, name="past"),
    path("evenements/<slug:slug>/", views.event_detail, name="event"),
    path("carte/", views_map.map_page, name="map"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
]
