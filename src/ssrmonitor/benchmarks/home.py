"""The benchmarks panel of the home page (issue 14: the first thing a donor sees was empty).

* **Rated frameworks first** — frameworks the visitor may see with at least one rated
  indicator, active ones before closed ones, with the count of each rating (the first
  :data:`RATED_SHOWN`, those of the visitor's own countries first; the rest are counted);
* **active frameworks by country** (the first :data:`FRAMEWORKS_SHOWN` of each country, the
  country's page lists them all) — rated ones with their rating; those without a rating yet
  (no baseline or target, or no approved value) with their data completeness (how many
  indicators have a baseline, a target, an approved value) and their latest approved values,
  instead of a bare "No data";
* **closed frameworks without a rating** — one line per country, kept as a record.

With more than :data:`FULL_COUNTRIES` countries (a deployment for a whole region), the
countries other than the visitor's own are one line each: the country, its number of active
frameworks and its overall rating.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Exists, OuterRef, Q
from django.template.loader import render_to_string
from django.utils.translation import get_language

from ssrmonitor.benchmarks.models import Framework, FrameworkStatus, Measurement, MeasurementStatus
from ssrmonitor.benchmarks.permissions import (
    frameworks_visible_to,
    indicators_visible_to,
    measurements_visible_to,
)
from ssrmonitor.benchmarks.published import cached_published, scope
from ssrmonitor.benchmarks.selectors import rating_counts
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.home import HomePanel
from ssrmonitor.core.models import Country
from ssrmonitor.core.permissions import Action, country_ids_with
from ssrmonitor.core.progress import Rating, roll_up, roll_up_counts

LATEST_SHOWN = 3
RATED_SHOWN = 12  # rated framework cards, the visitor's own countries first
FRAMEWORKS_SHOWN = 5  # frameworks listed under each country
FULL_COUNTRIES = 8  # past this many countries, only the visitor's own have a full card


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

    @property
    def rated(self) -> bool:
        return self.rating is not Rating.NO_DATA

    @property
    def shown(self) -> list[FrameworkCard]:
        """The first :data:`FRAMEWORKS_SHOWN` frameworks (the country's page lists them all)."""
        return self.frameworks[:FRAMEWORKS_SHOWN]

    @property
    def more(self) -> int:
        return max(0, len(self.frameworks) - FRAMEWORKS_SHOWN)


def _completeness(viewer: Viewer, ids: list[int]) -> dict[int, Completeness]:
    approved = Measurement.objects.filter(
        indicator=OuterRef("pk"), status=MeasurementStatus.APPROVED
    )
    rows = (
        indicators_visible_to(viewer)
        .filter(benchmark__framework__in=ids)
        .alias(valued_flag=Exists(approved))
        .order_by()
        .values("benchmark__framework_id")
        .annotate(
            total=Count("id"),
            baseline=Count("id", filter=Q(baseline_value__isnull=False) | ~Q(baseline_text="")),
            target=Count("id", filter=Q(target_value__isnull=False) | ~Q(target_text="")),
            valued=Count("id", filter=Q(valued_flag=True)),
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
    """Every adopted framework ``viewer`` may see, with its rating (no details yet)."""
    frameworks = list(
        frameworks_visible_to(viewer)
        .exclude(status=FrameworkStatus.DRAFT)
        .select_related("country", "mission")
        .order_by("country__name", "-adoption_date", "title")
    )
    counts = rating_counts(
        indicators_visible_to(viewer).filter(benchmark__framework__in=frameworks), by="framework"
    )
    cards = []
    for framework in frameworks:
        found = counts.get(framework.pk, dict.fromkeys(Rating, 0))
        cards.append(FrameworkCard(framework, roll_up_counts(found), found))
    return cards


def add_details(viewer: Viewer, cards: list[FrameworkCard]) -> None:
    """The completeness of ``cards`` and, for those without a rating, their latest values."""
    completeness = _completeness(viewer, [card.framework.pk for card in cards])
    for card in cards:
        card.completeness = completeness.get(card.framework.pk, Completeness())
    unrated = [card.framework for card in cards if not card.rated and card.completeness.valued]
    if unrated:
        latest = _latest(viewer, unrated)
        for card in cards:
            card.latest = latest.get(card.framework.pk, [])


def panel_context(viewer: Viewer) -> dict[str, Any]:
    """The panel as HTML, kept until the published data changes: one entry per scope (the
    frameworks the visitor sees), language, and signed in or not."""
    parts = (scope(viewer), get_language(), viewer.is_authenticated)
    html = cached_published("home-panel", parts, lambda: _rendered(viewer))
    return {"html": html}


def _rendered(viewer: Viewer) -> str:
    context = {"panel": computed_panel(viewer), "user": viewer}
    return render_to_string("benchmarks/_home_panel_body.html", context)


def computed_panel(viewer: Viewer) -> dict[str, Any]:
    """Rated frameworks first, then active frameworks by country, then closed unrated ones.

    With more than :data:`FULL_COUNTRIES` countries, only the visitor's own countries keep
    their full card; the others are one line each (the page stays short on a poor link, and
    its completeness figures are counted for the frameworks shown only).
    """
    cards = framework_cards(viewer)
    active = [card for card in cards if card.framework.status == FrameworkStatus.ACTIVE]
    rated = [card for card in active if card.rated]
    rated += [c for c in cards if c.rated and c.framework.status != FrameworkStatus.ACTIVE]
    own = country_ids_with(viewer, Action.VIEW_INTERNAL) or set()
    rated.sort(key=lambda card: card.framework.country_id not in own)  # stable: own first
    countries: dict[int, CountryCard] = {}
    for card in active:
        entry = countries.setdefault(
            card.framework.country_id, CountryCard(card.framework.country, [])
        )
        entry.frameworks.append(card)
    full = list(countries.values())
    brief: list[CountryCard] = []
    if len(full) > FULL_COUNTRIES:
        brief = [entry for entry in full if entry.country.pk not in own]
        full = [entry for entry in full if entry.country.pk in own]
    add_details(viewer, [card for entry in full for card in entry.shown])
    closed: dict[int, CountryCard] = {}
    for card in cards:
        if card.framework.status == FrameworkStatus.CLOSED and not card.rated:
            entry = closed.setdefault(
                card.framework.country_id, CountryCard(card.framework.country, [])
            )
            entry.frameworks.append(card)
    return {
        "rated": rated[:RATED_SHOWN],
        "rated_more": max(0, len(rated) - RATED_SHOWN),
        "countries": full,
        "brief": brief,
        "closed": list(closed.values()),
    }


PANEL = HomePanel(
    key="benchmarks",
    order=10,
    template="benchmarks/home_panel.html",
    context=panel_context,
)
