"""Screening the registry in chunks, on several workers, merged into one run (issue 18, item 6).

The engine's batch run is ``Screener.calibrate(Screener.screen_chunk(roster, stats), roster,
stats)``, and ``screen_chunk`` is a pure function of its persons, the records and the whole
roster's frequencies (``stats``): a roster cut into chunks gives, once the chunks' scored pairs
are put back in the registry's order and calibrated together, exactly the hits of one run.

1. :func:`plan_screening` cuts the roster by blocking key (persons sharing a name token go to
   the same chunk, so that a worker meets the same candidate records again) into chunks of about
   ``chunk_size`` persons, and records the registry's fingerprint.
2. :func:`screen_chunk` (run by one job per chunk, on any worker) scores a chunk's candidate
   pairs and keeps them, encrypted with the data key, on the chunk.
3. :func:`merge_screening`, when every chunk is done, fits the run's model on all the pairs,
   bands them and writes one screening run with its cases, in one transaction.

A chunk screened after the persons, the records or their thresholds changed is refused, and
:func:`fail_screening` ends the batch with the reason: no run and no case is written, and the
chunks' pairs are erased. Job orchestration: :mod:`ssrmonitor.vetting.jobs_chunks`.
"""

from __future__ import annotations

import hashlib
import threading
import time
import uuid
from collections.abc import Sequence
from dataclasses import dataclass, fields
from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country, Job
from ssrmonitor.core.models.jobs import ACTIVE_STATES
from ssrmonitor.vetting.entries import person_entry
from ssrmonitor.vetting.matching import Band as HitBand
from ssrmonitor.vetting.matching import Evidence, Hit, Screener, Thresholds
from ssrmonitor.vetting.matching.entry import Prepared, prepare
from ssrmonitor.vetting.matching.score import TokenStats
from ssrmonitor.vetting.models import (
    Person,
    ScreeningBatch,
    ScreeningChunk,
    ScreeningRun,
    ViolationRecord,
)
from ssrmonitor.vetting.services.registry import require_edit
from ssrmonitor.vetting.services.screening import (
    _counted,
    _start_run,
    open_cases,
    screener_for,
    thresholds_for,
)


class RegistryChanged(ValidationFailed):
    """The persons, the records or the thresholds changed since the screening was planned."""

    @classmethod
    def now(cls) -> RegistryChanged:
        reason = _(
            "The personnel registry or the records changed while the screening ran in "
            "parts; nothing was saved. Start the screening again."
        )
        return cls([FieldError("__all__", reason)])


# --- the roster, as every chunk and the merge see it ---------------------------------------


@dataclass(frozen=True)
class Roster:
    """The registry as screened: the records' engine, the persons in registry order (row id),
    their whole-roster frequencies, and the fingerprint of what was read."""

    screener: Screener
    prepared: list[Prepared]
    stats: TokenStats
    position: dict[str, int]
    fingerprint: str


_rosters: dict[int, Roster] = {}
_rosters_lock = threading.Lock()


def fingerprint(country: Country, thresholds: Thresholds) -> str:
    """A digest of every person's and record's (row id, last change) and of the thresholds."""
    digest = hashlib.sha256(f"{thresholds.probable!r}|{thresholds.possible!r}".encode())
    for model in (Person, ViolationRecord):
        digest.update(f"|{model._meta.label_lower}|".encode())
        rows = model.objects.filter(country=country).order_by("pk")
        for pk, changed in rows.values_list("pk", "updated_at").iterator(chunk_size=5000):
            digest.update(f"{pk}:{changed.isoformat() if changed else ''};".encode())
    return digest.hexdigest()


def load_roster(country: Country, thresholds: Thresholds) -> Roster:
    """The roster of ``country`` as the engine screens it (cached per process while unchanged).

    Raises:
        RegistryChanged: the persons or records changed while they were being read.
    """
    before = fingerprint(country, thresholds)
    with _rosters_lock:
        cached = _rosters.get(country.pk)
    screener = screener_for(country, thresholds)
    if cached is not None and cached.fingerprint == before and cached.screener is screener:
        return cached
    persons = Person.objects.filter(country=country).order_by("pk").iterator(chunk_size=2000)
    prepared = [prepare(person_entry(person)) for person in persons]
    if fingerprint(country, thresholds) != before:
        raise RegistryChanged.now()
    roster = Roster(
        screener=screener,
        prepared=prepared,
        stats=screener.roster_stats(prepared),
        position={p.entry.id: i for i, p in enumerate(prepared)},
        fingerprint=before,
    )
    with _rosters_lock:
        _rosters.clear()  # one roster per process at a time: a registry can be large
        _rosters[country.pk] = roster
    return roster


def forget_rosters() -> None:
    """Empty the per-process cache (tests)."""
    with _rosters_lock:
        _rosters.clear()


def blocking_key(person: Prepared) -> str:
    """The chunk key of a person: the alphabetically first token of their first name."""
    return min(person.names[0]) if person.names and person.names[0] else ""


def split(prepared: Sequence[Prepared], chunk_size: int) -> list[list[int]]:
    """Person row ids by chunk: persons sorted by blocking key, cut every ``chunk_size`` persons
    at a change of key (a key shared by more persons makes one larger chunk); within a chunk, in
    registry order."""
    keyed = sorted((blocking_key(p), i) for i, p in enumerate(prepared))
    chunks: list[list[int]] = []
    current: list[int] = []
    last: str | None = None
    for key, i in keyed:
        if len(current) >= chunk_size and key != last:
            chunks.append(sorted(current))
            current = []
        current.append(i)
        last = key
    if current:
        chunks.append(sorted(current))
    return [[int(prepared[i].entry.id) for i in chunk] for chunk in chunks]


# --- the scored pairs, as kept between a chunk and the merge --------------------------------


def hits_json(hits: Sequence[Hit]) -> list[dict[str, Any]]:
    """The hits as JSON, every field kept (floats round-trip exactly)."""
    out = []
    for hit in hits:
        item: dict[str, Any] = {f.name: getattr(hit, f.name) for f in fields(hit)}
        item["band"] = str(hit.band)
        item["evidence"] = [{f.name: getattr(e, f.name) for f in fields(e)} for e in hit.evidence]
        out.append(item)
    return out


def hits_from_json(items: Sequence[dict[str, Any]]) -> list[Hit]:
    hits = []
    for item in items:
        values = dict(item)
        values["band"] = HitBand(values["band"])
        values["evidence"] = tuple(Evidence(**e) for e in values["evidence"])
        hits.append(Hit(**values))
    return hits


# --- planning -------------------------------------------------------------------------------


def plan_screening(
    *, acting_user: Actor, country: Country, job_id: uuid.UUID, chunk_size: int
) -> ScreeningBatch:
    """Cut the registry of ``country`` into chunks for the job ``job_id`` (or return the plan
    that job already made: a job run again after its worker died resumes its batch)."""
    require_edit(acting_user, country)
    existing = ScreeningBatch.objects.filter(job_id=job_id).first()
    if existing is not None:
        return existing
    _end_abandoned(acting_user, country)
    thresholds = thresholds_for(country)
    roster = load_roster(country, thresholds)
    parts = split(roster.prepared, max(1, chunk_size))
    with transaction.atomic():
        batch = ScreeningBatch.objects.create(
            job_id=job_id,
            country=country,
            fingerprint=roster.fingerprint,
            probable_threshold=thresholds.probable,
            possible_threshold=thresholds.possible,
            persons=len(roster.prepared),
            records=len(roster.screener.records),
            chunk_count=len(parts),
        )
        ScreeningChunk.objects.bulk_create(
            ScreeningChunk(batch=batch, index=i, person_ids=ids) for i, ids in enumerate(parts)
        )
        after = {"persons": batch.persons, "records": batch.records, "chunks": len(parts)}
        audit.record(
            actor=acting_user, action="plan", obj=batch, country_iso2=country.iso2, after=after
        )
    return batch


def _end_abandoned(acting_user: Actor, country: Country) -> None:
    """Fail the country's unfinished batches whose screening job has ended (its worker lost
    twice): their chunks' kept pairs are erased."""
    active = Job.objects.filter(state__in=ACTIVE_STATES).values("pk")
    abandoned = ScreeningBatch.objects.filter(
        country=country, state=ScreeningBatch.State.RUNNING
    ).exclude(job_id__in=active)
    for batch in abandoned:
        reason = _("Its screening job ended before the parts were merged; nothing was saved.")
        fail_screening(acting_user=acting_user, batch=batch, reason=reason)
    # pairs a chunk may have kept on a batch that had ended (they name people): erased
    ScreeningChunk.objects.filter(batch__country=country, hits__isnull=False).exclude(
        batch__state=ScreeningBatch.State.RUNNING
    ).update(hits=None)


def thresholds_of(batch: ScreeningBatch) -> Thresholds:
    return Thresholds(probable=batch.probable_threshold, possible=batch.possible_threshold)


def record_submission(chunk: ScreeningChunk, job_id: uuid.UUID) -> None:
    """Note the job submitted for ``chunk`` (queue bookkeeping, like a job's own state)."""
    ScreeningChunk.objects.filter(pk=chunk.pk, job_id__isnull=True).update(
        job_id=job_id, submitted_at=timezone.now()
    )


def claim_chunk(
    chunk_id: int, job_id: uuid.UUID, worker_id: str, *, from_job: uuid.UUID | None = None
) -> ScreeningChunk | None:
    """Take the chunk for the job ``job_id`` if it waits (or is already that job's: a job run
    again after its worker died takes its chunk back; or is ``from_job``'s, a job queued again
    that the screening job takes over); ``None`` when another job has it, it is done, or its
    batch has ended."""
    holders = [job_id] if from_job is None else [job_id, from_job]
    taken = (
        ScreeningChunk.objects.filter(pk=chunk_id, batch__state=ScreeningBatch.State.RUNNING)
        .filter(
            Q(state=ScreeningChunk.State.PENDING)
            | Q(state=ScreeningChunk.State.RUNNING, taken_by_job__in=holders)
        )
        .update(state=ScreeningChunk.State.RUNNING, taken_by_job=job_id, worker_id=worker_id[:64])
    )
    if not taken:
        return None
    return ScreeningChunk.objects.defer("hits").select_related("batch__country").get(pk=chunk_id)


# --- one chunk --------------------------------------------------------------------------------


def screen_chunk(*, acting_user: Actor, chunk: ScreeningChunk, job_id: uuid.UUID) -> ScreeningChunk:
    """Score the candidate pairs of ``chunk`` (taken by ``job_id``) and keep them on it.

    Raises:
        RegistryChanged: the registry is no longer the one the batch was planned on.
    """
    batch = chunk.batch
    country = batch.country
    require_edit(acting_user, country)
    started = time.perf_counter()
    roster = load_roster(country, thresholds_of(batch))
    if roster.fingerprint != batch.fingerprint:
        raise RegistryChanged.now()
    mine = [roster.prepared[roster.position[str(pk)]] for pk in chunk.person_ids]
    raw = roster.screener.screen_chunk(mine, roster.stats)
    with transaction.atomic():
        # the batch's lock first, as fail_screening and merge_screening take it: pairs written
        # while a failure erases the others would stay on an ended batch
        running = (
            ScreeningBatch.objects.select_for_update()
            .filter(pk=batch.pk, state=ScreeningBatch.State.RUNNING)
            .exists()
        )
        saved = running and ScreeningChunk.objects.filter(
            pk=chunk.pk,
            state=ScreeningChunk.State.RUNNING,
            taken_by_job=job_id,
            batch__state=ScreeningBatch.State.RUNNING,
        ).update(
            state=ScreeningChunk.State.DONE,
            hits=hits_json(raw),
            hit_count=len(raw),
            seconds=round(time.perf_counter() - started, 3),
        )
        chunk.refresh_from_db(fields=["state", "hit_count", "seconds", "worker_id"])
        if saved:
            after = {"chunk": chunk.index, "persons": len(mine), "pairs": len(raw)}
            audit.record(
                actor=acting_user,
                action="screen_chunk",
                obj=batch,
                country_iso2=country.iso2,
                after=after,
            )
    return chunk


# --- the end: one run, or nothing -----------------------------------------------------------


def merge_screening(*, acting_user: Actor, batch: ScreeningBatch) -> ScreeningRun:
    """Calibrate the pairs of every chunk together and write one screening run with its cases.

    The pairs are put back in the registry's order before the fit, so the run's hits are those
    of a single-process run. A batch already merged returns its run.

    Raises:
        RegistryChanged: the registry changed since the plan (nothing is written).
        ValidationFailed: a chunk is not done, or the batch has failed.
    """
    country = batch.country
    require_edit(acting_user, country)
    if batch.state == ScreeningBatch.State.MERGED and batch.run is not None:
        return batch.run
    thresholds = thresholds_of(batch)
    roster = load_roster(country, thresholds)
    if roster.fingerprint != batch.fingerprint:
        raise RegistryChanged.now()
    chunks = list(batch.chunks.order_by("index"))
    if any(c.state != ScreeningChunk.State.DONE or c.hits is None for c in chunks):
        raise ValidationFailed.one("__all__", _("Some parts of the screening are not done."))
    raw = [hit for chunk in chunks for hit in hits_from_json(chunk.hits or [])]
    raw.sort(key=lambda hit: roster.position[hit.person_id])  # stable: a person's own order
    kept, probable, possible = _counted(
        roster.screener.calibrate(raw, roster.prepared, roster.stats)
    )
    with transaction.atomic(durable=True):
        locked = ScreeningBatch.objects.select_for_update().get(pk=batch.pk)
        if locked.state != ScreeningBatch.State.RUNNING:
            raise ValidationFailed.one("__all__", _("This screening has already ended."))
        if fingerprint(country, thresholds) != batch.fingerprint:
            raise RegistryChanged.now()
        run = _start_run(
            country,
            acting_user,
            ScreeningRun.Kind.BATCH,
            thresholds,
            source_name=_("registry"),
            persons_screened=batch.persons,
            records_compared=batch.records,
            probable_hits=probable,
            possible_hits=possible,
            seconds=round((timezone.now() - batch.created_at).total_seconds(), 3),
        )
        ids = {hit.person_id: int(hit.person_id) for hit in kept}
        records = {hit.record_id: int(hit.record_id) for hit in kept}
        open_cases(run, kept, ids, records, acting_user)
        _end(batch, ScreeningBatch.State.MERGED, run=run)
        after = {"state": batch.state, "run": run.pk, "chunks": len(chunks)}
        audit.record(
            actor=acting_user, action="merge", obj=batch, country_iso2=country.iso2, after=after
        )
    return run


def fail_screening(*, acting_user: Actor, batch: ScreeningBatch, reason: str) -> None:
    """End ``batch`` as failed with ``reason`` (no personal data): no run is written, and the
    pairs its chunks kept are erased; chunks still queued will find nothing to do."""
    require_edit(acting_user, batch.country)
    with transaction.atomic():
        running = (
            ScreeningBatch.objects.select_for_update()
            .filter(pk=batch.pk, state=ScreeningBatch.State.RUNNING)
            .exists()
        )
        if not running:
            return
        _end(batch, ScreeningBatch.State.FAILED, error=reason)
        audit.record(
            actor=acting_user,
            action="fail",
            obj=batch,
            country_iso2=batch.country.iso2,
            after={"state": batch.state, "error": reason},
        )


def _end(
    batch: ScreeningBatch, state: str, *, run: ScreeningRun | None = None, error: str = ""
) -> None:
    batch.state = state
    batch.run = run
    batch.error = error[:5000]
    batch.finished_at = timezone.now()
    batch.save(update_fields=["state", "run", "error", "finished_at"])
    ScreeningChunk.objects.filter(batch=batch).update(hits=None)
