"""Benchmarks' long work, run by ``ssrmonitor worker``: a large XLSX export of indicator data.

A CSV export is streamed as it is read and needs no job; an XLSX workbook is built whole before
it is sent, so beyond :data:`~ssrmonitor.benchmarks.exports.INLINE_ROWS` values it is made in
the background.
"""

from __future__ import annotations

from django.conf import settings
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssrmonitor.benchmarks.exports import (
    ExportScope,
    country_scope,
    framework_scope,
    xlsx_bytes,
)
from ssrmonitor.benchmarks.permissions import can_export_internal
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.exports import XLSX_TYPE
from ssrmonitor.core.jobs.context import JobContext
from ssrmonitor.core.jobs.registry import JobKind
from ssrmonitor.core.models import Job


def export_scope(user: Viewer, scope: str, key: str) -> ExportScope:
    """The export ``scope`` (``country`` with an ISO code, ``framework`` with an id)."""
    if scope == "framework":
        return framework_scope(user, int(key))
    return country_scope(user, key)


def _language(code: object) -> str:
    """The language the export was asked in (jobs made before it was kept: the default)."""
    known = {language for language, _name in settings.LANGUAGES}
    return str(code) if code in known else settings.LANGUAGE_CODE


def export_values(ctx: JobContext) -> None:
    """Build the workbook of the parameters' scope, as its owner may see it."""
    scope = export_scope(ctx.actor, str(ctx.params["scope"]), str(ctx.params["key"]))
    rows = scope.measurements.count()
    ctx.progress(0, rows, _("Writing %(rows)d values.") % {"rows": rows})
    now = timezone.now()
    ctx.job.params = {**ctx.job.params, "internal": scope.internal}
    with translation.override(_language(ctx.params.get("lang"))):  # the requester's language
        content = xlsx_bytes(scope, now)
    ctx.save_result(f"ssrmonitor-{scope.slug}-{now:%Y%m%d-%H%M}.xlsx", content, XLSX_TYPE)
    ctx.add_fact(_("Values"), rows)


def may_fetch_export(user: Viewer, job: Job) -> bool:
    """An internal export stays the owner's to fetch while they may export internal data."""
    if not job.params.get("internal"):
        return True
    return job.country_id is not None and can_export_internal(user, job.country_id)


EXPORT_VALUES = JobKind(
    name="benchmarks.export_values",
    run=export_values,
    action=None,  # the export holds what its owner may see, through the permission layer
    title=gettext_lazy("Export of indicator data (XLSX)"),
    may_fetch_result=may_fetch_export,
)
