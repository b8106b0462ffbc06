from django.contrib.auth import get_user_model
from django.core.management.base import BaseCommand
from oauth2_provider.models import Application


class Command(BaseCommand):
    help = "Register the agenda as a confidential client and create a test agent."

    def add_arguments(self, parser):
        for name in (
            "--client-id",
            "--client-secret",
            "--redirect-uri",
            "--post-logout-redirect-uri",
            "--username",
            "--password",
            "--email",
            "--given-name",
            "--usual-name",
        ):
            parser.add_argument(name, required=True)

    def handle(self, **options):
        Application.objects.update_or_create(
            client_id=options["client_id"],
            defaults={
                "name": "Agenda public (tests)",
                "client_secret": options["client_secret"],
                "client_type": Application.CLIENT_CONFIDENTIAL,
                "authorization_grant_type": Application.GRANT_AUTHORIZATION_CODE,
                "redirect_uris": options["redirect_uri"],
                "post_logout_redirect_uris": options["post_logout_redirect_uri"],
                "algorithm": Application.RS256_ALGORITHM,
                "skip_authorization": True,  # consent is approved without asking
            },
        )
        user, _ = get_user_model().objects.update_or_create(
            username=options["username"],
            defaults={
                "email": options["email"],
                "first_name": options["given_name"],
                "last_name": options["usual_name"],
            },
        )
        user.set_password(options["password"])
        user.save()
