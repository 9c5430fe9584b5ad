"""A registry screening split into chunks that several workers run (issue 18, item 6).

The screening job (``vetting.screen_registry``) of a roster larger than
``SSRMONITOR_SCREENING_CHUNK_SIZE`` persons plans the chunks, submits one job
(``vetting.screen_registry_chunk``) per chunk — any worker takes them — and follows them: its
progress is the chunks done. Meanwhile it screens waiting chunks itself, from the last one (the
other workers take the chunk jobs from the first), so that its own worker is not idle and one
worker alone also finishes. When every chunk is done it merges them into one run
(:func:`ssrmonitor.vetting.services.screening_chunks.merge_screening`). A chunk whose job
fails — an error, or a worker lost twice (the jobs framework queues a lost job again once) —
fails the screening with that reason, and nothing is written. A screening job run again after
its own worker died resumes its batch.
"""

from __future__ import annotations

import time
import uuid

from django.conf import settings
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.jobs.context import JobCancelled, JobContext
from ssrmonitor.core.jobs.registry import JobKind
from ssrmonitor.core.jobs.services import JobAlreadyRunning, submit_job
from ssrmonitor.core.models import Country, Job, JobState
from ssrmonitor.core.permissions import Action, Denied, NotFound
from ssrmonitor.vetting.models import ScreeningBatch, ScreeningChunk, ScreeningRun
from ssrmonitor.vetting.services import screening_chunks as chunks

POLL = 0.5  # seconds between two looks at the chunks
CHUNK_KIND = "vetting.screen_registry_chunk"


def chunk_size(ctx: JobContext) -> int:
    """Persons per chunk: the job's ``chunk_size`` parameter, else the setting (0: no split)."""
    value = ctx.params.get("chunk_size", settings.SSRMONITOR_SCREENING_CHUNK_SIZE)
    return max(0, int(value or 0))


def screen_in_chunks(ctx: JobContext, country: Country, size: int) -> ScreeningRun:
    """Plan, submit and follow the chunks, then merge them (see the module)."""
    batch = chunks.plan_screening(
        acting_user=ctx.actor, country=country, job_id=ctx.job.pk, chunk_size=size
    )
    if batch.state == ScreeningBatch.State.FAILED:
        raise ValidationFailed.one("__all__", batch.error)
    try:
        if batch.state == ScreeningBatch.State.RUNNING:
            _submit(ctx, batch)
            _follow(ctx, batch)
        return chunks.merge_screening(acting_user=ctx.actor, batch=batch)
    except JobCancelled:
        raise  # taken from this worker: the job's next attempt resumes the batch
    except (ValidationFailed, Denied, NotFound) as exc:
        chunks.fail_screening(acting_user=ctx.actor, batch=batch, reason=_reason(exc))
        raise
    except Exception:
        chunks.fail_screening(
            acting_user=ctx.actor,
            batch=batch,
            reason=_("An unexpected error stopped the screening (reference %(id)s).")
            % {"id": ctx.job.pk},
        )
        raise


def _reason(exc: ValidationFailed | Denied | NotFound) -> str:
    if isinstance(exc, ValidationFailed):
        return "; ".join(error.reason for error in exc.errors)
    if isinstance(exc, Denied):
        return str(exc.reason)
    return _("What this job works on no longer exists or is no longer yours.")


def _title(country: Country, chunk: ScreeningChunk, total: int) -> str:
    return _("Screening of the registry of %(country)s, part %(n)d of %(total)d") % {
        "country": country.name,
        "n": chunk.index + 1,
        "total": total,
    }


def _submit(ctx: JobContext, batch: ScreeningBatch) -> None:
    """One job per chunk not submitted yet (all of them, unless this is a resumed job)."""
    country = batch.country
    for chunk in batch.chunks.defer("hits").filter(job_id__isnull=True):
        try:
            job = submit_job(
                acting_user=ctx.actor,
                kind=CHUNK_KIND,
                country=country,
                work_key=f"{batch.pk}:{chunk.index}",
                params={"chunk": chunk.pk},
                title=_title(country, chunk, batch.chunk_count),
            )
        except JobAlreadyRunning as exc:
            job = exc.job
        chunks.record_submission(chunk, job.pk)
        if job.state == JobState.FAILED:
            return  # already run and failed (the immediate queue): no use queueing the others


def _follow(ctx: JobContext, batch: ScreeningBatch) -> None:
    """Screen waiting chunks here and wait for the others; report the chunks done."""
    total = batch.chunk_count
    while True:
        rows = list(batch.chunks.defer("hits").order_by("index"))
        done = sum(1 for row in rows if row.state == ScreeningChunk.State.DONE)
        ctx.progress(
            done,
            total,
            _("%(done)d of %(total)d parts of the roster screened.")
            % {"done": done, "total": total},
        )
        if done == total:
            return
        reason = _failed(rows, total)
        if reason:
            raise ValidationFailed.one("__all__", reason)
        neglected = _neglected(rows, ctx.job.pk)
        if neglected is not None:
            row, holder = neglected
            taken = chunks.claim_chunk(row.pk, ctx.job.pk, ctx.job.worker_id, from_job=holder)
            if taken is not None:
                chunks.screen_chunk(acting_user=ctx.actor, chunk=taken, job_id=ctx.job.pk)
                continue
        time.sleep(POLL)


def _failed(rows: list[ScreeningChunk], total: int) -> str:
    """Why the screening cannot finish: a chunk held by a job that has failed."""
    holders = {row.taken_by_job: row for row in rows if row.state == ScreeningChunk.State.RUNNING}
    if not holders:
        return ""
    failed = (
        Job.objects.filter(pk__in=list(holders), state=JobState.FAILED)
        .order_by("finished_at")
        .first()
    )
    if failed is None:
        return ""
    row = holders[failed.pk]
    return _("Part %(n)d of %(total)d failed: %(error)s") % {
        "n": row.index + 1,
        "total": total,
        "error": failed.error,
    }


def _neglected(
    rows: list[ScreeningChunk], mine: uuid.UUID
) -> tuple[ScreeningChunk, uuid.UUID | None] | None:
    """A chunk the screening job ``mine`` screens itself, and the job it takes it from (if any).

    A chunk it had taken before its own worker died; a waiting chunk, the last one (the workers
    take the chunk jobs from the first), so that its own worker is not idle and one worker alone
    also finishes; else a chunk whose job lost its worker and waits on the queue again (its
    worker may have been the only other one). A chunk job that finds its chunk taken ends at
    once."""
    holders = {row.taken_by_job: row for row in rows if row.state == ScreeningChunk.State.RUNNING}
    if mine in holders:
        return holders[mine], None
    waiting = [row for row in rows if row.state == ScreeningChunk.State.PENDING]
    if waiting:
        return waiting[-1], None
    requeued = Job.objects.filter(pk__in=list(holders), state=JobState.QUEUED)
    for pk in requeued.values_list("pk", flat=True)[:1]:
        return holders[pk], pk
    return None


def screen_registry_chunk(ctx: JobContext) -> None:
    """Screen one chunk of a split screening (the job's ``chunk`` parameter)."""
    country = ctx.country
    if country is None:
        raise Denied(_("A screening needs a country."))
    chunk_id = int(ctx.params["chunk"])
    if not ScreeningChunk.objects.filter(pk=chunk_id, batch__country=country).exists():
        raise NotFound
    chunk = chunks.claim_chunk(chunk_id, ctx.job.pk, ctx.job.worker_id)
    if chunk is None:
        ctx.link_result("", _("This part was screened by another worker, or its screening ended."))
        return
    persons = len(chunk.person_ids)
    ctx.progress(
        0,
        persons,
        _("Screening %(persons)d persons (part %(n)d of %(total)d).")
        % {"persons": persons, "n": chunk.index + 1, "total": chunk.batch.chunk_count},
    )
    chunk = chunks.screen_chunk(acting_user=ctx.actor, chunk=chunk, job_id=ctx.job.pk)
    ctx.progress(persons, persons, _("Screened."))
    ctx.add_fact(_("Persons screened"), persons)
    ctx.add_fact(_("Candidate pairs kept"), chunk.hit_count)
    ctx.link_result(
        reverse("vetting:runs", args=[country.iso2]),
        _("Part %(n)d of %(total)d screened; the run is written when every part is done.")
        % {"n": chunk.index + 1, "total": chunk.batch.chunk_count},
    )


SCREEN_REGISTRY_CHUNK = JobKind(
    name=CHUNK_KIND,
    run=screen_registry_chunk,
    action=Action.EDIT_VETTING,
    title=gettext_lazy("Part of a screening of the personnel registry"),
)
