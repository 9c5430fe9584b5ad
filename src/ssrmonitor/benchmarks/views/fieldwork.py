"""Import of a period's field submissions (ODK Central, KoboToolbox) into draft values."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.benchmarks.fieldwork import import_period_submissions
from ssrmonitor.benchmarks.permissions import access_framework_by_id, can_enter_period
from ssrmonitor.benchmarks.views.grid import checked_period, grid_url
from ssrmonitor.core.fieldwork import FieldReport, SubmissionProblem
from ssrmonitor.core.fieldwork.web import INVALID, TEMPLATE, upload_page
from ssrmonitor.core.http import HtmxHttpRequest, allowed, domain_errors, render_page, signed_in


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def period_submissions(request: HtmxHttpRequest, framework_id: int) -> HttpResponseBase:
    """The period's XLSForm and the upload of its submissions, saved as draft values."""
    user = signed_in(request)
    framework = access_framework_by_id(user, framework_id)
    allowed(can_enter_period(user, framework))
    raw = request.POST.get("period") or request.GET.get("period")
    period, period_error = checked_period(framework, raw)
    context = {
        "title": _("Field submissions of a period"),
        "back_url": framework.get_absolute_url(),
        "back_label": str(framework),
        "xlsform_url": reverse("benchmarks:period_xlsform", args=[framework.pk]),
        "ask_period": True,
        "period": str(period) if period is not None else raw or "",
        "about": _(
            "One question per indicator entered by hand, named indicator_<id>; the values are "
            "saved as drafts of the period, for review as usual."
        ),
    }
    if period is None:
        context["problems"] = [SubmissionProblem(0, "", "period", period_error)]
        status = INVALID if request.method == "POST" else 200
        return render_page(request, TEMPLATE, context, status=status)

    def run(content: bytes) -> FieldReport:
        return import_period_submissions(
            framework, acting_user=user, period=period, content=content
        )

    return upload_page(request, context, run, grid_url(framework, period))
