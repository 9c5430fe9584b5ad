"""``ssrmonitor recompute_progress [--check]``: recompute every indicator's stored progress."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.progress_store import stale_progress
from ssrmonitor.benchmarks.services.progress import recompute_all_progress
from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.permissions import Action

# The operator who runs the command recomputes, as the system, in every country.
ACTOR = system_actor("recompute_progress", [Action.EDIT_FRAMEWORKS])


class Command(BaseCommand):
    help = (
        "Recompute the stored progress (rating, percent, trend) of every indicator from its "
        "approved or fed values, in one transaction: after an upgrade that changes the "
        "progress rule, or to repair. With --check, change nothing: list the indicators whose "
        "stored progress is missing or differs from the computed one, and exit 1 if any."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--check",
            action="store_true",
            help=_("Change nothing; exit 1 if any stored progress is missing or out of date."),
        )

    def handle(self, *args: Any, **options: Any) -> None:
        if options["check"]:
            stale = stale_progress()
            if stale:
                shown = ", ".join(str(pk) for pk in stale[:20])
                raise CommandError(
                    _("%(count)d indicators have missing or out-of-date progress (ids: %(ids)s).")
                    % {"count": len(stale), "ids": shown}
                )
            self.stdout.write(_("Every indicator's stored progress is up to date."))
            return
        done = recompute_all_progress(acting_user=ACTOR)
        self.stdout.write(
            _("Recomputed the progress of %(indicators)d indicators (%(changed)d had changed).")
            % {"indicators": done.indicators, "changed": done.changed}
        )
