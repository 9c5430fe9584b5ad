"""The benchmarks panel of the home page: countries with active frameworks, rated; closed ones."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ssrmonitor.benchmarks.models import Framework, FrameworkStatus
from ssrmonitor.benchmarks.permissions import frameworks_visible_to
from ssrmonitor.benchmarks.selectors import country_summaries
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.home import HomePanel
from ssrmonitor.core.models import Country


@dataclass
class ClosedCountry:
    """A country whose frameworks the user may see are all or partly closed."""

    country: Country
    frameworks: list[Framework]


def _closed_frameworks(user: Viewer) -> list[ClosedCountry]:
    frameworks = (
        frameworks_visible_to(user)
        .filter(status=FrameworkStatus.CLOSED)
        .select_related("country", "mission")
        .order_by("country__name", "-end_date", "title")
    )
    grouped: dict[int, ClosedCountry] = {}
    for framework in frameworks:
        entry = grouped.setdefault(framework.country_id, ClosedCountry(framework.country, []))
        entry.frameworks.append(framework)
    return list(grouped.values())


def panel_context(viewer: Viewer) -> dict[str, Any]:
    """Countries with active frameworks ``viewer`` may see, rated; closed frameworks below."""
    return {"summaries": country_summaries(viewer), "closed": _closed_frameworks(viewer)}


PANEL = HomePanel(
    key="benchmarks",
    order=10,
    template="benchmarks/home_panel.html",
    context=panel_context,
)
