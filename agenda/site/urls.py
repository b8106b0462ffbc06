from django.urls import path

from . import views, views_map, views_organisers, views_widget

urlpatterns = [
    path("", views.home, name="home"),
    path("passes/", views.past, name="past"),
    # Further pages of the unfiltered lists as paths: files a static publication can hold.
    path("page/<int:number>/", views.home, name="home_page"),
    path("passes/page/<int:number>/", views.past, name="past_page"),
    path("evenements/<slug:slug>/", views.event_detail, name="event"),
    path("carte/", views_map.map_page, name="map"),
    path("organisations/", views_organisers.organisers, name="organisers"),
    path("organisations/<slug:slug>/", views_organisers.organiser, name="organiser"),
    path("widget/", views_widget.widget, name="widget"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
]
