"""International support's long work, run by ``ssrmonitor worker``: importing an uploaded IATI
file (see :mod:`ssrmonitor.core.jobs`)."""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.jobs.context import JobContext
from ssrmonitor.core.jobs.inputs import discard_input, input_path
from ssrmonitor.core.jobs.registry import JobKind
from ssrmonitor.core.permissions import Action
from ssrmonitor.support.iati.errors import ImportAbort, RecordError
from ssrmonitor.support.services.imports import import_iati_file


def import_iati_upload(ctx: JobContext) -> None:
    """Import the kept upload ``params["input"]`` for the job's country, in one transaction."""
    name = str(ctx.params["input"])
    size = int(ctx.params.get("size", 0)) or None
    ctx.progress(0, size, _("Reading the file."))
    try:
        summary = import_iati_file(
            input_path(name),
            acting_user=ctx.actor,
            keep_all=bool(ctx.params.get("keep_all")),
            country=ctx.country,
            display_name=str(ctx.params.get("display_name", "")),
            progress=lambda read: ctx.progress(read, size, _("Reading the file.")),
        )
    except (RecordError, ImportAbort) as exc:
        discard_input(name)
        raise ValidationFailed.one("file", str(exc)) from None
    discard_input(name)
    for label, value in (
        (_("Activities seen"), summary.seen),
        (_("Kept"), summary.kept),
        (_("Created"), summary.created),
        (_("Updated"), summary.updated),
        (_("Unchanged"), summary.unchanged),
        (_("Skipped"), summary.skipped),
        (_("Warnings"), summary.warning_count),
    ):
        ctx.add_fact(label, value)
    ctx.add_notes(summary.warnings)
    if ctx.country is not None:
        ctx.link_result(
            reverse("support:country", args=[ctx.country.iso2]),
            _("See the support to %(country)s") % {"country": ctx.country.display_name},
        )


IMPORT_IATI = JobKind(
    name="support.import_iati",
    run=import_iati_upload,
    action=Action.IMPORT_SUPPORT,
    title=gettext_lazy("Import of an IATI file"),
)
