"""Recording surveys and consultations (``perceptions.edit``) and importing survey data
(``perceptions.import``) in the object's country."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from ssrmonitor.core.http import (
    HtmxHttpRequest,
    allowed,
    domain_errors,
    form_page,
    form_status,
    posted,
    render_page,
    signed_in,
)
from ssrmonitor.core.jobs.web import start_job
from ssrmonitor.perceptions import forms
from ssrmonitor.perceptions.permissions import (
    LINK_RULES,
    access_consultation_by_id,
    access_country_by_iso2,
    access_recommendation_by_id,
    access_survey_by_id,
    can_edit,
    can_import,
    linkable,
)

FORM = "perceptions/form.html"
GET_POST = require_http_methods(["GET", "POST"])


def _context(title: str, cancel: str, **more: Any) -> dict[str, Any]:
    return {"title": title, "cancel_url": cancel, **more}


@login_required
@GET_POST
@domain_errors
def survey_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Record a survey round of the country."""
    user = signed_in(request)
    country = access_country_by_iso2(user, iso2)
    allowed(can_edit(user, country.pk))
    form = forms.SurveyForm(posted(request))
    return form_page(
        request, form, save=lambda: form.save(acting_user=user, country=country, survey=None),
        success=_("Survey saved."), template=FORM,
        context=_context(_("New survey"), reverse("perceptions:country", args=[country.iso2])),
    )  # fmt: skip


@login_required
@GET_POST
@domain_errors
def survey_edit(request: HtmxHttpRequest, survey_id: int) -> HttpResponseBase:
    """Change a survey's description or design, or publish it."""
    user = signed_in(request)
    found = access_survey_by_id(user, survey_id)
    allowed(can_edit(user, found.country_id))
    form = forms.SurveyForm(posted(request), instance=found)
    return form_page(
        request, form,
        save=lambda: form.save(acting_user=user, country=found.country, survey=found),
        success=_("Survey saved."), template=FORM,
        context=_context(_("Edit survey"), found.get_absolute_url()),
    )  # fmt: skip


@login_required
@GET_POST
@domain_errors
def question_add(request: HtmxHttpRequest, survey_id: int) -> HttpResponseBase:
    """Add a question with its answer categories and the favourable ones."""
    user = signed_in(request)
    found = access_survey_by_id(user, survey_id)
    allowed(can_edit(user, found.country_id))
    form = forms.QuestionForm(posted(request))
    return form_page(
        request, form, save=lambda: form.save(acting_user=user, survey=found),
        success=_("Question saved."), template=FORM,
        context=_context(_("New question"), found.get_absolute_url()),
        to=lambda _saved: redirect(found),
    )  # fmt: skip


@login_required
@GET_POST
@domain_errors
def respondents_import(request: HtmxHttpRequest, survey_id: int) -> HttpResponseBase:
    """Start the import of a respondent-level file as a background job (303 to its page)."""
    user = signed_in(request)
    found = access_survey_by_id(user, survey_id)
    allowed(can_import(user, found.country_id))
    form = forms.RespondentImportForm(posted(request), request.FILES or None)
    if form.is_bound and form.is_valid():
        return start_job(request, lambda: form.submit(acting_user=user, survey=found))
    context = _context(_("Import respondents"), found.get_absolute_url(), multipart=True)
    return render_page(request, FORM, {"form": form, **context}, status=form_status(request))


@login_required
@GET_POST
@domain_errors
def table_import(request: HtmxHttpRequest, survey_id: int) -> HttpResponseBase:
    """Import a published table of estimates (aggregates only)."""
    user = signed_in(request)
    found = access_survey_by_id(user, survey_id)
    allowed(can_import(user, found.country_id))
    form = forms.TableImportForm(posted(request), request.FILES or None)
    return form_page(
        request, form, save=lambda: form.save(acting_user=user, survey=found),
        success=_("Published table imported."), template=FORM,
        context=_context(_("Import a published table"), found.get_absolute_url(), multipart=True),
        to=lambda _saved: redirect(found),
    )  # fmt: skip


@login_required
@GET_POST
@domain_errors
def consultation_create(request: HtmxHttpRequest, iso2: str) -> HttpResponseBase:
    """Record a dialogue, consultation or hearing held in the country."""
    user = signed_in(request)
    country = access_country_by_iso2(user, iso2)
    allowed(can_edit(user, country.pk))
    form = forms.ConsultationForm(posted(request))
    return form_page(
        request, form,
        save=lambda: form.save(acting_user=user, country=country, consultation=None),
        success=_("Consultation saved."), template=FORM,
        context=_context(
            _("New consultation"), reverse("perceptions:consultations", args=[country.iso2])
        ),
    )  # fmt: skip


@login_required
@GET_POST
@domain_errors
def consultation_edit(request: HtmxHttpRequest, consultation_id: int) -> HttpResponseBase:
    """Change a consultation's record, or publish it."""
    user = signed_in(request)
    found = access_consultation_by_id(user, consultation_id)
    allowed(can_edit(user, found.country_id))
    form = forms.ConsultationForm(posted(request), instance=found)
    return form_page(
        request, form,
        save=lambda: form.save(acting_user=user, country=found.country, consultation=found),
        success=_("Consultation saved."), template=FORM,
        context=_context(_("Edit consultation"), found.get_absolute_url()),
    )  # fmt: skip


@login_required
@GET_POST
@domain_errors
def consultation_links(request: HtmxHttpRequest, consultation_id: int) -> HttpResponseBase:
    """Link the consultation to national priorities, benchmarks and transition tasks."""
    user = signed_in(request)
    found = access_consultation_by_id(user, consultation_id)
    allowed(can_edit(user, found.country_id))
    choices = {name: linkable(user, name, found.country_id) for name in LINK_RULES}
    current = {name: list(getattr(found, name).values_list("pk", flat=True)) for name in LINK_RULES}
    form = forms.LinksForm(posted(request), choices=choices, initial_links=current)
    return form_page(
        request, form, save=lambda: form.save(acting_user=user, consultation=found),
        success=_("Links saved."), template=FORM,
        context=_context(_("Links of the consultation"), found.get_absolute_url()),
    )  # fmt: skip


@login_required
@GET_POST
@domain_errors
def recommendation_add(request: HtmxHttpRequest, consultation_id: int) -> HttpResponseBase:
    """Record a recommendation of the consultation."""
    user = signed_in(request)
    found = access_consultation_by_id(user, consultation_id)
    allowed(can_edit(user, found.country_id))
    form = forms.RecommendationForm(posted(request))
    return form_page(
        request, form,
        save=lambda: form.save(acting_user=user, consultation=found, recommendation=None),
        success=_("Recommendation saved."), template=FORM,
        context=_context(_("New recommendation"), found.get_absolute_url()),
        to=lambda _saved: redirect(found),
    )  # fmt: skip


@login_required
@GET_POST
@domain_errors
def recommendation_edit(request: HtmxHttpRequest, recommendation_id: int) -> HttpResponseBase:
    """Record the follow-up of a recommendation."""
    user = signed_in(request)
    found = access_recommendation_by_id(user, recommendation_id)
    consultation = found.consultation
    allowed(can_edit(user, consultation.country_id))
    form = forms.RecommendationForm(posted(request), instance=found)
    return form_page(
        request, form,
        save=lambda: form.save(acting_user=user, consultation=consultation, recommendation=found),
        success=_("Follow-up saved."), template=FORM,
        context=_context(_("Follow-up of a recommendation"), consultation.get_absolute_url()),
        to=lambda _saved: redirect(consultation),
    )  # fmt: skip
