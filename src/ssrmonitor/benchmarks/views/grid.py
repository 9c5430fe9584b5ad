"""The period grid: every indicator of a framework for one period, entered on one page.

Saved as drafts together and submitted together (:mod:`ssrmonitor.benchmarks.services.grid`),
as a plain form post (answered with a redirect, or the page again with each refused row's
errors in place, status 422) and, with HTMX, by swapping the grid only. The same grid goes to
and comes back from a spreadsheet (:mod:`ssrmonitor.benchmarks.grid_sheet`).
"""

from __future__ import annotations

from datetime import date
from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.models import User
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssrmonitor.benchmarks import grid_sheet, services
from ssrmonitor.benchmarks.forms_grid import input_cells, read_posted
from ssrmonitor.benchmarks.models import Framework
from ssrmonitor.benchmarks.period_grid import GridLine, grid_lines, place_errors
from ssrmonitor.benchmarks.permissions import access_framework_by_id, can_enter_period
from ssrmonitor.benchmarks.services.grid import (
    GridOutcome,
    by_indicator,
    grid_indicators,
    parse_period,
)
from ssrmonitor.benchmarks.services.values import period_in_framework
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.exports import XLSX_TYPE
from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    render_page,
    signed_in,
    wants_fragment,
)
from ssrmonitor.core.periods import PeriodKind, ReportingPeriod
from ssrmonitor.core.progress import ValueNature

TEMPLATE = "benchmarks/grid.html"


def default_period(framework: Framework, today: date) -> ReportingPeriod:
    """The quarter of today, or of the framework's last day when it has ended."""
    day = min(today, framework.end_date) if framework.end_date else today
    return ReportingPeriod(day.year, PeriodKind.QUARTER, (day.month - 1) // 3 + 1)


def grid_url(framework: Framework, period: ReportingPeriod | str) -> str:
    """The grid of ``framework`` for ``period`` (for links from other pages)."""
    base = reverse("benchmarks:period_grid", args=[framework.pk])
    return f"{base}?{urlencode({'period': str(period)})}"


def _entry(request: HtmxHttpRequest, framework_id: int) -> tuple[User, Framework]:
    user = signed_in(request)
    framework = access_framework_by_id(user, framework_id)
    allowed(can_enter_period(user, framework))
    return user, framework


def checked_period(framework: Framework, raw: str | None) -> tuple[ReportingPeriod | None, str]:
    """The period asked for (default: :func:`default_period`), or ``None`` and why not."""
    try:
        period = parse_period(raw) if raw else default_period(framework, timezone.localdate())
        first = grid_indicators(framework).first()
        if first is not None:
            period_in_framework(first, period, timezone.localdate())
    except ValidationFailed as exc:
        return None, exc.errors[0].reason
    return period, ""


def _context(
    framework: Framework,
    period: ReportingPeriod | None,
    lines: list[GridLine],
    data: Any = None,
    **extra: Any,
) -> dict[str, Any]:
    rows = [(line, input_cells(line, data)) for line in lines]
    return {
        "framework": framework,
        "period": period,
        "rows": rows,
        "editable": [row for row in rows if row[0].editable],
        "natures": ValueNature.choices,
        "may_save": any(line.editable for line in lines),
        "period_text": str(period or ""),
        **extra,
    }


def _saved_message(outcome: GridOutcome) -> str:
    return _(
        "Saved: %(created)d new, %(changed)d changed, %(unchanged)d unchanged; "
        "%(submitted)d submitted for review."
    ) % services.grid.describe(outcome)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def period_grid(request: HtmxHttpRequest, framework_id: int) -> HttpResponseBase:
    """Every indicator of a framework for one period: enter, save as drafts, submit."""
    user, framework = _entry(request, framework_id)
    raw = request.POST.get("period") if request.method == "POST" else request.GET.get("period")
    period, period_error = checked_period(framework, raw)
    if period is None:
        context = _context(framework, None, [], period_error=period_error, period_text=raw)
        return render_page(request, TEMPLATE, context, status=INVALID_FORM)
    lines = grid_lines(framework, period, user)
    if request.method != "POST":
        return render_page(request, TEMPLATE, _context(framework, period, lines), fragment="grid")
    posted = read_posted(lines, request.POST)
    problems = posted.problems
    if not problems:
        try:
            outcome = services.save_period_values(
                framework,
                acting_user=user,
                period=period,
                entries=posted.entries,
                submit=request.POST.get("action") == "submit",
            )
        except services.GridRefused as exc:
            problems = by_indicator(exc.problems)
        else:
            messages.success(request, _saved_message(outcome))
            if not wants_fragment(request):
                return redirect(grid_url(framework, period))
            fresh = grid_lines(framework, period, user)
            return render_page(
                request, TEMPLATE, _context(framework, period, fresh), fragment="grid"
            )
    for line in lines:
        place_errors(
            line, problems.get(line.indicator.pk, {}), posted.part_keys.get(line.indicator.pk, [])
        )
    context = _context(framework, period, lines, request.POST, refused=True)
    return render_page(request, TEMPLATE, context, fragment="grid", status=INVALID_FORM)


@login_required
@require_safe
@domain_errors
def period_grid_sheet(request: HtmxHttpRequest, framework_id: int) -> HttpResponseBase:
    """The grid of a period as an XLSX sheet, filled in with what is stored."""
    user, framework = _entry(request, framework_id)
    period, period_error = checked_period(framework, request.GET.get("period"))
    if period is None:
        context = _context(framework, None, [], period_error=period_error)
        return render_page(request, TEMPLATE, context, status=INVALID_FORM)
    content = grid_sheet.write_sheet(framework.title, period, grid_lines(framework, period, user))
    response = HttpResponse(content, content_type=XLSX_TYPE)
    name = f"values-{framework.pk}-{period}.xlsx"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
@domain_errors
def period_grid_upload(request: HtmxHttpRequest, framework_id: int) -> HttpResponseBase:
    """A filled-in sheet: every row checked, then saved as drafts together, or nothing."""
    user, framework = _entry(request, framework_id)
    period, period_error = checked_period(framework, request.POST.get("period"))
    if period is None:
        context = _context(framework, None, [], period_error=period_error)
        return render_page(request, TEMPLATE, context, status=INVALID_FORM)
    lines = grid_lines(framework, period, user)
    upload = request.FILES.get("sheet")
    if upload is None:
        errors = [grid_sheet.SheetError(0, "file", _("Choose the filled-in sheet."))]
        return _sheet_refused(request, framework, period, lines, errors)
    try:
        read = grid_sheet.read_sheet(
            upload.read(grid_sheet.MAX_BYTES + 1), upload.name or "", lines
        )
        outcome = services.save_period_values(
            framework, acting_user=user, period=period, entries=read.entries
        )
    except grid_sheet.SheetRefused as exc:
        return _sheet_refused(request, framework, period, lines, exc.errors)
    except services.GridRefused as exc:
        errors = grid_sheet.sheet_errors(read, exc.problems)
        return _sheet_refused(request, framework, period, lines, errors)
    messages.success(request, _saved_message(outcome))
    return redirect(grid_url(framework, period))


def _sheet_refused(
    request: HtmxHttpRequest,
    framework: Framework,
    period: ReportingPeriod,
    lines: list[GridLine],
    errors: list[grid_sheet.SheetError],
) -> HttpResponse:
    context = _context(framework, period, lines, sheet_errors=errors)
    return render_page(request, TEMPLATE, context, status=INVALID_FORM)
