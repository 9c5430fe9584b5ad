"""Indicator values for other systems: SDMX for SDG series, XLSForm for field collection."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.views.decorators.http import require_safe

from ssrmonitor.benchmarks.permissions import access_framework_by_id, can_enter_period
from ssrmonitor.benchmarks.sdg_export import sdg_rows
from ssrmonitor.benchmarks.views.grid import checked_period
from ssrmonitor.benchmarks.xlsform import period_form, to_xform
from ssrmonitor.core.fieldwork.web import xlsform_download
from ssrmonitor.core.http import HtmxHttpRequest, allowed, domain_errors, signed_in
from ssrmonitor.core.permissions import NotFound, access_country_by_iso2
from ssrmonitor.perceptions.sdg.dsd import SdgObservation
from ssrmonitor.perceptions.sdg.sdmx_io import write_csv, write_xml

Writer = Callable[[list[SdgObservation]], bytes]
FORMATS: dict[str, tuple[str, Writer]] = {
    "csv": ("text/csv; charset=utf-8", write_csv),
    "xml": ("application/xml", write_xml),
}


@require_safe
@domain_errors
def sdg_export(request: HtmxHttpRequest, iso2: str, fmt: str) -> HttpResponse:
    """What the reader may see of the country's mapped indicators, one value per series and year."""
    if fmt not in FORMATS:
        raise NotFound
    country = access_country_by_iso2(iso2)
    content_type, write = FORMATS[fmt]
    rows = sdg_rows(request.user, country)
    body = write(rows) if rows else b""
    response = HttpResponse(body, content_type=content_type, status=200 if rows else 204)
    response["Content-Disposition"] = f'attachment; filename="sdg-{country.iso2}.{fmt}"'
    return response


@login_required
@require_safe
@domain_errors
def period_xlsform(request: HtmxHttpRequest, framework_id: int) -> HttpResponseBase:
    """The period's indicators entered by hand as an XLSForm for ODK Collect or KoboToolbox."""
    user = signed_in(request)
    framework = access_framework_by_id(user, framework_id)
    allowed(can_enter_period(user, framework))
    period, period_error = checked_period(framework, request.GET.get("period"))
    if period is None:
        return HttpResponse(period_error, status=422, content_type="text/plain; charset=utf-8")

    def build() -> bytes:
        content = period_form(framework, period)
        to_xform(content)  # pyxform refuses a form ODK would refuse: never hand one out
        return content

    return xlsform_download(build, f"xlsform-{framework.pk}-{period}.xlsx")
