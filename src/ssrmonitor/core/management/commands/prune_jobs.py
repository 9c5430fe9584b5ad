"""``ssrmonitor prune_jobs``: delete old result files and finished task rows."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand
from django.utils import timezone

from ssrmonitor.core.models import Job, JobState


class Command(BaseCommand):
    help = (
        "Delete the result files of jobs finished more than SSRMONITOR_JOB_RESULT_DAYS days ago "
        "(7 by default); the jobs themselves stay listed. Safe to schedule daily."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        before = timezone.now() - timedelta(days=settings.SSRMONITOR_JOB_RESULT_DAYS)
        old = Job.objects.filter(
            state__in=[JobState.SUCCEEDED, JobState.FAILED], finished_at__lt=before
        ).exclude(result_file="")
        count = 0
        for job in old:
            job.result_file.delete(save=False)
            Job.objects.filter(pk=job.pk).update(result_file="")
            count += 1
        self.stdout.write(f"{count} result files deleted." if count else "Nothing to delete.")
