"""Forms of the accounts pages, rendered with the DSFR markup by accounts/_field.html."""

from django import forms
from django.contrib.auth import password_validation
from django.contrib.auth.forms import PasswordResetForm, SetPasswordForm
from django.core.exceptions import ValidationError
from django.http import HttpRequest

from agenda.lib import known_emails

from . import throttling
from .models import Membership
from .users import authenticate_by_email, find_user

PASSWORD_HINT = (
    "Au moins 12 caractères, pas uniquement des chiffres, ni un mot de passe courant ou proche "
    "de votre nom ou de votre adresse électronique."
)
EMAIL_HINT = "Format attendu : nom@domaine.fr"


def password_validators():
    """The policy of settings.AUTH_PASSWORD_VALIDATORS, the same for every path."""
    return password_validation.get_default_password_validators()


class DsfrMixin:
    """DSFR classes on widgets; `hint` on a field is shown under its label.

    Django links a field to its error message (aria-describedby="<id>_error", aria-invalid);
    accounts/_field.html gives the message that id."""

    hints: dict[str, str] = {}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            widget = field.widget
            if isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "fr-select")
            elif not isinstance(widget, forms.CheckboxInput | forms.HiddenInput):
                widget.attrs.setdefault("class", "fr-input")
            field.help_text = ""
            field.hint = self.hints.get(name, "")


def _password_field(label: str, autocomplete: str) -> forms.CharField:
    return forms.CharField(
        label=label,
        strip=False,
        widget=forms.PasswordInput(attrs={"autocomplete": autocomplete}),
    )


class EmailLoginForm(DsfrMixin, forms.Form):
    """Sign-in by email and password, throttled (see throttling.py).

    Has the interface LoginView expects from an authentication form (request, get_user)."""

    email = forms.EmailField(
        label="Adresse électronique",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "email", "autofocus": True}),
        error_messages={
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    password = _password_field("Mot de passe", "current-password")
    hints = {"email": EMAIL_HINT}

    def __init__(self, request: HttpRequest | None = None, *args, **kwargs):
        self.request = request
        self.user_cache = None
        super().__init__(*args, **kwargs)
        self.fields["password"].error_messages["required"] = "Saisissez votre mot de passe."

    def clean(self):
        email = self.cleaned_data.get("email")
        password = self.cleaned_data.get("password")
        if not email or not password:
            return self.cleaned_data
        ip = throttling.client_ip(self.request)
        known = known_emails.is_known(self.request, email)
        until = throttling.locked_until(email, ip, known_device=known)
        if until:
            raise ValidationError(throttling.lock_message(until), code="throttled")
        user = authenticate_by_email(self.request, email, password)
        throttling.record(email, ip, succeeded=user is not None)
        if user is None:
            raise ValidationError(
                "Adresse électronique ou mot de passe incorrect. Vérifiez-les et réessayez.",
                code="invalid_login",
            )
        self.user_cache = user
        return self.cleaned_data

    def get_user(self):
        return self.user_cache


class ResetForm(DsfrMixin, PasswordResetForm):
    """Each request sends an e-mail: rate-limited per client address and per e-mail
    (throttling.reset_locked_until), the same answer whether the account exists or not."""

    hints = {"email": EMAIL_HINT}

    def __init__(self, *args, request: HttpRequest | None = None, **kwargs):
        self.request = request
        super().__init__(*args, **kwargs)
        field = self.fields["email"]
        field.label = "Adresse électronique"
        field.widget.attrs["autofocus"] = True
        field.error_messages = {
            "required": "Saisissez votre adresse électronique.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        }

    def clean(self):
        email = self.cleaned_data.get("email")
        if not email:
            return self.cleaned_data
        ip = throttling.client_ip(self.request)
        known = known_emails.is_known(self.request, email)
        until = throttling.reset_locked_until(email, ip, known_device=known)
        if until:
            raise ValidationError(throttling.reset_lock_message(until), code="throttled")
        throttling.record_reset(email, ip)
        return self.cleaned_data


class NewPasswordForm(DsfrMixin, SetPasswordForm):
    hints = {"new_password1": PASSWORD_HINT}
    error_messages = {"password_mismatch": "Les deux mots de passe ne sont pas identiques."}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["new_password1"].label = "Nouveau mot de passe"
        self.fields["new_password2"].label = "Confirmation du nouveau mot de passe"

    def validate_password_for_user(self, user, password_field_name="password2"):
        password = self.cleaned_data.get(password_field_name)
        if password:
            try:
                password_validation.validate_password(password, user, password_validators())
            except ValidationError as error:
                self.add_error(password_field_name, error)


class InvitationForm(DsfrMixin, forms.Form):
    email = forms.EmailField(
        label="Adresse électronique de la personne invitée",
        max_length=254,
        widget=forms.EmailInput(attrs={"autocomplete": "off"}),
        error_messages={
            "required": "Saisissez l’adresse électronique de la personne à inviter.",
            "invalid": "Saisissez une adresse électronique valide, par exemple nom@domaine.fr.",
        },
    )
    role = forms.ChoiceField(label="Rôle", choices=())
    hints = {"email": EMAIL_HINT}

    def __init__(self, *args, organisation, roles: list[str], **kwargs):
        super().__init__(*args, **kwargs)
        self.organisation = organisation
        labels = dict(Membership.Role.choices)
        self.fields["role"].choices = [(role, labels[role].capitalize()) for role in roles]
        self.fields["role"].error_messages["invalid_choice"] = "Choisissez un rôle de la liste."

    def clean_email(self):
        email = self.cleaned_data["email"].strip().lower()
        if self.organisation.memberships.filter(user__email__iexact=email).exists():
            raise ValidationError("Cette personne est déjà membre de l’organisation.")
        for invitation in self.organisation.invitations.filter(
            email__iexact=email, accepted_at__isnull=True
        ):
            if invitation.is_pending:
                raise ValidationError(
                    "Une invitation est déjà en attente pour cette adresse. Annulez-la pour en "
                    "envoyer une nouvelle."
                )
        return email


class RoleForm(DsfrMixin, forms.Form):
    role = forms.ChoiceField(
        label="Rôle",
        choices=[(value, label.capitalize()) for value, label in Membership.Role.choices],
    )


class AccountCreationForm(DsfrMixin, forms.Form):
    """The invitee creates their account: the address is the one invited."""

    first_name = forms.CharField(
        label="Prénom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "given-name"}),
        error_messages={"required": "Saisissez votre prénom."},
    )
    last_name = forms.CharField(
        label="Nom",
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "family-name"}),
        error_messages={"required": "Saisissez votre nom."},
    )
    password1 = _password_field("Mot de passe", "new-password")
    password2 = _password_field("Confirmation du mot de passe", "new-password")
    hints = {"password1": PASSWORD_HINT}

    def __init__(self, *args, email: str, **kwargs):
        super().__init__(*args, **kwargs)
        self.email = email
        self.fields["password1"].error_messages["required"] = "Choisissez un mot de passe."
        self.fields["password2"].error_messages["required"] = "Confirmez le mot de passe."

    def clean(self):
        cleaned = super().clean()
        password1, password2 = cleaned.get("password1"), cleaned.get("password2")
        if password1 and password2 and password1 != password2:
            self.add_error("password2", "Les deux mots de passe ne sont pas identiques.")
        elif password1:
            from django.contrib.auth import get_user_model

            probe = get_user_model()(
                username=self.email,
                email=self.email,
                first_name=cleaned.get("first_name", ""),
                last_name=cleaned.get("last_name", ""),
            )
            try:
                password_validation.validate_password(password1, probe, password_validators())
            except ValidationError as error:
                self.add_error("password1", error)
        if find_user(self.email) is not None:
            raise ValidationError(
                "Un compte existe déjà avec cette adresse : connectez-vous pour accepter "
                "l’invitation."
            )
        return cleaned
