from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "agenda.accounts"
    verbose_name = "Comptes et organisations"
