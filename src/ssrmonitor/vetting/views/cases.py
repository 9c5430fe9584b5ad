"""Vetting pages: the case queue, a case with its explanation, and one form per next step.

Under ``/vetting/<iso2>/cases/``. Each step form posts to its own URL and calls its service
(:mod:`ssrmonitor.vetting.services.cases`); a step the user may not take answers 403 with the
reason (the four-eyes rule among others), refused input re-shows the case with the errors
(422). Opening a case is an audited read.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    domain_errors,
    render_page,
    signed_in,
)
from ssrmonitor.vetting.forms_cases import STEP_FORMS, CaseFilterForm, StepForm
from ssrmonitor.vetting.models import Case
from ssrmonitor.vetting.permissions import (
    access_case_by_id,
    access_vetting_country,
    can_confirm_decision,
    can_decide_appeal,
    check_country,
)
from ssrmonitor.vetting.services import case_queue
from ssrmonitor.vetting.views.common import PERSONAL, page_of


@login_required
@require_safe
@domain_errors
def case_list(request: HtmxHttpRequest, iso2: str) -> HttpResponse:
    """The case queue: earliest deadline first; passed deadlines are highlighted."""
    user = request.user
    country = access_vetting_country(user, iso2, PERSONAL)
    form = CaseFilterForm(request.GET)
    data = form.selected()
    rows = case_queue.case_queue(
        user,
        country,
        status=data.get("status") or None,
        band=data.get("band") or None,
        overdue=True if data.get("overdue") else None,
    )
    page = page_of(request, rows)
    today = timezone.localdate()
    context = {
        "country": country,
        "form": form,
        "page": page,
        "rows": [(case, case_queue.is_overdue(case, today)) for case in page.object_list],
    }
    return render_page(request, "vetting/case_list.html", context)


def _case(request: HtmxHttpRequest, iso2: str, case_id: int) -> Case:
    country = access_vetting_country(request.user, iso2, PERSONAL)
    case = access_case_by_id(request.user, case_id)
    check_country(case, country)
    return case


def _auto_id(step: str) -> str:
    """Distinct element ids for the several step forms of one page."""
    return f"id_{step}_%s"


def _step_forms(user: Viewer, case: Case, bound: StepForm | None = None) -> list[StepForm]:
    forms = []
    for step in case_queue.next_steps(user, case):
        if bound is not None and bound.step == step:
            forms.append(bound)
        else:
            today = timezone.localdate()
            initial = {"notified_on": today, "received_on": today, "lodged_on": today}
            forms.append(STEP_FORMS[step](initial=initial, auto_id=_auto_id(step)))
    return forms


def _render_case(
    request: HtmxHttpRequest, case: Case, bound: StepForm | None = None, status: int = 200
) -> HttpResponse:
    user = request.user
    steps = case.steps.select_related("actor").order_by("at", "pk")
    context = {
        "country": case.country,
        "case": case,
        "person": case.person,
        "record": case.record,
        "explanation": case.explanation or [],
        "steps": steps,
        "overdue": case_queue.is_overdue(case),
        "step_forms": _step_forms(user, case, bound),
        "waiting_reason": _waiting(user, case),
    }
    return render_page(request, "vetting/case_detail.html", context, status=status)


def _waiting(user: Viewer, case: Case) -> str:
    """Why the user has no step to take now (shown instead of forms)."""
    if case_queue.next_steps(user, case):
        return ""
    if case.status == "decision_proposed":
        return can_confirm_decision(user, case)[1]
    if case.status == "appealed":
        return can_decide_appeal(user, case)[1]
    if case.status in ("final", "not_the_person"):
        return _("The case is closed.")
    return _("The next step is for another role.")


@login_required
@require_safe
@domain_errors
def case_detail(request: HtmxHttpRequest, iso2: str, case_id: int) -> HttpResponse:
    """A case: the hit explained field by field, the steps so far, the next steps' forms."""
    return _render_case(request, _case(request, iso2, case_id))


@login_required
@require_POST
@domain_errors
def case_step(request: HtmxHttpRequest, iso2: str, case_id: int, step: str) -> HttpResponse:
    """Take one step of the workflow (the service checks who may, and when)."""
    form_class = STEP_FORMS.get(step)
    if form_class is None:
        raise Http404
    case = _case(request, iso2, case_id)
    form = form_class(request.POST, auto_id=_auto_id(step))
    if form.is_valid() and form.save(case, acting_user=signed_in(request)) is not None:
        messages.success(request, _("Step recorded."))
        return redirect("vetting:case", case.country.iso2, case.pk)
    return _render_case(request, case, bound=form, status=INVALID_FORM)


urlpatterns: list[URLPattern | URLResolver] = [
    path("<iso2:iso2>/cases/", case_list, name="cases"),
    path("<iso2:iso2>/cases/<int:case_id>/", case_detail, name="case"),
    path("<iso2:iso2>/cases/<int:case_id>/<slug:step>/", case_step, name="case_step"),
]
