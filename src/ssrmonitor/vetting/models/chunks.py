"""A registry screening split into chunks run by several workers (issue 18, item 6).

A :class:`ScreeningBatch` is the plan of one screening job (its job's id, the registry's
fingerprint, the thresholds); each :class:`ScreeningChunk` is a part of the roster, cut by
blocking key, screened by a job of its own. The chunks' scored pairs wait here, encrypted with
the data key (they name people), until the last chunk is done and one run is written from all of
them; they are then erased.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.vetting.crypto import EncryptedJSONField
from ssrmonitor.vetting.models.cases import ScreeningRun


class ScreeningBatch(models.Model):
    """The plan of a screening split into chunks, and its end (merged into a run, or failed)."""

    class State(models.TextChoices):
        RUNNING = "running", _("Running")
        MERGED = "merged", _("Merged into a run")
        FAILED = "failed", _("Failed")

    job_id = models.UUIDField(_("job"), unique=True)
    country = models.ForeignKey(
        Country, on_delete=models.PROTECT, related_name="+", verbose_name=_("country")
    )
    state = models.CharField(
        _("state"), max_length=10, choices=State.choices, default=State.RUNNING
    )
    # A digest of the persons' and records' (id, last change) and of the thresholds: a chunk
    # screened after a change of the registry is refused rather than merged with the others.
    fingerprint = models.CharField(max_length=64)
    probable_threshold = models.FloatField()
    possible_threshold = models.FloatField()
    persons = models.PositiveIntegerField(default=0)
    records = models.PositiveIntegerField(default=0)
    chunk_count = models.PositiveIntegerField(default=0)
    error = models.TextField(_("error"), blank=True, default="")
    run = models.ForeignKey(
        ScreeningRun, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("screening in chunks")

    def __str__(self) -> str:
        return f"screening batch #{self.pk}"


class ScreeningChunk(models.Model):
    """One part of a split screening: its persons, who screens it, and its scored pairs."""

    class State(models.TextChoices):
        PENDING = "pending", _("Waiting")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")

    batch = models.ForeignKey(ScreeningBatch, on_delete=models.CASCADE, related_name="chunks")
    index = models.PositiveIntegerField()
    person_ids = models.JSONField(default=list)  # row ids only, in the registry's order
    state = models.CharField(max_length=10, choices=State.choices, default=State.PENDING)
    job_id = models.UUIDField(null=True, blank=True)  # the job submitted for this chunk
    submitted_at = models.DateTimeField(null=True, blank=True)
    taken_by_job = models.UUIDField(null=True, blank=True)  # the job screening it
    worker_id = models.CharField(max_length=64, blank=True, default="")
    hits = EncryptedJSONField(null=True, blank=True)  # the scored pairs, until the merge
    hit_count = models.PositiveIntegerField(default=0)
    seconds = models.FloatField(default=0)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["batch", "index"], name="vetting_chunk_index_unique")
        ]
        ordering = ["batch", "index"]
        verbose_name = _("screening chunk")

    def __str__(self) -> str:
        return f"screening chunk {self.batch_id}/{self.index}"
