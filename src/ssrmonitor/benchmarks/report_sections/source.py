"""Which countries have a report, and up to when, as far as benchmark data goes."""

from __future__ import annotations

from datetime import date

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet

from ssrmonitor.benchmarks.models import FrameworkStatus, MeasurementStatus
from ssrmonitor.benchmarks.permissions import frameworks_visible_to, measurements_visible_to
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.core.sections import Audience


class BenchmarkReportSource:
    """Countries with frameworks report on them; the public only on published, adopted ones."""

    def countries(self, audience: str) -> QuerySet[Country]:
        if audience == Audience.PUBLIC:
            public = frameworks_visible_to(AnonymousUser()).exclude(status=FrameworkStatus.DRAFT)
            return Country.objects.filter(pk__in=public.values("country"))
        return Country.objects.filter(frameworks__isnull=False).distinct()

    def latest_day(self, viewer: Viewer, country: Country) -> date | None:
        approved = measurements_visible_to(viewer).filter(
            indicator__benchmark__framework__country=country, status=MeasurementStatus.APPROVED
        )
        return approved.order_by("-period_end").values_list("period_end", flat=True).first()
