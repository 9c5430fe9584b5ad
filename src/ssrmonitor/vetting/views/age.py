"""Pages of age assessment at recruitment (vetting and child protection officers).

The list shows pseudonymous rows (``age assessment #12``, outcome, dates): names appear only on
an assessment's own page, whose opening is audited
(:func:`~ssrmonitor.vetting.permissions.access_assessment_by_id`). The page shows what the
rules compute from the evidence and which rule decides, before an officer records it.
"""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import URLPattern, URLResolver, path
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from ssrmonitor.core.http import (
    INVALID_FORM,
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    posted,
    render_page,
    signed_in,
)
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, access_country_by_iso2, country_ids_with
from ssrmonitor.vetting.age import RULE_TEXT, Rule
from ssrmonitor.vetting.forms_age import (
    DecideForm,
    EvidenceForm,
    ResolveForm,
    StartAssessmentForm,
)
from ssrmonitor.vetting.models import AgeAssessment, AgeOutcome
from ssrmonitor.vetting.permissions import (
    access_assessment_by_id,
    assessments_visible_to,
    can_assess_age,
    can_resolve_referral,
)
from ssrmonitor.vetting.services import age as services

RESOLUTION_TEXT = {
    services.RESOLVED_ELIGIBLE: gettext_lazy(
        "Resolved by a child protection officer: documentary evidence shows 18 or more."
    ),
    services.RESOLVED_CHILD: gettext_lazy(
        "Resolved by a child protection officer: treated as a child, referred to services."
    ),
}


def rule_text(code: str) -> str:
    """The sentence that explains a stored ``outcome_reason``."""
    if code in Rule.__members__.values():
        return str(RULE_TEXT[Rule(code)])
    return str(RESOLUTION_TEXT.get(code, code))


@login_required
@require_safe
def age_list(request: HtmxHttpRequest) -> HttpResponse:
    """Age assessments the user may see (pseudonymous rows) and where they may start one."""
    rows = (
        assessments_visible_to(request.user)
        .select_related("country")
        .order_by("-created_at", "-pk")[:500]
    )
    ids = country_ids_with(request.user, Action.ASSESS_AGE) or set()
    countries = Country.objects.filter(pk__in=ids).order_by("name")
    context = {"assessments": rows, "countries": countries, "outcomes": AgeOutcome}
    return render_page(request, "vetting/age_list.html", context)


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def age_new(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Open the age assessment of a candidate."""
    country = access_country_by_iso2(iso2)
    allowed(can_assess_age(request.user, country.pk))
    form = StartAssessmentForm(posted(request), country=country)
    return form_page(
        request,
        form,
        save=lambda: form.save(acting_user=signed_in(request)),
        success=_("Assessment opened. Record the evidence."),
        template="vetting/age_new.html",
        context={"country": country},
        to=lambda created: redirect("vetting:age_detail", created.pk),
    )


def _detail(
    request: HtmxHttpRequest,
    assessment: AgeAssessment,
    *,
    evidence_form: EvidenceForm | None = None,
    decide_form: DecideForm | None = None,
    resolve_form: ResolveForm | None = None,
    status: int = 200,
) -> HttpResponse:
    computed = services.compute(assessment)
    open_for_evidence = assessment.outcome in services.OPEN_FOR_EVIDENCE
    may_resolve = can_resolve_referral(request.user, assessment.country_id)[0]
    context: dict[str, Any] = {
        "assessment": assessment,
        "evidence": assessment.evidence.order_by("recorded_at", "pk"),
        "computed": computed,
        "computed_text": rule_text(str(computed.rule)),
        "recorded_text": rule_text(assessment.outcome_reason),
        "pending": assessment.outcome == AgeOutcome.PENDING,
        "referred": assessment.outcome == AgeOutcome.REFERRED,
        "may_add_evidence": open_for_evidence
        and (assessment.outcome == AgeOutcome.PENDING or may_resolve),
        "may_resolve": may_resolve,
        "evidence_form": evidence_form or EvidenceForm(assessment=assessment),
        "decide_form": decide_form or DecideForm(),
        "resolve_form": resolve_form or ResolveForm(),
    }
    return render_page(request, "vetting/age_detail.html", context, status=status)


@login_required
@require_safe
@domain_errors
def age_detail(request: HtmxHttpRequest, assessment_id: int) -> HttpResponse:
    """One assessment: candidate, evidence, the computed assessment and the decision."""
    return _detail(request, access_assessment_by_id(request.user, assessment_id))


@login_required
@require_POST
@domain_errors
def age_evidence(request: HtmxHttpRequest, assessment_id: int) -> HttpResponse:
    """Add an evidence item."""
    assessment = access_assessment_by_id(request.user, assessment_id)
    allowed(can_assess_age(request.user, assessment.country_id))
    form = EvidenceForm(request.POST, assessment=assessment)
    if form.is_valid() and form.save(acting_user=signed_in(request)) is not None:
        messages.success(request, _("Evidence recorded."))
        return redirect("vetting:age_detail", assessment.pk)
    return _detail(request, assessment, evidence_form=form, status=INVALID_FORM)


@login_required
@require_POST
@domain_errors
def age_decide(request: HtmxHttpRequest, assessment_id: int) -> HttpResponse:
    """Record the decision the rules compute."""
    assessment = access_assessment_by_id(request.user, assessment_id)
    allowed(can_assess_age(request.user, assessment.country_id))
    form = DecideForm(request.POST)
    if form.is_valid() and form.save(acting_user=signed_in(request), assessment=assessment):
        messages.success(request, _("Decision recorded."))
        return redirect("vetting:age_detail", assessment.pk)
    return _detail(request, assessment, decide_form=form, status=INVALID_FORM)


@login_required
@require_POST
@domain_errors
def age_resolve(request: HtmxHttpRequest, assessment_id: int) -> HttpResponse:
    """A child protection officer resolves a referral."""
    assessment = access_assessment_by_id(request.user, assessment_id)
    allowed(can_resolve_referral(request.user, assessment.country_id))
    form = ResolveForm(request.POST)
    if form.is_valid() and form.save(acting_user=signed_in(request), assessment=assessment):
        messages.success(request, _("Referral resolved."))
        return redirect("vetting:age_detail", assessment.pk)
    return _detail(request, assessment, resolve_form=form, status=INVALID_FORM)


urlpatterns: list[URLPattern | URLResolver] = [
    path("age/", age_list, name="age_list"),
    path("age/<str:iso2>/new/", age_new, name="age_new"),
    path("age/<int:assessment_id>/", age_detail, name="age_detail"),
    path("age/<int:assessment_id>/evidence/", age_evidence, name="age_evidence"),
    path("age/<int:assessment_id>/decide/", age_decide, name="age_decide"),
    path("age/<int:assessment_id>/resolve/", age_resolve, name="age_resolve"),
]
