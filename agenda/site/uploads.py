"""Uploaded files served by Django (development server; nginx serves them in production with
the snippet of `agenda nginx-snippet --kind uploads`)."""

from django.conf import settings
from django.core.exceptions import SuspiciousFileOperation
from django.http import Http404, HttpRequest, HttpResponse
from django.views.static import serve

from agenda.lib import security


def user_file(request: HttpRequest, path: str) -> HttpResponse:
    try:
        response = serve(request, path, document_root=settings.MEDIA_ROOT)
    except SuspiciousFileOperation as outside:  # "../": not one of our files
        raise Http404("Fichier introuvable") from outside
    for name, value in security.user_file_headers(settings).items():
        response[name] = value
    return response
