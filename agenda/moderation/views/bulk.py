"""Bulk import pages (contributor space): upload a programme, read the report; templates."""

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from agenda.accounts.permissions import organisations_of
from agenda.exchange import bulk, tabular
from agenda.exchange.ics_import import FetchError, fetch_calendar

from ..forms.bulk import BulkImportForm, allow_local_urls

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@login_required
def bulk_import(request: HttpRequest) -> HttpResponse:
    """GET: the form. POST: import, then the report (or the form with its errors)."""
    organisations = organisations_of(request.user)
    requested = request.POST.get("organisation") or request.GET.get("organisation")
    if not organisations.exists() or (
        requested and not organisations.filter(slug=requested).exists()
    ):
        raise PermissionDenied("Vous n’organisez pas d’événement pour cette organisation.")
    if request.method != "POST":
        initial = {"organisation": requested or getattr(organisations.first(), "slug", "")}
        form = BulkImportForm(organisations=organisations, initial=initial)
        return _form_page(request, form)
    form = BulkImportForm(request.POST, request.FILES, organisations=organisations)
    report = _import(form, request.user) if form.is_valid() else None
    if report is None:
        return _form_page(request, form, status=400)
    context = {
        "report": report,
        "organisation": form.cleaned_data["organisation"],
        "problems": [(tabular.where(p), p) for p in report.problems],
        "events": report.events,
    }
    return render(request, "moderation/bulk_result.html", context)


def _form_page(request: HttpRequest, form: BulkImportForm, status: int = 200) -> HttpResponse:
    context = {"form": form, "columns": tabular.COLUMNS}
    return render(request, "moderation/bulk_import.html", context, status=status)


def _import(form: BulkImportForm, user) -> bulk.BulkReport | None:
    organisation = form.cleaned_data["organisation"]
    upload = form.cleaned_data["fichier"]
    if upload is not None:
        data = upload.read()
        return bulk.import_file(data, filename=upload.name, organisation=organisation, actor=user)
    address = form.cleaned_data["adresse"]
    try:
        data = fetch_calendar(address, allow_local=allow_local_urls())
    except FetchError as exc:
        form.add_error("adresse", f"Calendrier non lu : {exc}.")
        return None
    return bulk.import_calendar(data, filename=address, organisation=organisation, actor=user)


def bulk_template_csv(request: HttpRequest) -> HttpResponse:
    return _download(tabular.template_csv(), "text/csv; charset=utf-8", "modele-programme.csv")


def bulk_template_xlsx(request: HttpRequest) -> HttpResponse:
    return _download(tabular.template_xlsx(), XLSX, "modele-programme.xlsx")


def _download(content: bytes, content_type: str, name: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response
