from django.urls import path

from . import views, views_calendar

urlpatterns = [
    path("", views.home, name="home"),
    path("passes/", views.past, name="past"),
    path("evenements/<slug:slug>/", views.event_detail, name="event"),
    path("calendrier/", views_calendar.month_view, name="calendar"),
    path("calendrier/<int:year>/<int:month>/", views_calendar.month_view, name="month"),
    path("semaine/", views_calendar.week_view, name="this_week"),
    path("semaine/<int:year>/<int:week>/", views_calendar.week_view, name="week"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
]
