from django.conf import settings
from django.contrib import admin
from django.urls import include, path, re_path

from agenda.site.uploads import user_file

urlpatterns = [
    path("admin/", admin.site.urls),
    path("compte/", include("agenda.accounts.urls")),
    path("espace/", include("agenda.moderation.urls")),
    path("", include("agenda.registrations.urls")),
    path("", include("agenda.feeds.urls")),
    path("", include("agenda.site.urls")),
    # Uploaded images, with the user files' headers. In production nginx serves MEDIA_ROOT
    # itself (with the same headers, from `agenda nginx-snippet --kind uploads`).
    re_path(rf"^{settings.MEDIA_URL.lstrip('/')}(?P<path>.+)$", user_file, name="user_file"),
]
