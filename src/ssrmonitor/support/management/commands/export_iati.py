"""``ssrmonitor export_iati``: write IATI 2.03 XML of the activities recorded in SSR Monitor."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssrmonitor.support.iati.export import (
    ExportInvalid,
    LeftOut,
    NothingToExport,
    by_recipient_country,
    export_activities,
)
from ssrmonitor.support.models import Activity, Source


class Command(BaseCommand):
    help = (
        "Write IATI 2.03 activity XML of the activities recorded in SSR Monitor (national "
        "entries by partners who do not publish to IATI). Each activity is validated against "
        "the official IATI 2.03 schema bundled with SSR Monitor: one that cannot be written "
        "valid from what its publisher gave (e.g. no description) is left out and named on "
        "stderr, the others are written. Nothing is written when no activity can be exported."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--country",
            metavar="XX",
            help="Only activities recorded for this country (national entries) or whose "
            "recipient country it is (imported activities).",
        )
        parser.add_argument(
            "--include-imported",
            action="store_true",
            help="Also export activities imported from IATI files (check the licences first).",
        )
        parser.add_argument(
            "--output", "-o", type=Path, help="Write to this file (default: stdout)."
        )

    def _left_out(self, left_out: list[LeftOut]) -> None:
        for item in left_out:
            self.stderr.write(f"left out {item}")

    def handle(self, *args: Any, **options: Any) -> None:
        activities = Activity.objects.all()
        if not options["include_imported"]:
            activities = activities.filter(source=Source.NATIONAL)
        if options["country"]:
            activities = by_recipient_country(activities, options["country"])
        try:
            result = export_activities(activities)
        except NothingToExport as exc:
            self._left_out(exc.args[0] if exc.args else [])
            kind = "activity" if options["include_imported"] else "national entry"
            place = f" for {options['country'].upper()}" if options["country"] else ""
            raise CommandError(
                f"Nothing to export: no {kind}{place} can be written as IATI 2.03 "
                "(an IATI file needs at least one activity)."
            ) from None
        except ExportInvalid as exc:
            raise CommandError(
                "The export does not validate: " + "; ".join(exc.errors[:10])
            ) from None
        self._left_out(result.left_out)
        if options["output"]:
            options["output"].write_bytes(result.data)
        else:
            sys.stdout.buffer.write(result.data)
        summary = f"{len(result.exported)} activities written"
        if options["output"]:
            summary += f" to {options['output']}"
        if result.left_out:
            summary += f"; {len(result.left_out)} left out (not valid IATI 2.03, named above)"
        self.stderr.write(summary)
