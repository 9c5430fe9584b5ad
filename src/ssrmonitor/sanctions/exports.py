"""CSV export of a country's exemption requests (internal: ``sanctions.view_internal``).

Cells a spreadsheet would run as a formula are neutralised with the benchmark exports'
:func:`~ssrmonitor.benchmarks.exports.escape_formula`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

from django.http import Http404, HttpResponse
from django.utils import timezone
from django.views.decorators.http import require_GET

from ssrmonitor.core.exports import escape_formula
from ssrmonitor.core.http import HtmxHttpRequest
from ssrmonitor.sanctions.models import ExemptionRequest
from ssrmonitor.sanctions.permissions import can_view_exemptions, exemptions_visible_to
from ssrmonitor.sanctions.views.embargo import country_by_iso2

COLUMNS = (
    "country_iso2",
    "measure",
    "reference",
    "purpose",
    "items",
    "total_quantity",
    "supplier",
    "end_user",
    "procedure",
    "committee",
    "submitted_on",
    "decided_on",
    "status",
    "decision",
    "notes",
)


def exemption_rows(requests: Iterable[ExemptionRequest]) -> Iterable[list[str]]:
    """One row per request; items as ``quantity × description`` joined by ``; ``."""
    for req in requests:
        items = "; ".join(f"{i['quantity']} × {i['description']}" for i in req.items)
        cells = [
            req.country.iso2,
            req.measure.title,
            req.reference,
            req.purpose,
            items,
            str(req.total_quantity),
            req.supplier,
            req.end_user,
            req.procedure,
            req.committee,
            req.submitted_on.isoformat() if req.submitted_on else "",
            req.decided_on.isoformat() if req.decided_on else "",
            req.status,
            req.decision,
            req.notes,
        ]
        yield [escape_formula(cell) for cell in cells]


@require_GET
def exemptions_csv(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The exemption requests of a country as CSV; 404 for those who may not see them."""
    place = country_by_iso2(iso2)
    if not can_view_exemptions(request.user, place.pk):
        raise Http404
    requests = exemptions_visible_to(request.user).filter(country=place).order_by("pk")
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    writer.writerows(exemption_rows(requests))
    response = HttpResponse(buffer.getvalue(), content_type="text/csv; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = (
        f'attachment; filename="exemption-requests-{place.iso2}-{stamp}.csv"'
    )
    response["Cache-Control"] = "private, no-store"
    return response
