"""Forms of the contributor space and the moderation queue.

`EventForms` binds together what the event page is made of: the event form, its images and
practical information, its sessions, and the warnings' acknowledgement. It turns them into a
snapshot (moderation/snapshot.py) and shows the checks' findings next to the fields.
"""

from __future__ import annotations

from django import forms

from agenda.lib.limits import max_sessions

from ..checking import Located
from .base import DsfrForm
from .decisions import CommentForm, QueueFilterForm, ReasonForm, RequiredCommentForm, SubmitForm
from .event import EventForm, ImageFormSet, InfoFormSet
from .sessions import BaseSessionFormSet, SessionForm

__all__ = [
    "CommentForm",
    "EventForms",
    "QueueFilterForm",
    "ReasonForm",
    "RequiredCommentForm",
    "SubmitForm",
]


class AcknowledgeForm(DsfrForm):
    acknowledge_warnings = forms.BooleanField(
        label="J’ai pris connaissance des avertissements",
        required=False,
        help_text="Les avertissements ne bloquent pas la soumission : cochez pour soumettre "
        "malgré eux.",
    )


class EventForms:
    """The forms of one event page, bound to a request or filled from a snapshot."""

    def __init__(
        self,
        *,
        organisations,
        data=None,
        files=None,
        snapshot: dict | None = None,
        extra_sessions: int = 1,
        published_uids: frozenset = frozenset(),
        store_upload=None,
    ):
        snapshot = snapshot or {}
        online_url = snapshot.get("online_url", "")
        session_formset = forms.formset_factory(
            SessionForm,
            formset=BaseSessionFormSet,
            extra=extra_sessions,
            can_delete=True,
            min_num=1 if not snapshot.get("sessions") else 0,
            validate_min=True,
            # A posted TOTAL_FORMS of 1,000,000,000 builds no more forms than an event may hold.
            max_num=max_sessions(),
            absolute_max=max_sessions(),
            validate_max=True,
        )
        if data is not None and files and store_upload:
            data = _with_stored_uploads(data, files, store_upload)
        self.event = EventForm(
            data,
            organisations=organisations,
            initial=EventForm.initial_from(snapshot) if snapshot else None,
        )
        self.images = ImageFormSet(data, files, prefix="images", initial=snapshot.get("images"))
        self.infos = InfoFormSet(
            data,
            prefix="infos",
            initial=[
                {"label": f["label"], "content": f["content"], "link": f["link"]}
                for f in snapshot.get("info_fields", [])
            ],
        )
        self.sessions = session_formset(
            data,
            prefix="seances",
            initial=[SessionForm.initial_from(s, online_url) for s in snapshot.get("sessions", [])],
            published_uids=published_uids,
        )
        self.acknowledge = AcknowledgeForm(data)
        self.preview_html = ""

    @property
    def formsets(self) -> dict:
        return {"images": self.images, "infos": self.infos, "sessions": self.sessions}

    def is_valid(self) -> bool:
        results = [
            self.event.is_valid(),
            *(formset.is_valid() for formset in self.formsets.values()),
            self.acknowledge.is_valid(),
        ]
        return all(results)

    @property
    def acknowledged(self) -> bool:
        return bool(
            self.acknowledge.is_valid() and self.acknowledge.cleaned_data["acknowledge_warnings"]
        )

    def entries(self) -> dict[str, list]:
        """The forms that end up in the snapshot, in its order."""
        if not self.event.is_bound:
            return {name: list(fs.initial_forms) for name, fs in self.formsets.items()}
        return {
            "images": [f for f in _kept(self.images) if f.cleaned_data.get("path")],
            "infos": [f for f in _kept(self.infos) if f.cleaned_data.get("label")],
            "sessions": list(_kept(self.sessions)),
        }

    def snapshot(self) -> dict:
        data = self.event.snapshot()
        entries = self.entries()
        data["images"] = [
            {
                "path": f.cleaned_data["path"],
                "alt": f.cleaned_data["alt"].strip(),
                "caption": f.cleaned_data["caption"].strip(),
            }
            for f in entries["images"]
        ]
        data["info_fields"] = [
            {
                "label": f.cleaned_data["label"].strip(),
                "content": f.cleaned_data["content"].strip(),
                "link": f.cleaned_data["link"],
            }
            for f in entries["infos"]
        ]
        data["sessions"] = [f.snapshot() for f in entries["sessions"]]
        return data

    def show_problems(self, located: list[Located]) -> None:
        """Each finding next to its field (the session, image or info entry it is about)."""
        kept = self.entries()
        for item in located:
            form = self.event
            if item.form in kept and kept[item.form]:
                entries = kept[item.form]
                form = entries[min(item.index or 0, len(entries) - 1)]
            form.add_problem(item.field, item.problem.message, is_error=item.is_error)

    @property
    def has_warnings(self) -> bool:
        return any(f.check_warnings or f.top_warnings for f in self.all_forms())

    @property
    def has_check_errors(self) -> bool:
        return any(f.has_check_errors for f in self.all_forms())

    def all_forms(self) -> list:
        return [form for form, _ in self.labelled_forms()]

    def labelled_forms(self) -> list[tuple]:
        """Every form with the name of what it describes ("Séance 2"), for the summaries."""
        names = {"images": "Image", "infos": "Information", "sessions": "Séance"}
        forms_ = [(self.event, "")]
        for key, formset in self.formsets.items():
            forms_ += [(form, f"{names[key]} {i + 1}") for i, form in enumerate(formset.forms)]
        return forms_

    def error_summary(self) -> list[tuple[str, str, str]]:
        """(anchor, what, message) of every error, for the summary above the form."""
        summary = []
        for form, name in self.labelled_forms():
            for field in form:
                what = f"{name} — {field.label}" if name else str(field.label or "")
                summary += [(field.auto_id, what, str(m)) for m in field.all_errors]
            if form.is_bound:
                summary += [("", name, str(m)) for m in form.non_field_errors()]
            summary += [("", name, m) for m in form.top_errors]
        for formset in self.formsets.values():
            if formset.is_bound:
                summary += [("", "", str(m)) for m in formset.non_form_errors()]
        return summary

    def warning_summary(self) -> list[tuple[str, str, str]]:
        summary = []
        for form, name in self.labelled_forms():
            for field in form:
                what = f"{name} — {field.label}" if name else str(field.label or "")
                summary += [(field.auto_id, what, m) for m in field.warnings]
            summary += [("", name, m) for m in form.top_warnings]
        return summary


def _kept(formset):
    """The formset's forms that say something and are not marked for deletion."""
    for form in formset.forms:
        if not hasattr(form, "cleaned_data") or not form.cleaned_data:
            continue
        if formset.can_delete and form.cleaned_data.get("DELETE"):
            continue
        yield form


def _with_stored_uploads(data, files, store_upload):
    """Uploaded images are stored at once and their path put in the form, so that a form shown
    again (errors, preview) does not lose them."""
    data = data.copy()
    for key, upload in files.items():
        if not (key.startswith("images-") and key.endswith("-upload")):
            continue
        form = ImageFormSet.form({"upload": upload}, {"upload": upload})
        form.is_valid()
        if "upload" in form.errors:
            continue
        data[key.removesuffix("-upload") + "-path"] = store_upload(form.cleaned_data["upload"])
    return data
