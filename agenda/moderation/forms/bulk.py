"""The bulk import form: an organisation, and a file or the address of a calendar."""

from django import forms
from django.conf import settings

from agenda.lib.uploads import human_size

SUFFIXES = (".csv", ".txt", ".xlsx", ".ics", ".ical")


def allow_local_urls() -> bool:
    """Tests and development fetch calendars from 127.0.0.1 over plain http; never production."""
    return settings.BULK_IMPORT_ALLOW_LOCAL_URLS


class BulkImportForm(forms.Form):
    organisation = forms.ModelChoiceField(
        queryset=None, to_field_name="slug", empty_label=None, label="Organisation"
    )
    fichier = forms.FileField(
        required=False,
        label="Fichier du programme",
        help_text="CSV ou XLSX (une ligne par séance, d’après le modèle), ou calendrier ICS ; "
        "5 Mo au plus.",
    )
    adresse = forms.CharField(
        required=False,
        max_length=2000,
        label="Ou adresse d’un calendrier ICS",
        help_text="Commence par https:// (ou webcal://) ; le calendrier est lu une fois, "
        "importez-le à nouveau pour reprendre ses changements.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations

    def clean_fichier(self):
        upload = self.cleaned_data.get("fichier")
        if upload is None:
            return None
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"Fichier trop volumineux : {human_size(limit)} au plus.")
        if not upload.name.lower().endswith(SUFFIXES):
            raise forms.ValidationError(
                "Format non reconnu : envoyez un fichier .csv, .xlsx ou .ics."
            )
        return upload

    def clean_adresse(self):
        address = self.cleaned_data.get("adresse", "").strip()
        schemes = ("https://", "webcal://") + (("http://",) if allow_local_urls() else ())
        if address and not address.lower().startswith(schemes):
            raise forms.ValidationError("L’adresse doit commencer par https://.")
        return address

    def clean(self):
        data = super().clean()
        if not self.errors and bool(data.get("fichier")) == bool(data.get("adresse")):
            raise forms.ValidationError(
                "Envoyez un fichier ou donnez l’adresse d’un calendrier (l’un des deux)."
            )
        return data
