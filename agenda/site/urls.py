from django.urls import path

from . import views

urlpatterns = [
    path("", views.home, name="home"),
    path("passes/", views.past, name="past"),
    # Further pages of the unfiltered lists as paths: files a static publication can hold.
    path("page/<int:number>/", views.home, name="home_page"),
    path("passes/page/<int:number>/", views.past, name="past_page"),
    path("evenements/<slug:slug>/", views.event_detail, name="event"),
    path("accessibilite/", views.accessibility, name="accessibility"),
    path("plan-du-site/", views.sitemap, name="sitemap"),
]
