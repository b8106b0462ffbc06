"""The forms of the next edition: how to move the dates, which events, which items to confirm."""

from __future__ import annotations

from django import forms

from .base import DsfrForm

SAME_WEEKDAY, BY_DAYS = "weekday", "days"


class EditionForm(DsfrForm):
    """How one event, or a season, moves to its next edition."""

    target_year = forms.IntegerField(
        label="Année de la nouvelle édition", min_value=1900, max_value=2199
    )
    mode = forms.ChoiceField(
        label="Dates de la nouvelle édition",
        choices=[
            (
                SAME_WEEKDAY,
                "le même jour de la semaine du mois (le 1er mardi de novembre reste "
                "le 1er mardi de novembre)",
            ),
            (BY_DAYS, "décalées d’un nombre de jours"),
        ],  # fmt: skip
        initial=SAME_WEEKDAY,
        widget=forms.RadioSelect,
    )
    days = forms.IntegerField(
        label="Nombre de jours (si décalées)",
        min_value=1,
        max_value=800,
        required=False,
        help_text="Par exemple 365 : le 3 novembre reste le 3 novembre, un autre jour de la "
        "semaine.",
    )

    def clean(self):
        data = super().clean()
        if data.get("mode") == BY_DAYS and not data.get("days"):
            self.add_error("days", "Indiquez le nombre de jours.")
        return data

    @property
    def shift_days(self) -> int | None:
        data = self.cleaned_data
        return data.get("days") if data.get("mode") == BY_DAYS else None


class SeasonForm(EditionForm):
    """A season: the events that start in `source_year`, of an organisation or the programme."""

    source_year = forms.IntegerField(
        label="Année copiée (les événements publiés qui commencent cette année-là)",
        min_value=1900,
        max_value=2199,
    )
    organisation = forms.ChoiceField(label="Événements de")
    field_order = ["organisation", "source_year", "target_year", "mode", "days"]

    def __init__(self, *args, organisations, whole_programme: bool, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(str(o.pk), o.name) for o in organisations]
        if whole_programme:
            choices.insert(0, ("", "tout le programme (toutes les organisations)"))
        self.fields["organisation"].choices = choices
        self.fields["organisation"].required = not whole_programme

    def clean(self):
        data = super().clean()
        source, target = data.get("source_year"), data.get("target_year")
        if source and target and target <= source:
            self.add_error("target_year", "L’année de la nouvelle édition suit l’année copiée.")
        return data


class ChecklistForm(DsfrForm):
    """The items of last year its editor confirms, and maybe the submission."""

    confirmed = forms.MultipleChoiceField(
        label="Je confirme que ces éléments restent valables pour la nouvelle édition",
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )
    acknowledge_warnings = forms.BooleanField(
        label="J’ai pris connaissance des avertissements", required=False
    )

    def __init__(self, *args, items, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["confirmed"].choices = [(str(c.item.pk), c.item.label) for c in items]
