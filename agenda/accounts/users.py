"""People are known by their email address: Django's username is set to it, lower-cased.

Signing in needs no custom authentication backend (settings list none): the address is looked
up here, then Django's ModelBackend checks the password of the account found.
"""

from django.conf import settings
from django.contrib.auth import authenticate, get_user_model
from django.http import HttpRequest


def backend_path() -> str:
    """The backend recorded in the session when we sign someone in ourselves."""
    backends = settings.AUTHENTICATION_BACKENDS or ["django.contrib.auth.backends.ModelBackend"]
    model_backend = "django.contrib.auth.backends.ModelBackend"
    return model_backend if model_backend in backends else backends[0]


def users_with_email(email: str):
    return get_user_model().objects.filter(email__iexact=email.strip()).order_by("pk")


def find_user(email: str):
    """The account with this address (the oldest if several), or None."""
    if not email or not email.strip():
        return None
    return users_with_email(email).first()


def authenticate_by_email(request: HttpRequest | None, email: str, password: str):
    """The active user with this address and password, or None."""
    candidates = list(users_with_email(email)) if email and email.strip() else []
    if not candidates:
        # Spend the time a password check takes, so timing does not tell who has an account.
        get_user_model()().set_password(password)
        return None
    for candidate in candidates:
        user = authenticate(request, username=candidate.get_username(), password=password)
        if user is not None:
            return user
    return None


def _free_username(email: str) -> str:
    model = get_user_model()
    base = email.strip().lower()[:140]
    username, n = base, 1
    while model.objects.filter(username=username).exists():
        n += 1
        username = f"{base}+{n}"
    return username


def create_user(email: str, *, first_name: str = "", last_name: str = "", password=None):
    """A new account for this address; without a password it cannot sign in by password."""
    return get_user_model().objects.create_user(
        username=_free_username(email),
        email=email.strip().lower(),
        password=password,
        first_name=first_name[:150],
        last_name=last_name[:150],
    )


def display_name(user) -> str:
    return user.get_full_name() or user.email or user.get_username()
