"""``ssrmonitor transition_alerts --months N`` — tasks due soon whose criteria are off track."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.utils import timezone

from ssrmonitor.benchmarks.models import Indicator
from ssrmonitor.transitions.models import TransitionPlan
from ssrmonitor.transitions.selectors import alerts_for


class Command(BaseCommand):
    help = (
        "List the transition tasks not yet handed over whose handover date falls within the "
        "next N months (or has passed) and that have at least one readiness criterion off "
        "track. Ratings use every approved measurement (this is an operator's command, not a "
        "public view). Exit status 0 with or without alerts."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument(
            "--months", type=int, default=6, help="How many months ahead to look (default 6)."
        )
        parser.add_argument("--country", help="Only plans of this country (ISO alpha-2).")

    def handle(self, *args: Any, **options: Any) -> None:
        months = options["months"]
        if months < 1 or months > 120:
            raise CommandError("--months must be between 1 and 120.")
        plans = TransitionPlan.objects.select_related("mission", "country")
        if options["country"]:
            plans = plans.filter(country__iso2=options["country"].upper())
        today = timezone.localdate()
        alerts = alerts_for(plans, Indicator.objects.all(), today=today, months=months)
        for plan, alert in alerts:
            self.stdout.write(
                f"{plan.country.iso2}\t{plan.mission.acronym}\t{alert.handover_date}\t"
                f"{alert.days_left} days\t{alert.off_track} off track\t{alert.title}"
            )
        self.stderr.write(f"{len(alerts)} alert(s) within {months} month(s) of {today}.")
