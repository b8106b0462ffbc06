"""The registration form (with its honeypot) and the organiser's settings for a session."""

from django import forms

from agenda.events.models import PARIS, Session
from agenda.lib.links import validate_link
from agenda.lib.text import normalise_form_text


class TextForm(forms.Form):
    """Text fields store one line (or paragraphs), without control characters."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        normalise_form_text(self)


class RegistrationForm(TextForm):
    name = forms.CharField(label="Nom et prénom", max_length=200)
    email = forms.EmailField(
        label="Adresse électronique",
        help_text="Format attendu : nom@domaine.fr. Vous y recevrez la confirmation.",
    )
    organisation = forms.CharField(label="Organisation", max_length=200, required=False)
    consent = forms.BooleanField(
        label="J’accepte que mes données soient utilisées pour gérer mon inscription.",
        error_messages={"required": "Cochez cette case pour vous inscrire."},
    )
    # Honeypot: hidden from people (and from assistive technologies); robots fill it in.
    website = forms.CharField(required=False)

    def is_spam(self) -> bool:
        return bool(self.data.get("website"))


class SettingsForm(TextForm):
    registration = forms.ChoiceField(
        label="Inscription", choices=Session.Registration.choices, widget=forms.RadioSelect
    )
    registration_url = forms.URLField(
        label="Lien d’inscription externe",
        required=False,
        assume_scheme="https",
        validators=[validate_link],
        help_text="Seulement pour une inscription externe.",
    )
    capacity = forms.IntegerField(
        label="Nombre de places",
        required=False,
        min_value=0,
        help_text="Laisser vide pour ne pas limiter les places.",
    )
    waitlist_enabled = forms.BooleanField(
        label="Liste d’attente quand c’est complet", required=False
    )
    closes_at = forms.DateTimeField(
        label="Clôture des inscriptions",
        required=False,
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M", "%d/%m/%Y %H:%M"],
        help_text="Heure de Paris. Laisser vide : jusqu’au début de la séance.",
    )
    online_url = forms.URLField(
        label="Lien de la visio",
        required=False,
        assume_scheme="https",
        validators=[validate_link],
        help_text="Donné seulement aux personnes dont l’inscription est confirmée.",
    )

    @classmethod
    def for_session(cls, session: Session, data=None) -> "SettingsForm":
        closes = session.registration_closes_at
        return cls(
            data,
            initial={
                "registration": session.registration,
                "registration_url": session.registration_url,
                "capacity": session.capacity,
                "waitlist_enabled": session.waitlist_enabled,
                "closes_at": closes.astimezone(PARIS).replace(tzinfo=None) if closes else None,
                "online_url": session.online_url,
            },
        )

    def clean_closes_at(self):
        value = self.cleaned_data["closes_at"]
        if value is not None:
            value = value.replace(tzinfo=None).replace(tzinfo=PARIS)
        return value

    def clean(self):
        data = super().clean()
        external = data.get("registration") == Session.Registration.EXTERNAL
        if external and not data.get("registration_url"):
            self.add_error("registration_url", "Indiquez le lien de l’inscription externe.")
        return data
