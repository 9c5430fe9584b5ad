"""Background jobs in one process: submission, refusal, deduplication, failure, lost workers,
and the pages and API routes that show them (the worker's own tests start real processes)."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.db import transaction
from django.test import Client, override_settings
from django.utils import timezone

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.jobs.context import JobContext
from ssrmonitor.core.jobs.heartbeat import beat, latest_heartbeat, queue_figures, recover_lost_jobs
from ssrmonitor.core.jobs.registry import JobKind, register_job
from ssrmonitor.core.jobs.services import JobAlreadyRunning, submit_job
from ssrmonitor.core.models import AuditEvent, Job, JobState, Organisation, WorkerHeartbeat
from ssrmonitor.core.permissions import Action, Denied
from ssrmonitor.testing.factories import country, member

pytestmark = pytest.mark.django_db
DUMMY_QUEUE = {"default": {"BACKEND": "django_tasks.backends.dummy.DummyBackend"}}


def _export(ctx: JobContext) -> None:
    ctx.progress(0, 2, "Counting")
    ctx.progress(2, 2, "Done")
    ctx.save_result("count.csv", b"organisations\n%d\n" % Organisation.objects.count(), "text/csv")


def _refused(ctx: JobContext) -> None:
    with transaction.atomic():  # as every service: the write is all or nothing
        Organisation.objects.create(name="half-written")
        raise ValidationFailed.one("rows", "Row 7: the value is not a number.")


EXPORT = register_job(
    JobKind("coretest.export", _export, Action.VIEW_INTERNAL, "Count organisations")
)
REFUSED = register_job(JobKind("coretest.refused", _refused, None, "Refused work"))


def _params(tmp_path: Path) -> dict[str, Any]:
    return {"prefix": "T", "marker": str(tmp_path / "marker"), "pause": 0}


def test_a_job_runs_and_keeps_its_result_for_its_owner() -> None:
    viewer = member("viv", "HT", "viewer")
    job = submit_job(acting_user=viewer, kind=EXPORT.name, country=country("HT"), work_key="a")
    assert job.state == JobState.SUCCEEDED
    assert (job.done, job.total, job.percent) == (2, 2, 100)
    assert job.result_name == "count.csv"
    assert job.result_file.read().startswith(b"organisations\n")
    actions = list(
        AuditEvent.objects.filter(object_id=str(job.pk))
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["job.submit", "job.finish"]


def test_a_user_without_the_action_in_the_country_is_refused() -> None:
    outsider = member("out", "CF", "viewer")
    with pytest.raises(Denied):
        submit_job(acting_user=outsider, kind=EXPORT.name, country=country("HT"), work_key="a")
    assert not Job.objects.exists()


@override_settings(TASKS=DUMMY_QUEUE)
def test_the_same_work_is_not_started_twice_while_it_runs() -> None:
    viewer = member("viv", "HT", "viewer")
    first = submit_job(acting_user=viewer, kind=EXPORT.name, country=country("HT"), work_key="k")
    assert first.state == JobState.QUEUED and first.task_id
    with pytest.raises(JobAlreadyRunning) as caught:
        submit_job(acting_user=viewer, kind=EXPORT.name, country=country("HT"), work_key="k")
    assert caught.value.job.pk == first.pk
    other = submit_job(acting_user=viewer, kind=EXPORT.name, country=country("HT"), work_key="j")
    assert other.pk != first.pk
    Job.objects.filter(pk=first.pk).update(state=JobState.FAILED)
    again = submit_job(acting_user=viewer, kind=EXPORT.name, country=country("HT"), work_key="k")
    assert again.pk != first.pk


def test_a_refused_job_fails_with_the_reason_and_keeps_nothing() -> None:
    viewer = member("viv", "HT", "viewer")
    job = submit_job(acting_user=viewer, kind=REFUSED.name, country=None, work_key="r")
    assert job.state == JobState.FAILED
    assert job.error == "rows: Row 7: the value is not a number."
    assert not Organisation.objects.filter(name="half-written").exists()


def test_a_job_whose_owner_lost_the_right_fails_when_it_runs() -> None:
    viewer = member("viv", "HT", "viewer")
    with override_settings(TASKS=DUMMY_QUEUE):
        job = submit_job(acting_user=viewer, kind=EXPORT.name, country=country("HT"), work_key="a")
    viewer.memberships.all().delete()
    from ssrmonitor.core.jobs.runner import execute

    execute(str(job.pk))
    job.refresh_from_db()
    assert job.state == JobState.FAILED
    assert "no longer hold the right" in job.error


def _running(kind: str, worker: str, attempts: int, tmp_path: Path) -> Job:
    viewer = member("viv", "HT", "viewer")
    with override_settings(TASKS=DUMMY_QUEUE):
        job = submit_job(
            acting_user=viewer, kind=kind, country=None, work_key=worker, params=_params(tmp_path)
        )
    old = timezone.now() - timedelta(minutes=10)
    Job.objects.filter(pk=job.pk).update(
        state=JobState.RUNNING, worker_id=worker, attempts=attempts, heartbeat_at=old
    )
    return job


@override_settings(TASKS=DUMMY_QUEUE)
def test_a_job_of_a_dead_worker_is_queued_again_then_failed(tmp_path: Path) -> None:
    retried = _running("jobtest.slow_write", "dead:1", 1, tmp_path)
    exhausted = _running("jobtest.slow_write", "dead:2", 2, tmp_path)
    once = _running("jobtest.once", "dead:3", 1, tmp_path)
    alive = _running("jobtest.slow_write", "alive:1", 1, tmp_path)
    beat("alive:1", timezone.now())
    beat("dead:1", timezone.now())
    WorkerHeartbeat.objects.filter(worker_id="dead:1").update(
        beat_at=timezone.now() - timedelta(minutes=10)
    )
    handled = {job.pk: job for job in recover_lost_jobs()}
    assert set(handled) == {retried.pk, exhausted.pk, once.pk}
    assert handled[retried.pk].state == JobState.QUEUED
    assert "queued again (attempt 2 of 2)" in handled[retried.pk].message
    assert handled[exhausted.pk].state == JobState.FAILED
    assert "stopped (attempt 2 of 2)" in handled[exhausted.pk].error
    assert handled[once.pk].state == JobState.FAILED
    alive.refresh_from_db()
    assert alive.state == JobState.RUNNING


def test_queue_figures_and_heartbeat() -> None:
    assert latest_heartbeat() is None
    start = timezone.now()
    beat("w:1", start)
    last = latest_heartbeat()
    assert last is not None and last >= start
    with override_settings(TASKS=DUMMY_QUEUE):
        submit_job(
            acting_user=member("viv", "HT", "viewer"),
            kind=EXPORT.name,
            country=country("HT"),
            work_key="q",
        )
    figures = queue_figures()
    assert figures["queued"] == 1 and figures["running"] == 0
    assert figures["oldest_queued_seconds"] >= 0


def test_the_job_pages_show_a_job_to_its_owner_only(client: Client) -> None:
    owner = member("viv", "HT", "viewer")
    job = submit_job(acting_user=owner, kind=EXPORT.name, country=country("HT"), work_key="p")
    client.force_login(owner)
    listing = client.get("/jobs/")
    assert listing.status_code == 200 and job.title in listing.content.decode()
    page = client.get(f"/jobs/{job.pk}/")
    assert page.status_code == 200
    assert "Download count.csv" in page.content.decode()
    download = client.get(f"/jobs/{job.pk}/result")
    assert download.status_code == 200
    assert b"".join(download.streaming_content).startswith(b"organisations")  # type: ignore[attr-defined]
    other = Client()
    other.force_login(member("eve", "HT", "viewer"))
    assert other.get(f"/jobs/{job.pk}/").status_code == 404
    assert other.get(f"/jobs/{job.pk}/result").status_code == 404
    assert Client().get(f"/jobs/{job.pk}/").status_code == 302


@override_settings(TASKS=DUMMY_QUEUE)
def test_a_running_job_page_polls_and_refreshes_without_javascript(client: Client) -> None:
    owner = member("viv", "HT", "viewer")
    job = submit_job(acting_user=owner, kind=EXPORT.name, country=country("HT"), work_key="p")
    client.force_login(owner)
    html = client.get(f"/jobs/{job.pk}/").content.decode()
    assert 'hx-trigger="every 2s"' in html
    assert '<noscript><meta http-equiv="refresh"' in html
    fragment = client.get(f"/jobs/{job.pk}/", headers={"HX-Request": "true"}).content.decode()
    assert fragment.lstrip().startswith('<section id="job-progress"')


def test_the_api_lists_and_shows_the_callers_jobs(client: Client) -> None:
    owner = member("viv", "HT", "viewer")
    job = submit_job(acting_user=owner, kind=EXPORT.name, country=country("HT"), work_key="p")
    client.force_login(owner)
    listing = client.get("/api/v1/jobs").json()
    assert listing["count"] == 1 and listing["items"][0]["state"] == "succeeded"
    one = client.get(f"/api/v1/jobs/{job.pk}").json()
    assert one["result_file"] == f"/api/v1/jobs/{job.pk}/result"
    assert client.get(one["result_file"]).status_code == 200
    stranger = Client()
    stranger.force_login(member("eve", "HT", "viewer"))
    assert stranger.get(f"/api/v1/jobs/{job.pk}").status_code == 404
    assert stranger.get("/api/v1/jobs").json()["count"] == 0


@override_settings(TASKS=DUMMY_QUEUE)
def test_the_home_worklist_shows_ones_running_jobs(client: Client) -> None:
    owner = member("viv", "HT", "viewer")
    job = submit_job(acting_user=owner, kind=EXPORT.name, country=country("HT"), work_key="w")
    client.force_login(owner)
    home = client.get("/").content.decode()
    assert "Background work under way" in home and f"/jobs/{job.pk}/" in home
    other = Client()
    other.force_login(member("eve", "HT", "viewer"))
    assert f"/jobs/{job.pk}/" not in other.get("/").content.decode()
