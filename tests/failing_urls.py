"""The site's URLs and one view that fails, to see the 500 page production shows."""

from django.urls import path

from agenda.urls import urlpatterns as site_urlpatterns


def fail(request):
    raise RuntimeError("une erreur de programmation")


urlpatterns = [path("panne/", fail), *site_urlpatterns]
