"""Small forms: submitting, moderators' decisions with their comment, the queue's filters."""

from __future__ import annotations

from django import forms

from agenda.events.models import Organisation

from .base import DsfrForm


class SubmitForm(DsfrForm):
    acknowledge_warnings = forms.BooleanField(
        label="J’ai pris connaissance des avertissements", required=False
    )


class CommentForm(DsfrForm):
    comment = forms.CharField(
        label="Commentaire (facultatif)",
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Envoyé à l’organisation avec la décision.",
    )


class RequiredCommentForm(DsfrForm):
    comment = forms.CharField(
        label="Modifications demandées",
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text="Ce qu’il faut corriger ; envoyé à l’organisation.",
        error_messages={
            "required": "Le commentaire est obligatoire : dites ce qu’il faut changer."
        },
    )


class ReasonForm(DsfrForm):
    comment = forms.CharField(
        label="Motif de l’annulation",
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text="Affiché sur la page publique de l’événement et envoyé à l’organisation.",
        error_messages={"required": "Le motif de l’annulation est obligatoire."},
    )


class QueueFilterForm(DsfrForm):
    q = forms.CharField(
        label="Trouver un événement, quel que soit son état",
        required=False,
        max_length=200,
        help_text="Des mots de son titre : pour annuler un événement publié, par exemple.",
    )
    organisation = forms.ModelChoiceField(
        label="Organisation",
        queryset=Organisation.objects.order_by("name"),
        required=False,
        to_field_name="slug",
        empty_label="Toutes",
    )
    problemes = forms.BooleanField(label="Seulement avec des problèmes détectés", required=False)
