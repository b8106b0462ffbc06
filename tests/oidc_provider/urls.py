from django.contrib.auth import views as auth_views
from django.http import HttpResponse
from django.urls import include, path


def signed_in(request):
    """Who the provider thinks is signed in (tests read it to check the logout)."""
    return HttpResponse(request.user.email if request.user.is_authenticated else "anonyme")


urlpatterns = [
    path("connexion/", auth_views.LoginView.as_view(), name="login"),
    path("qui/", signed_in),
    path("o/", include("oauth2_provider.urls", namespace="oauth2_provider")),
]
