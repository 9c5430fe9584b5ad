"""Reviewing a period of a framework in a batch: every submitted value with what to compare it
with (baseline, target, allowed range, the last approved values), approved or returned one by
one or "approve selected" together (:mod:`ssrmonitor.benchmarks.services.grid_review`).

One plain form: a row's *Approve* or *Return* button sends that row, *Approve selected* the
rows ticked. With HTMX the table is swapped in place.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import QueryDict
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import Framework, MeasurementStatus
from ssrmonitor.benchmarks.period_grid import ReviewLine, approved_history
from ssrmonitor.benchmarks.permissions import (
    access_framework_by_id,
    can_review_measurement,
    can_review_period,
)
from ssrmonitor.benchmarks.services.grid import period_measurements
from ssrmonitor.benchmarks.services.grid_review import Verdict
from ssrmonitor.benchmarks.views.grid import checked_period
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    render_page,
    signed_in,
    wants_fragment,
)
from ssrmonitor.core.periods import ReportingPeriod

TEMPLATE = "benchmarks/grid_review.html"


def review_url(framework: Framework, period: ReportingPeriod | str) -> str:
    """The batch review of ``framework`` for ``period``."""
    base = reverse("benchmarks:period_review", args=[framework.pk])
    return f"{base}?{urlencode({'period': str(period)})}"


def review_lines(framework: Framework, period: ReportingPeriod, user: Viewer) -> list[ReviewLine]:
    """The submitted values of the period, each with its last approved values and whether
    ``user`` may review it (and why not)."""
    submitted = list(
        period_measurements(framework, period)
        .filter(status=MeasurementStatus.SUBMITTED)
        .select_related("author")
        .order_by("indicator__benchmark__position", "indicator__position", "indicator_id")
    )
    history = approved_history([m.indicator_id for m in submitted], period.start)
    lines = []
    for measurement in submitted:
        may, reason = can_review_measurement(user, measurement)
        lines.append(
            ReviewLine(measurement, history.get(measurement.indicator_id, []), may, reason)
        )
    return lines


def _id(raw: str) -> int | None:
    return int(raw) if raw.isdigit() else None


def decisions_of(data: QueryDict) -> list[services.ReviewDecision]:
    """The decisions a POST asks for: one row's button, or every row ticked."""

    def comment(ident: int) -> str:
        return str(data.get(f"comment-{ident}", "")).strip()

    verdicts: tuple[Verdict, ...] = ("approve", "return")
    for verdict in verdicts:
        ident = _id(str(data.get(verdict, "")))
        if ident is not None:
            return [services.ReviewDecision(ident, verdict, comment(ident))]
    if data.get("action") != "approve_selected":
        return []
    chosen = [i for i in (_id(str(v)) for v in data.getlist("select")) if i is not None]
    return [services.ReviewDecision(i, "approve", comment(i)) for i in chosen]


def _page(
    request: HtmxHttpRequest,
    framework: Framework,
    period: ReportingPeriod | None,
    lines: list[ReviewLine],
    status: int = 200,
    **extra: Any,
) -> HttpResponseBase:
    context = {"framework": framework, "period": period, "lines": lines, **extra}
    return render_page(request, TEMPLATE, context, fragment="review", status=status)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def period_review(request: HtmxHttpRequest, framework_id: int) -> HttpResponseBase:
    """The submitted values of a framework for one period, reviewed together."""
    user = signed_in(request)
    framework = access_framework_by_id(user, framework_id)
    allowed(can_review_period(user, framework))
    data = request.POST if request.method == "POST" else request.GET
    period, period_error = checked_period(framework, data.get("period"))
    if period is None:
        return _page(request, framework, None, [], INVALID_FORM, period_error=period_error)
    lines = review_lines(framework, period, user)
    if request.method != "POST":
        return _page(request, framework, period, lines)
    decisions = decisions_of(request.POST)
    try:
        outcome = services.review_period_values(
            framework, acting_user=user, period=period, decisions=decisions
        )
    except services.GridRefused as exc:
        by_value = {line.measurement.pk: line for line in lines}
        for problem in exc.problems:
            line = by_value.get(decisions[problem.index].measurement_id)
            if line is not None:
                line.errors.append(problem.reason)
        return _page(request, framework, period, lines, INVALID_FORM, refused=True)
    except ValidationFailed as exc:
        errors = [e.reason for e in exc.errors]
        return _page(request, framework, period, lines, INVALID_FORM, errors=errors)
    messages.success(
        request,
        _("%(approved)d approved, %(returned)d returned.")
        % {"approved": len(outcome.approved), "returned": len(outcome.returned)},
    )
    if not wants_fragment(request):
        return redirect(review_url(framework, period))
    return _page(request, framework, period, review_lines(framework, period, user))
