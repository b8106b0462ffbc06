from django.conf import settings
from django.conf.urls.static import static
from django.contrib import admin
from django.urls import include, path

urlpatterns = [
    path("admin/", admin.site.urls),
    path("compte/", include("agenda.accounts.urls")),
    path("espace/", include("agenda.moderation.urls")),
    path("", include("agenda.registrations.urls")),
    path("", include("agenda.feeds.urls")),
    path("", include("agenda.site.urls")),
    # Uploaded images; a production server (nginx) serves MEDIA_ROOT itself.
    *static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT),
]
