"""Reports' long work, run by ``ssrmonitor worker``: a country report as PDF or Word."""

from __future__ import annotations

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.jobs.context import JobContext
from ssrmonitor.core.jobs.registry import JobKind
from ssrmonitor.core.models import Job
from ssrmonitor.core.sections import Audience
from ssrmonitor.reports import generate
from ssrmonitor.reports.permissions import can_generate_internal


def country_report(ctx: JobContext) -> None:
    """Collect, lay out and render the report the parameters name (checked for the owner)."""
    params = ctx.params
    fmt = generate.checked_format(str(params["format"]))
    lang = generate.checked_lang(str(params["lang"]))
    ctx.progress(0, 3, _("Collecting the approved data."))
    payload = generate.country_payload(
        ctx.actor, str(params["iso2"]), str(params["period"]), str(params["audience"])
    )
    ctx.progress(1, 3, _("Laying out the report."))
    result = generate.rendered(payload, fmt, lang)
    ctx.progress(2, 3, _("Saving the file."))
    ctx.save_result(
        generate.file_name(payload, lang, result.extension), result.content, result.content_type
    )


def may_fetch_report(user: Viewer, job: Job) -> bool:
    """A public report stays the owner's to fetch; an internal one while they may generate it."""
    if job.params.get("audience") == Audience.PUBLIC:
        return True
    return job.country is not None and can_generate_internal(user, job.country)


COUNTRY_REPORT = JobKind(
    name="reports.country_report",
    run=country_report,
    action=None,  # the payload is collected for the owner, through the permission layer
    title=gettext_lazy("Country report"),
    may_fetch_result=may_fetch_report,
)
