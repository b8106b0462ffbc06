"""The personal link of a registration: its random token, signed with SECRET_KEY.

The token alone is unguessable (256 random bits); the signature means a copy of the database
is not enough to forge a link either. A purged registration has no link any more.
"""

from django.conf import settings
from django.core import signing
from django.urls import reverse

from .models import Registration

SIGNER = signing.Signer(salt="agenda.registrations.personal-link")


def personal_path(registration: Registration) -> str:
    return reverse("registration", kwargs={"signed": SIGNER.sign(registration.token)})


def personal_url(registration: Registration) -> str:
    return f"{settings.SITE_URL}{personal_path(registration)}"


def registration_for(signed: str) -> Registration | None:
    try:
        token = SIGNER.unsign(signed)
    except signing.BadSignature:
        return None
    return (
        Registration.objects.filter(token=token, purged_at__isnull=True)
        .select_related("session__event__organisation", "session__event__place", "session__place")
        .first()
    )
