"""The sessions of an event, as an inline formset: dates and times in Paris time, formats,
participation, accessibility, price, registration (none, external link, on the agenda)."""

from __future__ import annotations

import datetime as dt

from django import forms

from agenda.events.models import Format, Session

from .base import DsfrForm, LabelledFormSet, MarkdownField, date_input, split_list, time_input
from .event import check_url

FREE_CHOICES = [("", "Non précisé"), ("oui", "Gratuit"), ("non", "Payant")]
REASON_REQUIRED = (
    Session.Status.POSTPONED,
    Session.Status.CANCELLED,
    Session.Status.MOVED_ONLINE,
)


def moment_text(day: dt.date | None, clock: dt.time | None) -> str:
    if day is None:
        return ""
    if clock is None:
        return day.isoformat()
    return dt.datetime.combine(day, clock).strftime("%Y-%m-%dT%H:%M")


def split_moment(text: str) -> tuple[dt.date | None, dt.time | None]:
    if not text:
        return None, None
    if "T" in text:
        moment = dt.datetime.fromisoformat(text)
        return moment.date(), moment.time()
    return dt.date.fromisoformat(text), None


class SessionForm(DsfrForm):
    uid = forms.CharField(required=False, widget=forms.HiddenInput)
    place_id = forms.IntegerField(required=False, widget=forms.HiddenInput)
    title = forms.CharField(
        label="Titre de la séance",
        max_length=500,
        required=False,
        help_text="Facultatif pour une séance unique : le titre de l’événement est repris.",
    )
    start_date = forms.DateField(label="Date de début", widget=date_input())
    start_time = forms.TimeField(
        label="Heure de début", required=False, widget=time_input(), help_text="Heure de Paris."
    )
    end_date = forms.DateField(
        label="Date de fin",
        required=False,
        widget=date_input(),
        help_text="Laisser vide si la séance finit le jour où elle commence.",
    )
    end_time = forms.TimeField(
        label="Heure de fin", required=False, widget=time_input(), help_text="Heure de Paris."
    )
    formats = forms.CharField(label="Formats", required=False)
    description = MarkdownField(
        label="Description de la séance",
        required=False,
        rows=4,
        help_text="En markdown.",
    )
    attendance_mode = forms.ChoiceField(
        label="Mode de participation",
        required=False,
        choices=[("", "Comme l’événement"), *Session.AttendanceMode.choices],
    )
    online_url = forms.CharField(label="Lien de la visio", max_length=1000, required=False)
    accessibility = forms.CharField(
        label="Accessibilité",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Par exemple : salle accessible en fauteuil roulant, boucle magnétique.",
    )
    is_free = forms.ChoiceField(label="Tarif", required=False, choices=FREE_CHOICES)
    registration = forms.ChoiceField(
        label="Inscription",
        choices=Session.Registration.choices,
        initial=Session.Registration.NONE,
        widget=forms.RadioSelect,
    )
    registration_required = forms.BooleanField(
        label="Inscription obligatoire pour participer", required=False
    )
    registration_url = forms.CharField(
        label="Lien d’inscription (inscription externe)", max_length=1000, required=False
    )
    capacity = forms.IntegerField(
        label="Nombre de places (inscription sur l’agenda)", required=False, min_value=1
    )
    waitlist_enabled = forms.BooleanField(
        label="Liste d’attente quand c’est complet", required=False, initial=True
    )
    closes_date = forms.DateField(
        label="Clôture des inscriptions (date)", required=False, widget=date_input()
    )
    closes_time = forms.TimeField(
        label="Clôture des inscriptions (heure)", required=False, widget=time_input()
    )
    status = forms.ChoiceField(
        label="Statut", choices=Session.Status.choices, initial=Session.Status.SCHEDULED
    )
    status_reason = forms.CharField(
        label="Motif du changement",
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text="Obligatoire pour une séance reportée, annulée ou passée en ligne ; affiché "
        "sur la page publique.",
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        known = Format.objects.order_by("name").values_list("name", flat=True)[:8]
        examples = ", ".join(known) or "Atelier, Table ronde, Webinaire"
        self.fields["formats"].help_text = f"Séparés par des virgules, par exemple : {examples}."

    def clean_online_url(self) -> str:
        return check_url(self.cleaned_data["online_url"])

    def clean_registration_url(self) -> str:
        return check_url(self.cleaned_data["registration_url"])

    def clean(self) -> dict:
        data = super().clean()
        start, end = self.start_text(), self.end_text()
        if start and end and _after(start, end):
            self.add_error(
                "end_date" if end[:10] < start[:10] else "end_time", "La fin précède le début."
            )
        registration = data.get("registration")
        if registration == Session.Registration.EXTERNAL and not data.get("registration_url"):
            self.add_error("registration_url", "Indiquez le lien d’inscription.")
        if registration == Session.Registration.NATIVE and not data.get("capacity"):
            self.add_error("capacity", "Indiquez le nombre de places.")
        if data.get("status") in REASON_REQUIRED and not data.get("status_reason", "").strip():
            self.add_error("status_reason", "Indiquez le motif : il est affiché au public.")
        if data.get("closes_time") and not data.get("closes_date"):
            self.add_error("closes_date", "Indiquez la date de clôture.")
        return data

    def start_text(self) -> str:
        data = self.cleaned_data
        return moment_text(data.get("start_date"), data.get("start_time"))

    def end_text(self) -> str:
        data = self.cleaned_data
        day = data.get("end_date") or (data.get("start_date") if data.get("end_time") else None)
        return moment_text(day, data.get("end_time"))

    def snapshot(self) -> dict:
        data = self.cleaned_data
        closes = data.get("closes_time") or (dt.time(23, 59) if data.get("closes_date") else None)
        return {
            "uid": data.get("uid", ""),
            "place_id": data.get("place_id"),
            "title": data["title"].strip(),
            "start": self.start_text(),
            "end": self.end_text(),
            "formats": sorted(split_list(data["formats"])),
            "description": data["description"],
            "attendance_mode": data["attendance_mode"],
            "online_url": data["online_url"],
            "accessibility": data["accessibility"].strip(),
            "is_free": {"oui": True, "non": False}.get(data["is_free"]),
            "registration": data["registration"],
            "registration_url": data["registration_url"],
            "registration_required": data.get("registration_required", False),
            "capacity": data.get("capacity"),
            "waitlist_enabled": data.get("waitlist_enabled", False),
            "registration_closes_at": moment_text(data.get("closes_date"), closes),
            "status": data["status"],
            "status_reason": data["status_reason"].strip(),
        }

    @staticmethod
    def initial_from(session: dict, event_online_url: str = "") -> dict:
        start_date, start_time = split_moment(session["start"])
        end_date, end_time = split_moment(session.get("end", ""))
        closes_date, closes_time = split_moment(session.get("registration_closes_at", ""))
        online_url = session.get("online_url", "")
        return {
            "uid": session.get("uid", ""),
            "place_id": session.get("place_id"),
            "title": session.get("title", ""),
            "start_date": start_date,
            "start_time": start_time,
            "end_date": end_date if end_date != start_date else None,
            "end_time": end_time,
            "formats": ", ".join(session.get("formats", [])),
            "description": session.get("description", ""),
            "attendance_mode": session.get("attendance_mode", ""),
            "online_url": "" if online_url == event_online_url else online_url,
            "accessibility": session.get("accessibility", ""),
            "is_free": {True: "oui", False: "non"}.get(session.get("is_free"), ""),
            "registration": session.get("registration", "none"),
            "registration_url": session.get("registration_url", ""),
            "registration_required": session.get("registration_required", False),
            "capacity": session.get("capacity"),
            "waitlist_enabled": session.get("waitlist_enabled", True),
            "closes_date": closes_date,
            "closes_time": closes_time,
            "status": session.get("status", "scheduled"),
            "status_reason": session.get("status_reason", ""),
        }


def _after(start: str, end: str) -> bool:
    """Whether `start` is later than `end` (bare dates compare by day)."""
    if "T" in start and "T" in end:
        return start > end
    return start[:10] > end[:10]


class BaseSessionFormSet(LabelledFormSet):
    delete_label = "Supprimer cette séance"
    default_error_messages = {
        **LabelledFormSet.default_error_messages,
        "too_few_forms": "Un événement a au moins une séance : indiquez sa date de début.",
    }

    def __init__(self, *args, published_uids: frozenset = frozenset(), **kwargs):
        super().__init__(*args, **kwargs)
        self.published_uids = published_uids

    def clean(self) -> None:
        if any(self.errors):
            return
        for form in self.deleted_forms:
            if form.cleaned_data.get("uid") in self.published_uids:
                form.add_error(
                    None,
                    "Une séance publiée ne se supprime pas : passez son statut à « annulée » "
                    "et indiquez le motif.",
                )
                raise forms.ValidationError("Une séance publiée ne peut pas être supprimée.")


SessionFormSet = forms.formset_factory(
    SessionForm,
    formset=BaseSessionFormSet,
    extra=1,
    can_delete=True,
    min_num=1,
    validate_min=True,
)
