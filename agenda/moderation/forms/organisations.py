"""The organisation form of the contributor space (create, rename)."""

from django import forms

from agenda.accounts.forms import DsfrMixin
from agenda.lib.links import validate_link
from agenda.lib.text import normalise_form_text


class OrganisationForm(DsfrMixin, forms.Form):
    name = forms.CharField(
        label="Nom",
        max_length=200,
        error_messages={"required": "Saisissez le nom de l’organisation."},
    )
    acronym = forms.CharField(label="Sigle", max_length=50, required=False)
    website = forms.URLField(
        label="Site web",
        max_length=200,
        required=False,
        assume_scheme="https",
        validators=[validate_link],
        error_messages={"invalid": "Saisissez une adresse web, par exemple https://exemple.fr."},
    )
    hints = {
        "acronym": "Facultatif, par exemple DITP.",
        "website": "Facultatif. Format attendu : https://exemple.fr",
    }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        normalise_form_text(self)
