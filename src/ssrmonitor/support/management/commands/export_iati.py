"""``ssrmonitor export_iati``: write IATI 2.03 XML of the activities recorded in SSR Monitor."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser

from ssrmonitor.support.iati.export import ExportInvalid, export_xml
from ssrmonitor.support.models import Activity, Source


class Command(BaseCommand):
    help = (
        "Write IATI 2.03 activity XML of the activities recorded in SSR Monitor (national "
        "entries by partners who do not publish to IATI). The output is validated against the "
        "official IATI 2.03 schema bundled with SSR Monitor; nothing is written if it is invalid."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--country", metavar="XX", help="Only activities recorded for this country."
        )
        parser.add_argument(
            "--include-imported",
            action="store_true",
            help="Also export activities imported from IATI files (check the licences first).",
        )
        parser.add_argument(
            "--output", "-o", type=Path, help="Write to this file (default: stdout)."
        )

    def handle(self, *args: Any, **options: Any) -> None:
        activities = Activity.objects.all()
        if not options["include_imported"]:
            activities = activities.filter(source=Source.NATIONAL)
        if options["country"]:
            activities = activities.filter(country__iso2=options["country"].upper())
        try:
            data = export_xml(activities)
        except ExportInvalid as exc:
            raise CommandError(
                "The export does not validate: " + "; ".join(exc.errors[:10])
            ) from None
        if options["output"]:
            options["output"].write_bytes(data)
            self.stderr.write(f"{activities.count()} activities written to {options['output']}")
        else:
            sys.stdout.buffer.write(data)
