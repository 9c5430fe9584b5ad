"""Background jobs: long work (imports, screening, reports, big exports, key rotation) that runs
on a worker, not inside the request, with its owner, country, progress and result.

The queue itself is Django's tasks framework (``django-tasks``); a :class:`Job` is SSR Monitor's
own record of one piece of work, which pages and the API show through the permission layer.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models.reference import Country


class JobState(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    SUCCEEDED = "succeeded", _("Finished")
    FAILED = "failed", _("Failed")


ACTIVE_STATES = (JobState.QUEUED, JobState.RUNNING)


class Job(models.Model):
    """One piece of long work, from submission to its result or its error."""

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    kind = models.CharField(_("kind"), max_length=80)
    title = models.CharField(_("title"), max_length=300)
    owner = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="jobs",
        verbose_name=_("owner"),
    )
    system_actor = models.CharField(_("system actor"), max_length=100, blank=True)
    system_actions = models.JSONField(_("system actions"), default=list, blank=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, null=True, blank=True, verbose_name=_("country")
    )
    state = models.CharField(
        _("state"), max_length=12, choices=JobState.choices, default=JobState.QUEUED
    )
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    dedupe_key = models.CharField(_("work key"), max_length=300)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), null=True, blank=True)
    message = models.CharField(_("message"), max_length=500, blank=True)
    error = models.TextField(_("error"), blank=True)
    result_file = models.FileField(_("result file"), upload_to="jobs/", blank=True)
    result_name = models.CharField(_("result file name"), max_length=200, blank=True)
    result_content_type = models.CharField(max_length=120, blank=True)
    result_url = models.CharField(_("result link"), max_length=500, blank=True)
    result_label = models.CharField(_("result"), max_length=300, blank=True)
    # What the work did, shown on the job's page: ``[[label, value], …]`` and notes (warnings).
    result_facts = models.JSONField(_("figures"), default=list, blank=True)
    result_notes = models.JSONField(_("notes"), default=list, blank=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    max_attempts = models.PositiveSmallIntegerField(_("most attempts"), default=2)
    task_id = models.CharField(max_length=64, blank=True)
    worker_id = models.CharField(_("worker"), max_length=64, blank=True)
    created_at = models.DateTimeField(_("submitted"), auto_now_add=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)
    heartbeat_at = models.DateTimeField(_("last sign of life"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at"]
        verbose_name = _("background job")
        verbose_name_plural = _("background jobs")
        constraints = [
            # The same work cannot be queued or running twice.
            models.UniqueConstraint(
                fields=["dedupe_key"],
                condition=Q(state__in=["queued", "running"]),
                name="core_job_one_active_per_work",
            )
        ]
        indexes = [models.Index(fields=["state", "created_at"], name="core_job_state_idx")]

    def __str__(self) -> str:
        return self.title

    @property
    def is_active(self) -> bool:
        return self.state in ACTIVE_STATES

    @property
    def percent(self) -> int | None:
        if not self.total:
            return None
        return min(100, int(100 * self.done / self.total))


class WorkerHeartbeat(models.Model):
    """The last sign of life of each worker process (for ``/readyz`` and stale-job recovery)."""

    worker_id = models.CharField(max_length=64, primary_key=True)
    hostname = models.CharField(max_length=200, blank=True)
    pid = models.PositiveIntegerField(default=0)
    started_at = models.DateTimeField()
    beat_at = models.DateTimeField()

    class Meta:
        verbose_name = _("worker heartbeat")

    def __str__(self) -> str:
        return f"{self.worker_id} ({self.beat_at:%Y-%m-%d %H:%M:%S})"
