"""DSFR forms: widget classes, error and warning messages tied to their field.

Each field is rendered by templates/moderation/forms/_field.html: the input's aria-describedby
names its hint, its errors (`<p class="fr-error-text">`) and the check warnings about it.
"""

from __future__ import annotations

from django import forms
from django.forms.boundfield import BoundField

from agenda.lib.text import normalise_form_text

NO_CLASS = (forms.CheckboxInput, forms.RadioSelect, forms.CheckboxSelectMultiple, forms.HiddenInput)


class DsfrBoundField(BoundField):
    @property
    def warnings(self) -> list[str]:
        return self.form.check_warnings.get(self.name, [])

    @property
    def all_errors(self) -> list[str]:
        """Validation errors, then the errors the content checks found."""
        return [*self.errors, *self.form.check_errors.get(self.name, [])]

    def build_widget_attrs(self, attrs, widget=None):
        attrs = super().build_widget_attrs(attrs, widget)
        if self.form.check_errors.get(self.name):
            attrs["aria-invalid"] = "true"
        return attrs

    @property
    def kind(self) -> str:
        """Which DSFR group renders the field: input, select, upload, checkbox, fieldset."""
        widget_type = self.widget_type
        if widget_type in ("radioselect", "checkboxselectmultiple"):
            return "fieldset"
        if widget_type in ("checkbox", "select", "hidden"):
            return widget_type
        if widget_type in ("clearablefile", "file"):
            return "upload"
        return "input"

    @property
    def aria_describedby(self) -> str:
        ids = []
        if self.auto_id and not self.is_hidden:
            if self.help_text:
                ids.append(f"{self.auto_id}_helptext")
            if self.all_errors:
                ids.append(f"{self.auto_id}_error")
            if self.warnings:
                ids.append(f"{self.auto_id}_warning")
        return " ".join(ids)


class DsfrForm(forms.Form):
    bound_field_class = DsfrBoundField
    template_name = "moderation/forms/_form.html"

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.check_errors: dict[str, list[str]] = {}
        self.check_warnings: dict[str, list[str]] = {}
        self.top_errors: list[str] = []
        self.top_warnings: list[str] = []
        normalise_form_text(self)
        for field in self.fields.values():
            css = widget_class(field.widget)
            if css:
                field.widget.attrs["class"] = f"{field.widget.attrs.get('class', '')} {css}".strip()

    def add_problem(self, field: str, message: str, *, is_error: bool) -> None:
        """A check's finding about a field: an error blocks, a warning is only shown."""
        if field not in self.fields:
            field = ""
        by_field = self.check_errors if is_error else self.check_warnings
        if field:
            by_field.setdefault(field, []).append(message)
        else:
            (self.top_errors if is_error else self.top_warnings).append(message)

    @property
    def has_check_errors(self) -> bool:
        return bool(self.check_errors or self.top_errors)


def widget_class(widget: forms.Widget) -> str:
    if isinstance(widget, NO_CLASS):
        return ""
    if isinstance(widget, forms.Select):
        return "fr-select"
    if isinstance(widget, forms.FileInput):
        return "fr-upload"
    return "fr-input"


class MarkdownField(forms.CharField):
    """Markdown as written: spaces and blank lines kept, browsers' CRLF made LF."""

    def __init__(self, *, rows: int, **kwargs):
        super().__init__(strip=False, widget=forms.Textarea(attrs={"rows": rows}), **kwargs)

    def to_python(self, value) -> str:
        return super().to_python(value).replace("\r\n", "\n")


def split_list(text: str) -> list[str]:
    """ "Atelier, Table ronde ;Démo" → ["Atelier", "Table ronde", "Démo"] (no duplicates)."""
    items = [item.strip() for chunk in text.split(";") for item in chunk.split(",")]
    return list(dict.fromkeys(item[:200] for item in items if item))


def date_input() -> forms.DateInput:
    return forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def time_input() -> forms.TimeInput:
    return forms.TimeInput(attrs={"type": "time"}, format="%H:%M")


class LabelledFormSet(forms.BaseFormSet):
    """A formset whose deletion box says what it deletes."""

    delete_label = "Supprimer"

    def add_fields(self, form, index) -> None:
        super().add_fields(form, index)
        if "DELETE" in form.fields:
            form.fields["DELETE"].label = self.delete_label
