from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "agenda.accounts"
    verbose_name = "Comptes et organisations"

    def ready(self) -> None:
        # One sign-in page for everyone: the admin's own login form would bypass the
        # throttling of failed attempts, so /admin/login/ sends to /compte/connexion/.
        from django.contrib import admin

        from .views import admin_login

        admin.site.login = admin_login
