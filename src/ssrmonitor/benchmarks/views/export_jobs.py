"""Starting a large XLSX export of indicator data as a background job."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http.response import HttpResponseBase
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ssrmonitor.benchmarks.jobs import EXPORT_VALUES, export_scope
from ssrmonitor.core.http import HtmxHttpRequest, domain_errors, signed_in
from ssrmonitor.core.jobs.services import submit_job
from ssrmonitor.core.jobs.web import start_job
from ssrmonitor.core.permissions import NotFound

SCOPES = ("country", "framework")


@login_required
@require_POST
@domain_errors
def export_job(request: HtmxHttpRequest, scope: str, key: str) -> HttpResponseBase:
    """Make the XLSX export of a country's or a framework's indicator data in the background."""
    user = signed_in(request)
    if scope not in SCOPES or (scope == "framework" and not key.isdigit()):
        raise NotFound(scope)
    export = export_scope(user, scope, key)  # NotFound when the user may not see it
    return start_job(
        request,
        lambda: submit_job(
            acting_user=user,
            kind=EXPORT_VALUES.name,
            country=export.country,
            work_key=f"{user.pk}:{scope}:{key}",
            params={"scope": scope, "key": key, "lang": get_language() or "en"},
            title=_("Export of the indicator data of %(what)s (XLSX)") % {"what": export.slug},
        ),
    )
