"""Reading narrative blocks: the latest version of each block, and a block's history."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.reports.models import NarrativeBlock, NarrativeKey


def latest_blocks(country: Country, period: ReportingPeriod) -> dict[str, NarrativeBlock]:
    """The latest version of each block of ``country`` and ``period``, by key (one query)."""
    rows = NarrativeBlock.objects.filter(country=country, period=period).order_by("key", "-version")
    latest: dict[str, NarrativeBlock] = {}
    for block in rows:
        latest.setdefault(block.key, block)
    return latest


def current_narrative(country: Country, period: ReportingPeriod) -> dict[str, dict[str, Any]]:
    """The payload form of the latest blocks: ``{key: {"text", "version"}}``, empty ones out."""
    return {
        key: {"text": block.text, "version": block.version}
        for key, block in sorted(latest_blocks(country, period).items())
        if block.text.strip()
    }


def history(
    country: Country, period: ReportingPeriod, key: NarrativeKey
) -> QuerySet[NarrativeBlock]:
    """Every version of one block, newest first."""
    return (
        NarrativeBlock.objects.filter(country=country, period=period, key=key)
        .select_related("author")
        .order_by("-version")
    )
