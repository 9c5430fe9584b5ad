"""A registry screening split into chunks (issue 18, item 6), in one process on the immediate
queue: the merged run has the hits of a single-process run; a chunk screened after the registry
changed fails the run and nothing is written; chunks are claimed once. Real worker processes:
``test_screening_chunks_workers.py``."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from django.db import connection
from django.db.models.signals import post_save
from django.urls import reverse

from ssrmonitor.core.jobs.context import JobContext
from ssrmonitor.core.jobs.services import submit_job
from ssrmonitor.core.models import AuditEvent, Job, JobState
from ssrmonitor.testing import screening_world
from ssrmonitor.testing.factories import country
from ssrmonitor.vetting import jobs_chunks
from ssrmonitor.vetting.crypto import PREFIX
from ssrmonitor.vetting.entries import person_entry
from ssrmonitor.vetting.matching.entry import prepare
from ssrmonitor.vetting.models import (
    Case,
    Person,
    ScreeningBatch,
    ScreeningChunk,
    ScreeningRun,
)
from ssrmonitor.vetting.services import screening
from ssrmonitor.vetting.services import screening_chunks as chunks

pytestmark = pytest.mark.django_db

LISTED, OTHERS = 160, 180  # 500 persons: more than 200 candidate pairs, so the model is fitted


@pytest.fixture(autouse=True)
def _fresh_caches() -> None:
    screening.forget_screeners()
    chunks.forget_rosters()


def _single_process_rows() -> list[dict[str, Any]]:
    """The hits of the single-process run (``screening.screen_registry``'s own path)."""
    ht = country("HT")
    persons = Person.objects.filter(country=ht).order_by("pk")
    entries = [person_entry(person) for person in persons]
    return screening_world.hit_rows(list(screening.screener_for(ht).screen(entries)))


def _case_rows(run: ScreeningRun) -> list[dict[str, Any]]:
    rows = [
        {
            "person": case.person_id,
            "record": case.record_id,
            "score": case.score,
            "band": str(case.band),
            "posterior": case.explanation[-1]["posterior"],
        }
        for case in Case.objects.filter(run=run)
    ]
    return sorted(rows, key=lambda row: (row["person"], row["record"]))


def _assert_same_hits(merged: list[dict[str, Any]], single: list[dict[str, Any]]) -> None:
    """The same pairs with the same score and band; the posterior as a case stores it."""
    assert [(r["person"], r["record"], r["score"], r["band"]) for r in merged] == [
        (r["person"], r["record"], r["score"], r["band"]) for r in single
    ]
    for mine, theirs in zip(merged, single, strict=True):
        assert mine["posterior"] == pytest.approx(theirs["posterior"], abs=1e-6)


def _screen_in_chunks(vera: Any, size: int) -> Job:
    return submit_job(
        acting_user=vera,
        kind="vetting.screen_registry",
        country=country("HT"),
        work_key="HT",
        params={"chunk_size": size},
    )


def test_a_screening_in_chunks_gives_the_hits_of_a_single_process_run(vera: Any) -> None:
    screening_world.load(country("HT"), vera, LISTED, OTHERS)
    job = _screen_in_chunks(vera, 60)
    assert job.state == JobState.SUCCEEDED, job.error
    batch = ScreeningBatch.objects.get(job_id=job.pk)
    assert batch.state == ScreeningBatch.State.MERGED and batch.chunk_count >= 6
    assert (job.done, job.total) == (batch.chunk_count, batch.chunk_count)  # progress: chunks
    run = ScreeningRun.objects.get()
    assert batch.run == run and job.result_url == reverse("vetting:run", args=["HT", run.pk])
    children = Job.objects.filter(kind=jobs_chunks.CHUNK_KIND)
    assert children.count() == batch.chunk_count
    assert set(children.values_list("state", flat=True)) == {JobState.SUCCEEDED}
    # the pairs kept between the chunks and the merge are erased
    assert not ScreeningChunk.objects.filter(hits__isnull=False).exists()

    single = _single_process_rows()
    assert len(single) > 200
    _assert_same_hits(_case_rows(run), single)
    assert run.probable_hits == sum(r["band"] == "probable" for r in single)
    assert run.possible_hits == sum(r["band"] == "possible" for r in single)
    assert run.persons_screened == 2 * LISTED + OTHERS

    actions = set(
        AuditEvent.objects.filter(object_type__endswith="screeningbatch").values_list(
            "action", flat=True
        )
    )
    assert actions == {"plan", "screen_chunk", "merge"}


def test_a_chunk_screened_after_the_registry_changed_fails_the_run_and_writes_nothing(
    vera: Any,
) -> None:
    ht = country("HT")
    screening_world.load(ht, vera, LISTED, OTHERS)
    edited = Person.objects.filter(country=ht).order_by("pk").first()
    assert edited is not None

    def edit_after_the_first_chunk(sender: Any, instance: AuditEvent, **kwargs: Any) -> None:
        # Somebody corrects a person's unit while the other chunks still wait.
        if instance.action == "screen_chunk" and edited.unit != "edited":
            edited.unit = "edited"
            edited.save()

    post_save.connect(edit_after_the_first_chunk, sender=AuditEvent)
    try:
        job = _screen_in_chunks(vera, 60)
    finally:
        post_save.disconnect(edit_after_the_first_chunk, sender=AuditEvent)
    assert job.state == JobState.FAILED
    assert "changed while the screening ran in parts" in job.error
    assert "Part 2 of" in job.error  # the chunk that found the change, and why
    batch = ScreeningBatch.objects.get(job_id=job.pk)
    assert batch.state == ScreeningBatch.State.FAILED and batch.run is None
    assert not ScreeningRun.objects.exists() and not Case.objects.exists()
    assert not ScreeningChunk.objects.filter(hits__isnull=False).exists()
    # the first chunk was screened, the second refused; the others were not queued after that
    states = Job.objects.filter(kind=jobs_chunks.CHUNK_KIND).order_by("created_at")
    assert list(states.values_list("state", flat=True)) == [JobState.SUCCEEDED, JobState.FAILED]


def test_a_screening_job_alone_screens_the_chunks_no_worker_took(vera: Any) -> None:
    """One worker only: the screening job's chunks wait on the queue behind it, so it screens
    them itself (here no chunk job was submitted at all), then merges."""
    ht = country("HT")
    screening_world.load(ht, vera, LISTED, OTHERS)
    job = Job.objects.create(
        kind="vetting.screen_registry",
        title="t",
        owner=vera,
        country=ht,
        dedupe_key="t",
        state=JobState.RUNNING,
        worker_id="alone",
    )
    batch = chunks.plan_screening(acting_user=vera, country=ht, job_id=job.pk, chunk_size=100)
    assert batch.chunk_count > 2
    ctx = JobContext(job=job, actor=vera)
    jobs_chunks._follow(ctx, batch)
    assert set(batch.chunks.values_list("worker_id", flat=True)) == {"alone"}
    run = chunks.merge_screening(acting_user=vera, batch=batch)
    _assert_same_hits(_case_rows(run), _single_process_rows())
    assert chunks.merge_screening(acting_user=vera, batch=batch) == run  # merged once


def test_a_batch_whose_screening_job_ended_is_failed_and_erased_by_the_next(vera: Any) -> None:
    ht = country("HT")
    screening_world.load(ht, vera, 20, 30)
    gone = Job.objects.create(
        kind="vetting.screen_registry", title="t", owner=vera, country=ht, dedupe_key="gone"
    )
    old = chunks.plan_screening(acting_user=vera, country=ht, job_id=gone.pk, chunk_size=10)
    first = old.chunks.order_by("index")[0]
    chunks.claim_chunk(first.pk, gone.pk, "w")
    chunks.screen_chunk(acting_user=vera, chunk=first, job_id=gone.pk)
    assert ScreeningChunk.objects.filter(hits__isnull=False).count() == 1
    Job.objects.filter(pk=gone.pk).update(state=JobState.FAILED)  # its worker was lost twice
    chunks.plan_screening(acting_user=vera, country=ht, job_id=uuid.uuid4(), chunk_size=10)
    old.refresh_from_db()
    assert old.state == ScreeningBatch.State.FAILED and "ended before" in old.error
    assert not ScreeningChunk.objects.filter(hits__isnull=False).exists()


def test_a_chunk_is_taken_by_one_job_and_given_back_to_the_same_job_only(vera: Any) -> None:
    ht = country("HT")
    screening_world.load(ht, vera, 20, 30)
    batch = chunks.plan_screening(acting_user=vera, country=ht, job_id=uuid.uuid4(), chunk_size=10)
    chunk = batch.chunks.order_by("index").first()
    assert chunk is not None
    first, second = uuid.uuid4(), uuid.uuid4()
    assert chunks.claim_chunk(chunk.pk, first, "w1") is not None
    assert chunks.claim_chunk(chunk.pk, second, "w2") is None
    # the first job, queued again after its worker died, takes its chunk back
    again = chunks.claim_chunk(chunk.pk, first, "w3")
    assert again is not None and again.worker_id == "w3"
    done = chunks.screen_chunk(acting_user=vera, chunk=again, job_id=first)
    assert done.state == ScreeningChunk.State.DONE
    assert chunks.claim_chunk(chunk.pk, first, "w3") is None  # done: not screened twice
    chunks.fail_screening(acting_user=vera, batch=batch, reason="stopped")
    other = batch.chunks.order_by("index")[1]
    assert chunks.claim_chunk(other.pk, second, "w2") is None  # the batch has ended


def test_the_screening_job_takes_over_a_chunk_whose_job_lost_its_worker(vera: Any) -> None:
    """The chunk's job was queued again after its worker died, and the screening job's worker
    may be the only one left: the screening job screens that chunk itself."""
    ht = country("HT")
    screening_world.load(ht, vera, 20, 30)
    batch = chunks.plan_screening(acting_user=vera, country=ht, job_id=uuid.uuid4(), chunk_size=500)
    [chunk] = batch.chunks.all()
    lost = Job.objects.create(
        kind=jobs_chunks.CHUNK_KIND, title="t", owner=vera, country=ht, dedupe_key="lost"
    )
    assert chunks.claim_chunk(chunk.pk, lost.pk, "dead worker") is not None
    rows = list(batch.chunks.defer("hits"))
    parent = uuid.uuid4()
    assert jobs_chunks._neglected(rows, parent) == (chunk, lost.pk)  # its job is queued again
    taken = chunks.claim_chunk(chunk.pk, parent, "alive", from_job=lost.pk)
    assert taken is not None and taken.taken_by_job == parent
    assert chunks.claim_chunk(chunk.pk, lost.pk, "back") is None  # the lost job ends at once
    # the screening job, run again after its own worker died, takes back what it had taken
    assert jobs_chunks._neglected(list(batch.chunks.defer("hits")), parent) == (taken, None)
    assert chunks.claim_chunk(chunk.pk, parent, "next attempt") is not None
    # a chunk held by a running job is left to it
    assert jobs_chunks._neglected(list(batch.chunks.defer("hits")), uuid.uuid4()) is None


def test_the_split_keeps_a_blocking_key_in_one_chunk_and_every_person_once() -> None:
    roster, _records = screening_world.roster_and_records(60, 80)
    prepared = [prepare(entry) for entry in roster]
    for i, person in enumerate(prepared):
        person.entry = type(person.entry)(str(i + 1), person.entry.names)
    parts = chunks.split(prepared, 25)
    assert sorted(pk for part in parts for pk in part) == list(range(1, len(prepared) + 1))
    assert len(parts) >= len(prepared) // 25 - 1
    key_of = {int(p.entry.id): chunks.blocking_key(p) for p in prepared}
    chunk_of: dict[str, int] = {}
    for n, part in enumerate(parts):
        assert part == sorted(part)  # registry order within a chunk
        for pk in part:
            assert chunk_of.setdefault(key_of[pk], n) == n


def test_scored_pairs_survive_their_stay_on_the_chunk_exactly(vera: Any) -> None:
    ht = country("HT")
    screening_world.load(ht, vera, 40, 20)
    roster = chunks.load_roster(ht, screening.thresholds_for(ht))
    raw = roster.screener.screen_chunk(roster.prepared, roster.stats)
    banded = roster.screener.calibrate(raw, roster.prepared, roster.stats)
    assert raw and banded
    for hits in (raw, banded):
        assert chunks.hits_from_json(chunks.hits_json(hits)) == hits


def test_the_pairs_kept_on_a_chunk_are_sealed_at_rest(vera: Any) -> None:
    """The scored pairs name people (their evidence quotes names and dates): the column holds
    only the sealed text; the model reads them back whole (review1)."""
    ht = country("HT")
    screening_world.load(ht, vera, 40, 20)
    batch = chunks.plan_screening(acting_user=vera, country=ht, job_id=uuid.uuid4(), chunk_size=500)
    [chunk] = batch.chunks.all()
    job = uuid.uuid4()
    taken = chunks.claim_chunk(chunk.pk, job, "w1")
    assert taken is not None
    chunks.screen_chunk(acting_user=vera, chunk=taken, job_id=job)

    with connection.cursor() as cursor:
        cursor.execute("SELECT hits FROM vetting_screeningchunk WHERE id = %s", [chunk.pk])
        (stored,) = cursor.fetchone()
    kept = ScreeningChunk.objects.get(pk=chunk.pk).hits

    details = {e["detail"] for hit in kept for e in hit["evidence"] if len(e["detail"]) > 3}
    assert kept and details
    assert stored.startswith(f"{PREFIX}$")
    assert not [detail for detail in details if detail in stored]
    assert "evidence" not in stored


def test_pairs_left_on_an_ended_batch_are_erased_by_the_next_plan(vera: Any) -> None:
    """Pairs a chunk wrote as its batch ended do not stay on the ended batch (review1)."""
    ht = country("HT")
    screening_world.load(ht, vera, 20, 30)
    batch = chunks.plan_screening(acting_user=vera, country=ht, job_id=uuid.uuid4(), chunk_size=10)
    chunks.fail_screening(acting_user=vera, batch=batch, reason="stopped")
    ScreeningChunk.objects.filter(batch=batch).update(hits=[{"person_id": "1"}])  # written late

    chunks.plan_screening(acting_user=vera, country=ht, job_id=uuid.uuid4(), chunk_size=10)

    assert not ScreeningChunk.objects.filter(batch=batch, hits__isnull=False).exists()
