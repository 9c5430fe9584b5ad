"""A survey's questionnaire for field collection: its XLSForm and its submissions."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ssrmonitor.core.fieldwork import FieldReport
from ssrmonitor.core.fieldwork.web import upload_page, xlsform_download
from ssrmonitor.core.http import HtmxHttpRequest, allowed, domain_errors, signed_in
from ssrmonitor.perceptions.fieldwork import import_survey_submissions, questionnaire_form
from ssrmonitor.perceptions.permissions import access_survey_by_id, can_edit, can_import


@login_required
@require_safe
@domain_errors
def survey_xlsform(request: HtmxHttpRequest, survey_id: int) -> HttpResponseBase:
    """The XLSForm of the survey's questionnaire (built by pyxform before it is sent)."""
    user = signed_in(request)
    found = access_survey_by_id(user, survey_id)
    allowed(can_edit(user, found.country_id))
    return xlsform_download(lambda: questionnaire_form(found), f"xlsform-survey-{found.pk}.xlsx")


@login_required
@require_http_methods(["GET", "POST"])
@domain_errors
def survey_submissions(request: HtmxHttpRequest, survey_id: int) -> HttpResponseBase:
    """Upload the submissions of the questionnaire: each one a respondent of the survey."""
    user = signed_in(request)
    found = access_survey_by_id(user, survey_id)
    allowed(can_import(user, found.country_id))
    context = {
        "title": _("Field submissions of a survey"),
        "back_url": found.get_absolute_url(),
        "back_label": found.name,
        "xlsform_url": reverse("perceptions:survey_xlsform", args=[found.pk]),
        "about": _(
            "Each submission is one respondent, counted once (no weight); the estimates are "
            "recomputed after the import."
        ),
    }

    def run(content: bytes) -> FieldReport:
        return import_survey_submissions(found, acting_user=user, content=content)

    return upload_page(request, context, run, found.get_absolute_url())
