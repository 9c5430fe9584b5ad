"""``ssrmonitor jobs``: the background jobs, newest first, for the operator."""

from __future__ import annotations

from argparse import ArgumentParser
from typing import Any

from django.core.management.base import BaseCommand

from ssrmonitor.core.jobs.heartbeat import latest_heartbeat, queue_figures
from ssrmonitor.core.models import Job, JobState


class Command(BaseCommand):
    help = (
        "List background jobs (newest first) with their state and progress, and the queue's "
        "figures: queued, running, age of the oldest queued job, last worker heartbeat."
    )

    def add_arguments(self, parser: ArgumentParser) -> None:
        parser.add_argument("--state", choices=JobState.values, help="Only jobs in this state.")
        parser.add_argument("--limit", type=int, default=20, help="How many (default 20).")

    def handle(self, *args: Any, **options: Any) -> None:
        jobs = Job.objects.select_related("country", "owner")
        if options["state"]:
            jobs = jobs.filter(state=options["state"])
        for job in jobs[: options["limit"]]:
            progress = f"{job.done}/{job.total}" if job.total else str(job.done)
            who = job.owner.get_username() if job.owner else f"system ({job.system_actor})"
            line = (
                f"{job.pk}  {job.state:<9}  {progress:>13}  "
                f"{job.created_at:%Y-%m-%d %H:%M}  {who}  {job.title}"
            )
            self.stdout.write(line)
            if job.error:
                self.stdout.write(f"    {job.error}")
        figures = queue_figures()
        beat = latest_heartbeat()
        self.stdout.write(
            f"Queued {figures['queued']:.0f}, running {figures['running']:.0f}, oldest queued "
            f"{figures['oldest_queued_seconds']:.0f} s; last worker heartbeat: "
            f"{beat:%Y-%m-%d %H:%M:%S} UTC"
            if beat
            else f"Queued {figures['queued']:.0f}, running {figures['running']:.0f}; no worker yet."
        )
