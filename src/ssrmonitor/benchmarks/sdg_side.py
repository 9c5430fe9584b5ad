"""A country's benchmark indicators beside the national SDG values of the series they report.

An indicator mapped to an SDG series (``Indicator.sdg_series``) is shown, on its country's
page, year by year next to the values of that series imported for the country from the
national statistics office, the UN SDG database or an Open SDG platform
(``perceptions.SdgValue``): its own value of the year (the year's latest approved value, survey
estimate or publishable personnel share, as the SDMX export gives it) and the national value of
the series for the whole country (every breakdown at its total). The latest years come first.
Only indicators the viewer may see are shown; SDG values are public statistics.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from ssrmonitor.benchmarks.models import Indicator
from ssrmonitor.benchmarks.sdg_export import mapped_indicators, yearly_values
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.perceptions.permissions import sdg_values_visible_to
from ssrmonitor.perceptions.sdg.catalogue import all_series

YEARS = 6


@dataclass(frozen=True)
class SideRow:
    """One year: the indicator's own value and the series' national value (``None``: none).

    ``national_period`` is the national value's period as reported when it spans more than
    the year (``2005/06``).
    """

    year: int
    own: Decimal | None
    national: Decimal | None
    national_period: str = ""


@dataclass
class SideBySide:
    """A mapped indicator with its latest years beside the national values of its series."""

    indicator: Indicator
    series: str
    series_name: str
    rows: list[SideRow] = field(default_factory=list)
    breakdowns: int = 0


def _year(period: str) -> int | None:
    return int(period[:4]) if period[:4].isdigit() else None


def side_by_side(viewer: Viewer, country: Country) -> list[SideBySide]:
    """Each mapped indicator ``viewer`` may see, with its own and the national values by year."""
    indicators = mapped_indicators(viewer, country)
    if not indicators:
        return []
    own = yearly_values(indicators)
    national: dict[str, dict[int, tuple[Decimal | None, str]]] = {}
    breakdowns: dict[str, set[str]] = {}
    series = {i.sdg_series for i in indicators}
    for value in sdg_values_visible_to(viewer, country).filter(series__in=series):
        year = _year(value.time_period)
        if value.breakdown:
            breakdowns.setdefault(value.series, set()).add(value.breakdown)
        elif year is not None:
            detail = str(value.attributes.get("TIME_DETAIL", ""))
            national.setdefault(value.series, {})[year] = (value.value, detail)
    shown = []
    for indicator in sorted(indicators, key=lambda i: (i.benchmark.framework_id, i.pk)):
        mine, theirs = own.get(indicator.pk, {}), national.get(indicator.sdg_series, {})
        years = sorted(set(mine) | set(theirs), reverse=True)[:YEARS]
        entry = all_series().get(indicator.sdg_series)
        shown.append(
            SideBySide(
                indicator, indicator.sdg_series, entry.name if entry else "",
                [SideRow(y, mine.get(y), *theirs.get(y, (None, ""))) for y in years],
                len(breakdowns.get(indicator.sdg_series, ())),
            )
        )  # fmt: skip
    return shown
