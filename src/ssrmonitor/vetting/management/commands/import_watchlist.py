"""``ssrmonitor import_watchlist ISO2 FILE.xml``: the UN Security Council consolidated list."""

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
from ssrmonitor.vetting.services.registry_files import import_records, import_un_list

DEFAULT_NAME = "UN Security Council consolidated list"


class Command(BaseCommand):
    help = (
        "Import a watchlist into the country's records: the UN Security Council consolidated "
        "list (XML; individuals with their aliases, dates and places of birth) or, with "
        "--format csv, a records CSV. Importing again under the same --name replaces the "
        "list's records; records a case refers to are kept."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("country", metavar="ISO2", help="Country code, e.g. HT.")
        parser.add_argument("path", type=Path, metavar="FILE")
        parser.add_argument("--format", choices=["un-xml", "csv"], default="un-xml")
        parser.add_argument("--name", help=f"Name of the watchlist (default: {DEFAULT_NAME}).")
        parser.add_argument("--user", help="Act as this vetting officer (default: the system).")

    def handle(self, *args: Any, **options: Any) -> None:
        importer = import_records if options["format"] == "csv" else import_un_list
        try:
            watchlist, summary = importer(
                options["path"],
                acting_user=acting_user(options["user"], "import_watchlist"),
                country=country_of(options["country"]),
                name=options["name"] or DEFAULT_NAME,
            )
        except (ValidationFailed, Denied, StoredDataUnreadable) as exc:
            raise refused(exc) from None
        self.stdout.write(
            f"{watchlist.name}: {summary.created} new, {summary.updated} updated, "
            f"{summary.removed} removed, {summary.kept} kept (in a case)."
        )
