"""``ssrmonitor rotate_data_key [--batch N] [--check]``: re-seal vetting data under the new key.

See :mod:`ssrmonitor.vetting.services.keys` for the procedure.
"""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssrmonitor.core.actors import system_actor
from ssrmonitor.vetting.crypto import current_key_id
from ssrmonitor.vetting.services.keys import (
    DEFAULT_BATCH,
    ROTATION_ACTIONS,
    RotationRefused,
    check_all,
    rotate_data_key,
)


class Command(BaseCommand):
    help = (
        "Re-encrypt every encrypted vetting value with the current (first) key of "
        "SSRMONITOR_DATA_KEY and recompute the look-up hashes, in batches. Safe to run again: "
        "what is done is skipped. Afterwards the old keys can be removed from the setting."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--batch", type=int, default=DEFAULT_BATCH, help="Rows per transaction."
        )
        parser.add_argument(
            "--check",
            action="store_true",
            help="Only check that every value opens with the configured keys; change nothing.",
        )
        parser.add_argument(
            "--background",
            action="store_true",
            help="Queue the rotation as a background job for `ssrmonitor worker` and print its "
            "id; its progress is on /jobs/ (superusers) and in `ssrmonitor jobs`.",
        )

    def handle(self, *args: Any, **options: Any) -> None:
        size = options["batch"]
        if size < 1:
            raise CommandError("--batch must be 1 or more.")
        if options["check"]:
            self._check(size)
            return
        if options["background"]:
            self._queue()
            return
        try:
            summary = rotate_data_key(
                acting_user=system_actor("rotate_data_key", ROTATION_ACTIONS), batch_size=size
            )
        except RotationRefused as exc:
            raise CommandError(self._refusal(exc.failures)) from None
        for label, count in summary.models.items():
            self.stdout.write(
                f"{label}: {count.rows} rows, {count.resealed} values re-encrypted, "
                f"{count.rehashed} hashes recomputed"
            )
        self.stdout.write(
            f"Done: {summary.resealed} values re-encrypted and {summary.rehashed} hashes "
            f"recomputed under key {summary.key_id}. Every value is now sealed with it: the "
            "other keys can be removed from SSRMONITOR_DATA_KEY."
        )

    def _queue(self) -> None:
        from ssrmonitor.core.jobs.services import JobAlreadyRunning, submit_job
        from ssrmonitor.vetting.jobs import ROTATE_DATA_KEY

        actor = system_actor("rotate_data_key", ROTATION_ACTIONS)
        try:
            job = submit_job(
                acting_user=actor, kind=ROTATE_DATA_KEY.name, country=None, work_key="all"
            )
        except JobAlreadyRunning as exc:
            raise CommandError(f"A rotation is already under way: job {exc.job.pk}.") from None
        self.stdout.write(f"Queued as job {job.pk} ({job.get_state_display()}).")

    def _check(self, size: int) -> None:
        failures = check_all(size)
        if failures:
            raise CommandError(self._refusal(failures))
        self.stdout.write(f"Every value opens; the current key is {current_key_id()}.")

    @staticmethod
    def _refusal(failures: list[str]) -> str:
        shown = "\n  ".join(failures[:50])
        more = f"\n  … and {len(failures) - 50} more" if len(failures) > 50 else ""
        return (
            f"{len(failures)} stored value(s) cannot be opened with the configured keys "
            f"(unknown key, wrong column or altered): nothing was changed.\n  {shown}{more}"
        )
