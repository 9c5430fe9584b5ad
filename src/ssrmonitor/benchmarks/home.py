"""The benchmarks panel of the home page (issue 14: the first thing a donor sees was empty).

* **Rated frameworks first** — every framework the visitor may see with at least one rated
  indicator, active ones before closed ones, with the count of each rating;
* **active frameworks by country** — rated ones with their rating; those without a rating yet
  (no baseline or target, or no approved value) with their data completeness (how many
  indicators have a baseline, a target, an approved value) and their latest approved values,
  instead of a bare "No data";
* **closed frameworks without a rating** — one line per country, kept as a record.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Q

from ssrmonitor.benchmarks.models import Framework, FrameworkStatus, Measurement, MeasurementStatus
from ssrmonitor.benchmarks.permissions import (
    frameworks_visible_to,
    indicators_visible_to,
    measurements_visible_to,
)
from ssrmonitor.benchmarks.selectors import progress_of
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.home import HomePanel
from ssrmonitor.core.models import Country
from ssrmonitor.core.progress import Rating, count_ratings, roll_up

LATEST_SHOWN = 3


@dataclass
class Completeness:
    """How much of a framework's data exists: indicators with a baseline, target, value."""

    indicators: int = 0
    baseline: int = 0
    target: int = 0
    valued: int = 0


@dataclass
class FrameworkCard:
    framework: Framework
    rating: Rating
    counts: dict[Rating, int] = field(default_factory=dict)
    completeness: Completeness = field(default_factory=Completeness)
    latest: list[Measurement] = field(default_factory=list)

    @property
    def rated(self) -> bool:
        return self.rating is not Rating.NO_DATA


@dataclass
class CountryCard:
    country: Country
    frameworks: list[FrameworkCard]

    @property
    def rating(self) -> Rating:
        return roll_up(card.rating for card in self.frameworks)


def _completeness(viewer: Viewer, ids: list[int]) -> dict[int, Completeness]:
    approved = Q(measurements__status=MeasurementStatus.APPROVED)
    rows = (
        indicators_visible_to(viewer)
        .filter(benchmark__framework__in=ids)
        .values("benchmark__framework_id")
        .annotate(
            total=Count("id", distinct=True),
            baseline=Count(
                "id",
                filter=Q(baseline_value__isnull=False) | ~Q(baseline_text=""),
                distinct=True,
            ),
            target=Count(
                "id", filter=Q(target_value__isnull=False) | ~Q(target_text=""), distinct=True
            ),
            valued=Count("id", filter=approved, distinct=True),
        )
    )
    return {
        row["benchmark__framework_id"]: Completeness(
            row["total"], row["baseline"], row["target"], row["valued"]
        )
        for row in rows
    }


def _latest(viewer: Viewer, frameworks: list[Framework]) -> dict[int, list[Measurement]]:
    """The latest approved values of each framework (one query, :data:`LATEST_SHOWN` each)."""
    found: dict[int, list[Measurement]] = defaultdict(list)
    rows = (
        measurements_visible_to(viewer)
        .filter(indicator__benchmark__framework__in=frameworks, status=MeasurementStatus.APPROVED)
        .select_related("indicator__benchmark")
        .order_by("-period_end", "indicator__code", "id")
    )
    for row in rows:
        shown = found[row.indicator.benchmark.framework_id]
        if len(shown) < LATEST_SHOWN:
            shown.append(row)
    return found


def framework_cards(viewer: Viewer) -> list[FrameworkCard]:
    """Every adopted framework ``viewer`` may see, rated, with completeness and latest values."""
    frameworks = list(
        frameworks_visible_to(viewer)
        .exclude(status=FrameworkStatus.DRAFT)
        .select_related("country", "mission")
        .order_by("country__name", "-adoption_date", "title")
    )
    ids = [fw.pk for fw in frameworks]
    completeness = _completeness(viewer, ids)
    indicators = list(
        indicators_visible_to(viewer)
        .filter(benchmark__framework__in=ids)
        .select_related("benchmark")
    )
    progress = progress_of(indicators)
    ratings: dict[int, list[Rating]] = defaultdict(list)
    for ind in indicators:
        ratings[ind.benchmark.framework_id].append(progress[ind.pk].rating)
    cards = []
    for framework in frameworks:
        found = ratings.get(framework.pk, [])
        card = FrameworkCard(
            framework,
            roll_up(found),
            count_ratings(found),
            completeness.get(framework.pk, Completeness()),
        )
        cards.append(card)
    unrated = [card.framework for card in cards if not card.rated and card.completeness.valued]
    if unrated:
        latest = _latest(viewer, unrated)
        for card in cards:
            card.latest = latest.get(card.framework.pk, [])
    return cards


def panel_context(viewer: Viewer) -> dict[str, Any]:
    """Rated frameworks first, then active frameworks by country, then closed unrated ones."""
    cards = framework_cards(viewer)
    active = [card for card in cards if card.framework.status == FrameworkStatus.ACTIVE]
    rated = [card for card in active if card.rated]
    rated += [card for card in cards if card.rated and card not in active]
    countries: dict[int, CountryCard] = {}
    for card in active:
        entry = countries.setdefault(
            card.framework.country_id, CountryCard(card.framework.country, [])
        )
        entry.frameworks.append(card)
    closed: dict[int, CountryCard] = {}
    for card in cards:
        if card.framework.status == FrameworkStatus.CLOSED and not card.rated:
            entry = closed.setdefault(
                card.framework.country_id, CountryCard(card.framework.country, [])
            )
            entry.frameworks.append(card)
    return {"rated": rated, "countries": list(countries.values()), "closed": list(closed.values())}


PANEL = HomePanel(
    key="benchmarks",
    order=10,
    template="benchmarks/home_panel.html",
    context=panel_context,
)
