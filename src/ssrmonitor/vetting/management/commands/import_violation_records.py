"""``ssrmonitor import_violation_records ISO2 RECORDS.csv --name NAME``: a records CSV."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.unreadable import StoredDataUnreadable
from ssrmonitor.vetting.management.commands.import_personnel import (
    acting_user,
    country_of,
    refused,
)
from ssrmonitor.vetting.services.registry_files import import_records


class Command(BaseCommand):
    help = (
        "Import a records CSV (record_id,full_name,aliases,date_of_birth,place_of_birth,sex,"
        "nationality,category,source; aliases and dates separated by ';') as a watchlist of the "
        "country. Importing again under the same --name replaces the list's records (records "
        "a case refers to are kept). A file with any wrong line changes nothing."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("country", metavar="ISO2", help="Country code, e.g. HT.")
        parser.add_argument("path", type=Path, metavar="RECORDS.csv")
        parser.add_argument("--name", help="Name of the watchlist (default: the file's name).")
        parser.add_argument("--user", help="Act as this vetting officer (default: the system).")

    def handle(self, *args: Any, **options: Any) -> None:
        path: Path = options["path"]
        try:
            watchlist, summary = import_records(
                path,
                acting_user=acting_user(options["user"], "import_violation_records"),
                country=country_of(options["country"]),
                name=options["name"] or path.name,
            )
        except (ValidationFailed, Denied, StoredDataUnreadable) as exc:
            raise refused(exc) from None
        self.stdout.write(
            f"{watchlist.name}: {summary.created} new, {summary.updated} updated, "
            f"{summary.removed} removed, {summary.kept} kept (in a case)."
        )
