"""Data entry and review: record, change, submit, approve, return, delete, evidence, queue.

Every action works as a plain form post (answered with a redirect, or the page again with its
errors) and, with HTMX, swaps only the part of the measurement page it changed.
"""

from __future__ import annotations

from pathlib import PurePath
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.utils.cache import patch_cache_control, patch_vary_headers
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.forms_measurement import MeasurementForm
from ssrmonitor.benchmarks.forms_review import EvidenceForm, ReviewForm
from ssrmonitor.benchmarks.models import Measurement, MeasurementStatus
from ssrmonitor.benchmarks.permissions import (
    access_evidence_by_id,
    access_indicator_by_id,
    access_measurement_by_id,
    can_change_measurement,
    can_enter_data,
    can_review_measurement,
    measurements_visible_to,
)
from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    posted,
    render_page,
    signed_in,
    wants_fragment,
)
from ssrmonitor.core.permissions import Action, country_ids_with, has_action

QUEUE_PAGE_SIZE = 50


def _measurement_context(
    request: HtmxHttpRequest,
    measurement: Measurement,
    *,
    review_form: ReviewForm | None = None,
    evidence_form: EvidenceForm | None = None,
) -> dict[str, Any]:
    user = request.user
    may_change, change_reason = can_change_measurement(user, measurement)
    may_review, review_reason = can_review_measurement(user, measurement)
    country_id = measurement.indicator.benchmark.framework.country_id
    return {
        # Who entered and reviewed a value, and what reviewers said, stays within the team.
        "show_people": has_action(user, country_id, Action.VIEW_INTERNAL),
        "measurement": measurement,
        "indicator": measurement.indicator,
        "framework": measurement.indicator.benchmark.framework,
        "parts": list(measurement.disaggregated_values.all()),
        "evidence": list(measurement.evidence.select_related("added_by")),
        "may_change": may_change,
        # A refusal is explained to those whose role allows the action elsewhere, or later.
        "change_reason": change_reason if has_action(user, country_id, Action.ENTER_DATA) else "",
        "may_review": may_review,
        "review_reason": review_reason if has_action(user, country_id, Action.REVIEW_DATA) else "",
        "review_form": review_form or ReviewForm(),
        "evidence_form": evidence_form or EvidenceForm(),
    }


def _measurement_page(
    request: HtmxHttpRequest,
    measurement: Measurement,
    *,
    fragment: str | None = None,
    status: int = 200,
    **forms: Any,
) -> HttpResponse:
    context = _measurement_context(request, measurement, **forms)
    if fragment == "workflow" and wants_fragment(request):
        # The workflow part, and the evidence part out of band: what may be added changes too.
        response = render(request, "benchmarks/measurement_swap.html", context, status=status)
        patch_vary_headers(response, ["HX-Request"])
        return response
    template = "benchmarks/measurement.html"
    return render_page(request, template, context, fragment=fragment, status=status)


@require_safe
@domain_errors
def measurement(request: HtmxHttpRequest, measurement_id: int) -> HttpResponse:
    """A measurement: its value, parts, evidence, review and the actions the user may take."""
    found = access_measurement_by_id(request.user, measurement_id)
    return _measurement_page(request, found)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def measurement_create(request: HtmxHttpRequest, indicator_id: int) -> HttpResponseBase:
    """Record a draft value of an indicator."""
    user = signed_in(request)
    indicator = access_indicator_by_id(user, indicator_id)
    allowed(can_enter_data(user, indicator))
    form = MeasurementForm(indicator, posted(request))
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user),
        success=_("Draft saved. Submit it for review when it is ready."),
        template="benchmarks/measurement_form.html",
        context={"indicator": indicator, "measurement": None},
    )


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def measurement_edit(request: HtmxHttpRequest, measurement_id: int) -> HttpResponseBase:
    """Change a draft or returned value (its period is fixed)."""
    user = signed_in(request)
    found = access_measurement_by_id(user, measurement_id)
    allowed(can_change_measurement(user, found))
    form = MeasurementForm(found.indicator, posted(request), measurement=found)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=user),
        success=_("Changes saved."),
        template="benchmarks/measurement_form.html",
        context={"indicator": found.indicator, "measurement": found},
    )


def _after_action(request: HtmxHttpRequest, measurement: Measurement) -> HttpResponse:
    """The workflow part again for HTMX, else back to the measurement page."""
    if wants_fragment(request):
        fresh = access_measurement_by_id(request.user, measurement.pk)
        return _measurement_page(request, fresh, fragment="workflow")
    return redirect(measurement)


@login_required
@require_POST
@domain_errors
def measurement_submit(request: HtmxHttpRequest, measurement_id: int) -> HttpResponse:
    """Send a draft or returned value to the reviewers."""
    user = signed_in(request)
    found = access_measurement_by_id(user, measurement_id)
    services.submit_measurement(found, acting_user=user)
    messages.success(request, _("Submitted for review."))
    return _after_action(request, found)


@login_required
@require_POST
@domain_errors
def measurement_approve(request: HtmxHttpRequest, measurement_id: int) -> HttpResponse:
    """Approve a submitted value (never one's own); the comment is optional."""
    user = signed_in(request)
    found = access_measurement_by_id(user, measurement_id)
    allowed(can_review_measurement(user, found))
    form = ReviewForm(request.POST)
    if form.is_valid() and form.approve(found, acting_user=user) is not None:
        messages.success(request, _("Approved: the value now counts towards progress."))
        return _after_action(request, found)
    return _measurement_page(
        request, found, fragment="workflow", status=INVALID_FORM, review_form=form
    )


@login_required
@require_POST
@domain_errors
def measurement_return(request: HtmxHttpRequest, measurement_id: int) -> HttpResponse:
    """Send a submitted value back to its author; the comment says why and is required."""
    user = signed_in(request)
    found = access_measurement_by_id(user, measurement_id)
    allowed(can_review_measurement(user, found))
    form = ReviewForm(request.POST)
    if form.is_valid() and form.send_back(found, acting_user=user) is not None:
        messages.success(request, _("Returned to the author with your comment."))
        return _after_action(request, found)
    return _measurement_page(
        request, found, fragment="workflow", status=INVALID_FORM, review_form=form
    )


@login_required
@require_POST
@domain_errors
def measurement_delete(request: HtmxHttpRequest, measurement_id: int) -> HttpResponse:
    """Delete a draft or returned value, then show its indicator."""
    user = signed_in(request)
    found = access_measurement_by_id(user, measurement_id)
    indicator = found.indicator
    services.delete_measurement(found, acting_user=user)
    messages.success(request, _("The value for %s was deleted.") % found.period)
    return redirect(indicator)


@login_required
@require_POST
@domain_errors
def evidence_add(request: HtmxHttpRequest, measurement_id: int) -> HttpResponse:
    """Attach a link or a file to a draft or returned value."""
    user = signed_in(request)
    found = access_measurement_by_id(user, measurement_id)
    allowed(can_change_measurement(user, found))
    form = EvidenceForm(request.POST, request.FILES)
    if form.is_valid() and form.save(found, acting_user=user) is not None:
        messages.success(request, _("Evidence added."))
        if not wants_fragment(request):
            return redirect(found)
        return _measurement_page(request, found, fragment="evidence")
    return _measurement_page(
        request, found, fragment="evidence", status=INVALID_FORM, evidence_form=form
    )


@require_safe
@domain_errors
def evidence_download(request: HtmxHttpRequest, evidence_id: int) -> HttpResponseBase:
    """An uploaded file, to whoever may see its measurement, always as an attachment."""
    evidence = access_evidence_by_id(request.user, evidence_id)
    if not evidence.file:
        raise Http404  # a link is shown as a link, never redirected to from here
    try:
        handle = evidence.file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=PurePath(evidence.file.name).name,
        content_type=evidence.content_type or "application/octet-stream",
    )
    patch_cache_control(response, private=True, no_store=True)
    return response


@login_required
@require_safe
def review_queue(request: HtmxHttpRequest) -> HttpResponse:
    """Submitted values in the countries the user reviews, oldest submission first."""
    countries = country_ids_with(request.user, Action.REVIEW_DATA)
    queue = measurements_visible_to(request.user).filter(status=MeasurementStatus.SUBMITTED)
    if countries is not None:
        queue = queue.filter(indicator__benchmark__framework__country_id__in=countries)
    queue = queue.select_related("indicator__benchmark__framework__country", "author").order_by(
        "submitted_at", "id"
    )
    page = Paginator(queue, QUEUE_PAGE_SIZE).get_page(request.GET.get("page"))
    context = {"page": page, "reviews_anywhere": countries is None or bool(countries)}
    return render_page(request, "benchmarks/review_queue.html", context)
