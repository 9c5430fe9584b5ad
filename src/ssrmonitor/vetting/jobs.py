"""Vetting's long work, run by ``ssrmonitor worker``: importing a roster, screening a registry
and rotating the data key (see :mod:`ssrmonitor.core.jobs`). An uploaded roster waits for its
job encrypted with the data key, like every other personal datum at rest."""

from __future__ import annotations

import tempfile
from pathlib import Path

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.jobs.context import JobContext
from ssrmonitor.core.jobs.inputs import KeptInput, discard_input, input_path, keep_input
from ssrmonitor.core.jobs.registry import JobKind
from ssrmonitor.core.permissions import Action, Denied
from ssrmonitor.vetting import jobs_chunks
from ssrmonitor.vetting.crypto import decrypt, encrypt
from ssrmonitor.vetting.models import Person, ViolationRecord
from ssrmonitor.vetting.services import keys, registry_files, screening


def screen_registry(ctx: JobContext) -> None:
    """Screen every registered person of the job's country; link the job to the run.

    A roster larger than the chunk size is screened in chunks by several workers
    (:mod:`ssrmonitor.vetting.jobs_chunks`)."""
    country = ctx.country
    if country is None:
        raise Denied(_("A screening needs a country."))
    persons = Person.objects.filter(country=country).count()
    records = ViolationRecord.objects.filter(country=country).count()
    size = jobs_chunks.chunk_size(ctx)
    if size and persons > size:
        # Split by blocking key into chunks run by every worker (issue 18, item 6).
        run = jobs_chunks.screen_in_chunks(ctx, country, size)
    else:
        ctx.progress(
            0,
            persons,
            _("Screening %(persons)d persons against %(records)d records.")
            % {"persons": persons, "records": records},
        )
        run = screening.screen_registry(acting_user=ctx.actor, country=country)
        ctx.progress(run.persons_screened, run.persons_screened, _("Screened."))
    ctx.link_result(
        reverse("vetting:run", args=[country.iso2, run.pk]),
        _("%(probable)d probable and %(possible)d possible matches: see the screening run.")
        % {"probable": run.probable_hits, "possible": run.possible_hits},
    )


ROSTER_CONTEXT = "job-input:roster"


def keep_roster(content: bytes) -> KeptInput:
    """Keep an uploaded roster for its job, encrypted with the data key (it names people)."""
    token = encrypt(content.decode("utf-8-sig", errors="replace"), context=ROSTER_CONTEXT)
    return keep_input([token.encode("ascii")], suffix=".sealed")


def import_roster(ctx: JobContext) -> None:
    """Import the kept roster into the job's country's registry (whole file or nothing)."""
    country = ctx.country
    name = str(ctx.params["input"])
    if country is None:
        raise Denied(_("A roster import needs a country."))
    ctx.progress(0, None, _("Reading the roster."))
    text = decrypt(input_path(name).read_text(encoding="ascii"), context=ROSTER_CONTEXT)
    with tempfile.TemporaryDirectory(prefix="ssrmonitor-roster-") as folder:
        path = Path(folder) / "roster.csv"
        path.write_text(text, encoding="utf-8")
        try:
            summary = registry_files.import_roster(
                path,
                acting_user=ctx.actor,
                country=country,
                file_name=str(ctx.params.get("file_name", "")),
            )
        finally:
            discard_input(name)
    ctx.add_fact(_("Registered"), summary.created)
    ctx.add_fact(_("Updated"), summary.updated)
    ctx.link_result(
        reverse("vetting:persons", args=[country.iso2]), _("See the personnel registry")
    )


def rotate_data_key(ctx: JobContext) -> None:
    """Re-seal every encrypted value under the current key, batch by batch (each committed)."""
    try:
        summary = keys.rotate_data_key(
            acting_user=ctx.actor,
            progress=lambda done, total: ctx.progress(done, total, _("Re-encrypting rows.")),
        )
    except keys.RotationRefused as exc:
        raise ValidationFailed.one(
            "__all__",
            _("%(count)d stored values do not open with the configured keys: nothing changed.")
            % {"count": len(exc.failures)},
        ) from None
    ctx.link_result(
        "",
        _("%(resealed)d values re-encrypted and %(rehashed)d hashes recomputed under key %(key)s.")
        % {"resealed": summary.resealed, "rehashed": summary.rehashed, "key": summary.key_id},
    )


SCREEN_REGISTRY = JobKind(
    name="vetting.screen_registry",
    run=screen_registry,
    action=Action.EDIT_VETTING,
    title=gettext_lazy("Screening of the personnel registry"),
)
IMPORT_ROSTER = JobKind(
    name="vetting.import_roster",
    run=import_roster,
    action=Action.EDIT_VETTING,
    title=gettext_lazy("Import of a roster into the personnel registry"),
)
ROTATE_DATA_KEY = JobKind(
    name="vetting.rotate_data_key",
    run=rotate_data_key,
    action=None,  # checked by the service: the rotation actions in every country
    title=gettext_lazy("Re-encryption of vetting data under the current key"),
)
