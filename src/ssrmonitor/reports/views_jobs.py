"""Starting a country report as a background job (PDF and Word take seconds to minutes)."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, signed_in
from ssrmonitor.core.jobs.services import submit_job
from ssrmonitor.core.jobs.web import start_job
from ssrmonitor.reports import generate
from ssrmonitor.reports.jobs import COUNTRY_REPORT
from ssrmonitor.reports.permissions import access_country_report
from ssrmonitor.reports.views import bad_input


@login_required
@require_POST
@domain_errors
@bad_input
def report_job(request: HtmxHttpRequest, iso2: str, fmt: str) -> HttpResponseBase:
    """Generate the report of the posted period, language and audience as ``pdf`` or ``docx``
    in the background; go to the job's page, whose result is the file."""
    user = signed_in(request)
    audience = generate.checked_audience(request.POST.get("audience", "internal"))
    period = generate.parse_period(request.POST.get("period", ""))
    lang = generate.checked_lang(request.POST.get("lang", "en"))
    fmt = generate.checked_format(fmt)
    place = access_country_report(user, iso2, audience)
    params = {
        "iso2": place.iso2,
        "period": str(period),
        "audience": audience,
        "lang": lang,
        "format": fmt,
    }
    return start_job(
        request,
        lambda: submit_job(
            acting_user=user,
            kind=COUNTRY_REPORT.name,
            country=place,
            work_key=f"{user.pk}:{place.iso2}:{period}:{audience}:{lang}:{fmt}",
            params=params,
            title=_("Report on %(country)s, %(period)s (%(format)s, %(lang)s)")
            % {
                "country": place.display_name,
                "period": period,
                "format": fmt.upper(),
                "lang": lang,
            },
        ),
    )
