"""The event form and its two small formsets: images (alt text required) and practical info."""

from __future__ import annotations

import re
from pathlib import PurePath

from django import forms
from django.conf import settings
from django.core.files.base import ContentFile
from django.utils.text import slugify

from agenda.checks.rules_links import url_problem
from agenda.events.models import Audience, Category, Place, Session
from agenda.lib.frenchdates import fold
from agenda.lib.images import ImageError, clean_image
from agenda.lib.uploads import human_size

from .base import DsfrForm, LabelledFormSet, MarkdownField, split_list

POSTCODE = re.compile(r"^\d{5}$")


def check_url(value: str) -> str:
    value = (value or "").strip()
    if value:
        problem = url_problem(value)
        if problem:
            why, meant = problem
            hint = f" (« {meant} » ?)" if meant else ""
            raise forms.ValidationError(f"Lien invalide : {why}{hint}.")
    return value


class PlaceChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, place: Place) -> str:
        town = " ".join(p for p in (place.postcode, place.city) if p)
        return ", ".join(p for p in (place.name, place.address, town) if p)


def audience_choices() -> list[tuple[str, str]]:
    """The suggested audiences and those events already name, one checkbox per slug (the
    stored spelling wins: "élus" and "Élus" are one audience)."""
    names = {slugify(name): name for name in Audience.SUGGESTED}
    names.update(Audience.objects.values_list("slug", "name"))
    return [(name, name) for name in sorted(names.values(), key=fold)]


class EventForm(DsfrForm):
    title = forms.CharField(label="Titre", max_length=300)
    chapeau = forms.CharField(
        label="Chapeau",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Une ou deux phrases qui donnent envie de venir.",
    )
    organisation = forms.ModelChoiceField(
        label="Organisation", queryset=None, empty_label="— Choisir —"
    )
    categories = forms.MultipleChoiceField(
        label="Catégories", required=False, widget=forms.CheckboxSelectMultiple
    )
    audiences = forms.MultipleChoiceField(
        label="Public visé",
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="À qui s’adresse l’événement : le public peut filtrer l’agenda selon ce choix.",
    )
    tags = forms.CharField(
        label="Étiquettes",
        required=False,
        help_text="Séparées par des virgules, par exemple : design, territoires.",
    )
    attendance_mode = forms.ChoiceField(
        label="Mode de participation",
        choices=Session.AttendanceMode.choices,
        initial=Session.AttendanceMode.OFFLINE,
        widget=forms.RadioSelect,
    )
    place = PlaceChoiceField(
        label="Lieu connu",
        queryset=Place.objects.order_by("name", "address"),
        required=False,
        empty_label="— Aucun : nouveau lieu décrit ci-dessous, ou en ligne —",
    )
    new_place_name = forms.CharField(label="Nom du nouveau lieu", max_length=300, required=False)
    new_place_address = forms.CharField(
        label="Adresse du nouveau lieu",
        max_length=300,
        required=False,
        help_text="Numéro et voie, par exemple : 20 avenue de Ségur.",
    )
    new_place_postcode = forms.CharField(label="Code postal", max_length=10, required=False)
    new_place_city = forms.CharField(label="Ville", max_length=200, required=False)
    online_url = forms.CharField(
        label="Lien de participation en ligne",
        max_length=1000,
        required=False,
        help_text="Utilisé pour les séances en ligne qui n’ont pas leur propre lien.",
    )
    body = MarkdownField(
        label="Description",
        required=False,
        rows=12,
        help_text="En markdown : **gras**, *italique*, [lien](https://…), listes avec « - ». "
        "« Prévisualiser » montre le rendu.",
    )

    def __init__(self, *args, organisations, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = organisations
        self.fields["categories"].choices = [
            (name, name)
            for name in Category.objects.order_by("name").values_list("name", flat=True)
        ]
        self.fields["audiences"].choices = audience_choices()

    def clean_new_place_postcode(self) -> str:
        value = self.cleaned_data["new_place_postcode"].replace(" ", "")
        if value and not POSTCODE.match(value):
            raise forms.ValidationError(
                "Le code postal s’écrit avec 5 chiffres, par exemple 75007."
            )
        return value

    def clean_online_url(self) -> str:
        return check_url(self.cleaned_data["online_url"])

    def clean(self) -> dict:
        data = super().clean()
        new_place = any(data.get(f"new_place_{k}") for k in ("name", "address", "city"))
        if data.get("place") and new_place:
            self.add_error(
                "new_place_name", "Choisissez un lieu connu ou un nouveau lieu, pas les deux."
            )
        elif (
            data.get("attendance_mode", "offline") != Session.AttendanceMode.ONLINE
            and not data.get("place")
            and not new_place
        ):
            self.add_error(
                "place", "Choisissez un lieu connu ou décrivez le nouveau lieu ci-dessous."
            )
        return data

    def snapshot(self) -> dict:
        data = self.cleaned_data
        place = data.get("place")
        if place is not None:
            place_value = {
                "id": place.pk,
                "name": place.name,
                "address": place.address,
                "postcode": place.postcode,
                "city": place.city,
            }
        elif any(data.get(f"new_place_{k}") for k in ("name", "address", "city")):
            place_value = {
                "id": None,
                "name": data["new_place_name"].strip(),
                "address": data["new_place_address"].strip(),
                "postcode": data["new_place_postcode"],
                "city": data["new_place_city"].strip(),
            }
        else:
            place_value = None
        organisation = data["organisation"]
        return {
            "title": data["title"].strip(),
            "chapeau": data["chapeau"].strip(),
            "body": data["body"],
            "organisation": {"id": organisation.pk, "name": organisation.name},
            "categories": sorted(data["categories"]),
            "tags": sorted(split_list(data["tags"])),
            "audiences": sorted(data["audiences"]),
            "attendance_mode": data["attendance_mode"],
            "online_url": data["online_url"],
            "place": place_value,
        }

    @staticmethod
    def initial_from(snapshot: dict) -> dict:
        place = snapshot.get("place") or {}
        known = bool(place.get("id"))
        return {
            "title": snapshot["title"],
            "chapeau": snapshot["chapeau"],
            "body": snapshot["body"],
            "organisation": (snapshot.get("organisation") or {}).get("id"),
            "categories": snapshot["categories"],
            "tags": ", ".join(snapshot["tags"]),
            "audiences": snapshot.get("audiences", []),
            "attendance_mode": snapshot["attendance_mode"],
            "online_url": snapshot.get("online_url", ""),
            "place": place.get("id") if known else None,
            "new_place_name": "" if known else place.get("name", ""),
            "new_place_address": "" if known else place.get("address", ""),
            "new_place_postcode": "" if known else place.get("postcode", ""),
            "new_place_city": "" if known else place.get("city", ""),
        }


class ImageForm(DsfrForm):
    path = forms.CharField(
        label="Adresse de l’image",
        max_length=500,
        required=False,
        help_text="Chemin sur le site (/uploads/…) ou adresse https://…",
    )
    upload = forms.FileField(
        label="Ou téléverser une image",
        required=False,
        help_text="JPEG, PNG, WebP, GIF ou SVG, 5 Mo au plus.",
    )
    alt = forms.CharField(
        label="Texte alternatif",
        max_length=500,
        required=False,
        help_text="Ce que l’image montre, en une phrase, pour qui ne la voit pas.",
    )
    caption = forms.CharField(label="Légende", max_length=500, required=False)

    def clean_upload(self) -> ContentFile | None:
        """The image as re-encoded (raster) or rebuilt (SVG) from what was sent; its name
        takes the extension of the format found in it."""
        upload = self.cleaned_data.get("upload")
        if not upload:
            return None
        limit = settings.UPLOAD_MAX_BYTES
        if upload.size > limit:
            raise forms.ValidationError(f"L’image dépasse {human_size(limit)}.")
        upload.seek(0)  # the form may be validated twice (see _with_stored_uploads)
        try:
            image = clean_image(upload.read(), name=upload.name, max_bytes=limit)
        except ImageError as error:
            raise forms.ValidationError(str(error)) from None
        return ContentFile(image.data, name=f"{PurePath(upload.name).stem}.{image.extension}")

    def clean_path(self) -> str:
        value = self.cleaned_data["path"].strip()
        if value and not value.startswith("/"):
            check_url(value)
        return value

    def clean(self) -> dict:
        data = super().clean()
        has_image = bool(data.get("path") or data.get("upload"))
        if has_image and not data.get("alt", "").strip():
            self.add_error("alt", "Le texte alternatif est obligatoire : décrivez l’image.")
        if not has_image and (data.get("alt") or data.get("caption")):
            self.add_error("path", "Indiquez l’image (adresse ou fichier).")
        return data


class InfoForm(DsfrForm):
    label = forms.CharField(
        label="Intitulé", max_length=300, required=False, help_text="Par exemple : Public."
    )
    content = forms.CharField(label="Contenu", required=False)
    link = forms.CharField(label="Lien", max_length=1000, required=False)

    def clean_link(self) -> str:
        return check_url(self.cleaned_data["link"])

    def clean(self) -> dict:
        data = super().clean()
        if (data.get("content") or data.get("link")) and not data.get("label", "").strip():
            self.add_error("label", "L’intitulé est obligatoire.")
        elif data.get("label") and not (data.get("content") or data.get("link")):
            self.add_error("content", "Indiquez un contenu ou un lien.")
        return data


class ImageFormSetBase(LabelledFormSet):
    delete_label = "Retirer cette image"


class InfoFormSetBase(LabelledFormSet):
    delete_label = "Retirer cette information"


MAX_ROWS = 50  # images or practical details of one event; a forged TOTAL_FORMS builds no more
ImageFormSet = forms.formset_factory(
    ImageForm, formset=ImageFormSetBase, extra=1, can_delete=True,
    max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True,
)  # fmt: skip
InfoFormSet = forms.formset_factory(
    InfoForm, formset=InfoFormSetBase, extra=1, can_delete=True,
    max_num=MAX_ROWS, absolute_max=MAX_ROWS, validate_max=True,
)  # fmt: skip
