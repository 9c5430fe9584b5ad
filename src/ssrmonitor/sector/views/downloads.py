"""Downloads (CSV/XLSX of a country's sector data, bulk-entry templates) and bulk import."""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ssrmonitor.core.http import HtmxHttpRequest, allowed, domain_errors, render_page, signed_in
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.sector import bulk, exports
from ssrmonitor.sector.permissions import access_country_by_iso2, can_import_sector

FORMATS = ("csv", "xlsx")


def _attachment(response: HttpResponse, name: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@require_safe
@domain_errors
def export(request: HtmxHttpRequest, iso2: str, dataset: str, fmt: str) -> HttpResponse:
    """A dataset of the country as CSV or XLSX, with what the user may see."""
    place = access_country_by_iso2(iso2)
    if fmt not in FORMATS:
        raise NotFound
    columns, rows = exports.dataset_rows(request.user, place, dataset)
    name = exports.filename(place, dataset, fmt, timezone.localdate())
    if fmt == "csv":
        body = exports.csv_text(columns, rows)
        return _attachment(HttpResponse(body, content_type="text/csv; charset=utf-8"), name)
    about = _("SSR Monitor, %(country)s, %(dataset)s, generated %(at)s.") % {
        "country": place.name,
        "dataset": dataset,
        "at": timezone.now().isoformat(timespec="seconds"),
    }
    body_bytes = exports.xlsx_bytes(columns, rows, about)
    return _attachment(HttpResponse(body_bytes, content_type=exports.XLSX_TYPE), name)


@require_safe
@domain_errors
def template(request: HtmxHttpRequest, kind: str, fmt: str) -> HttpResponse:
    """An empty bulk-entry template (no data: anybody may download it)."""
    if kind not in bulk.KINDS or fmt not in FORMATS:
        raise NotFound
    name = f"ssrmonitor-sector-{kind}-template.{fmt}"
    if fmt == "csv":
        csv_response = HttpResponse(bulk.template_csv(kind), content_type="text/csv; charset=utf-8")
        return _attachment(csv_response, name)
    return _attachment(HttpResponse(bulk.template_xlsx(kind), content_type=exports.XLSX_TYPE), name)


@require_http_methods(["GET", "POST"])
@domain_errors
def bulk_import(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Upload a filled template: every error listed with row and column, or all rows written."""
    place = access_country_by_iso2(iso2)
    allowed(can_import_sector(request.user, place.pk))
    user = signed_in(request)  # never refuses here: the public may not import
    context: dict[str, object] = {
        "country": place,
        "kinds": bulk.KINDS,
        "columns": bulk.COLUMNS,
        "may_import": True,
        "errors": [],
    }
    if request.method == "GET":
        return render_page(request, "sector/import.html", context)
    kind = request.POST.get("kind", "")
    upload = request.FILES.get("file")
    if kind not in bulk.KINDS or upload is None:
        context["errors"] = [bulk.RowError(0, "file", _("Choose a template and a file."))]
        return render_page(request, "sector/import.html", context, status=422)
    try:
        report = bulk.import_file(place, kind, upload.read(), upload.name or "", acting_user=user)
    except bulk.ImportRefused as exc:
        context["errors"] = exc.errors
        context["kind"] = kind
        return render_page(request, "sector/import.html", context, status=422)
    messages.success(
        request,
        _("%(rows)d rows read; %(changes)d changes recorded (0 means nothing was new).")
        % {"rows": report.rows, "changes": report.changes},
    )
    return redirect("sector:bulk_import", iso2=place.iso2)
