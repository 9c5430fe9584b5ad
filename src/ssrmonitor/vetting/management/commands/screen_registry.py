"""``ssrmonitor screen_registry ISO2``: screen the country's personnel against its records."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.unreadable import StoredDataUnreadable
from ssrmonitor.vetting.management.commands.import_personnel import (
    acting_user,
    country_of,
    refused,
)
from ssrmonitor.vetting.services.screening import screen_registry


class Command(BaseCommand):
    help = (
        "Screen every registered person of the country against its records and watchlists, "
        "with the country's thresholds. Each new hit at or above the possible band opens a "
        "case (never a second one for the same pair); nothing is decided."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("country", metavar="ISO2", help="Country code, e.g. HT.")
        parser.add_argument("--user", help="Act as this vetting officer (default: the system).")

    def handle(self, *args: Any, **options: Any) -> None:
        country = country_of(options["country"])
        try:
            run = screen_registry(
                acting_user=acting_user(options["user"], "screen_registry"), country=country
            )
        except (Denied, StoredDataUnreadable) as exc:
            raise refused(exc) from None
        self.stdout.write(
            f"Run #{run.pk}: {run.persons_screened} persons against {run.records_compared} "
            f"records in {run.seconds:.1f} s: {run.probable_hits} probable, "
            f"{run.possible_hits} possible."
        )
