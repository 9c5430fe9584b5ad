"""``ssrmonitor embargo_alerts`` — equipment going to a country under embargo, no exemption."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ssrmonitor.core.actors import system_actor
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action
from ssrmonitor.sanctions.alerts import alerts_visible_to


class Command(BaseCommand):
    help = (
        "List the support activities flagged as supplying lethal or security equipment to a "
        "country under an arms embargo in force today, for which no exemption request (other "
        "than a withdrawn one) is recorded. One line per alert: country, activity, equipment."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--country", help="Only this country (ISO alpha-2).")

    def handle(self, *args: Any, **options: Any) -> None:
        country_id = None
        if options["country"]:
            place = Country.objects.filter(iso2=options["country"].upper()).first()
            if place is None:
                raise CommandError(f"No country has the code {options['country']!r}.")
            country_id = place.pk
        # The operator sees the alerts of every country.
        system = system_actor("embargo_alerts", [Action.VIEW_SANCTIONS_INTERNAL])
        alerts = alerts_visible_to(system, today=timezone.localdate(), country_id=country_id)
        for flag in alerts:
            self.stdout.write(
                f"{flag.country.iso2}\t{flag.activity.iati_identifier}\t{flag.kind}\t{flag.note}"
            )
        self.stderr.write(f"{len(alerts)} alert(s).")
