"""SSR Monitor's own indicator values as SDG data: SDMX rows for indicators mapped to a series.

An indicator mapped to an SDG series (``Indicator.sdg_series``, a code of the DSD's
``CL_SERIES``) gives one observation per year: its latest approved value of the year (or its
latest survey estimate or publishable personnel share, for a fed indicator), for the whole
country and every breakdown at its total. ``perceptions.sdg.sdmx_io`` writes them as SDMX-CSV
or SDMX-ML against the IAEG-SDGs DSD, which a national statistics office or the UN SDG database
can take. Only what ``viewer`` may see of the country's frameworks is exported.
"""

from __future__ import annotations

from decimal import Decimal

from ssrmonitor.benchmarks.models import Indicator, IndicatorKind
from ssrmonitor.benchmarks.permissions import indicators_visible_to
from ssrmonitor.benchmarks.selectors import approved_points, perception_series, personnel_series
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.perceptions.sdg.dsd import SdgObservation, dimensions

TOTAL = "_T"
FIXED = {"FREQ": "A", "REPORTING_TYPE": "N"}


def _yearly(
    indicator: Indicator, measured: dict[int, list[tuple[int, Decimal]]]
) -> dict[int, Decimal]:
    if indicator.is_personnel_fed:
        points = [(p.day.year, p.share) for p in personnel_series(indicator)]
    elif indicator.is_survey_fed:
        points = [(p.day.year, p.share) for p in perception_series(indicator)]
    else:
        points = measured.get(indicator.pk, [])
    return dict(points)  # oldest first: the year's latest value wins


def mapped_indicators(viewer: Viewer, country: Country) -> list[Indicator]:
    """The indicators of ``country`` mapped to an SDG series that ``viewer`` may see."""
    return list(
        indicators_visible_to(viewer)
        .filter(benchmark__framework__country=country)
        .exclude(sdg_series="")
        .select_related("benchmark__framework")
        .order_by("sdg_series", "pk")
    )


def yearly_values(indicators: list[Indicator]) -> dict[int, dict[int, Decimal]]:
    """Each indicator's values by year: the year's latest value, as the export gives it."""
    points = approved_points(i.pk for i in indicators if not i.is_fed)
    measured = {pk: [(p.day.year, p.value) for p in found] for pk, found in points.items()}
    return {indicator.pk: _yearly(indicator, measured) for indicator in indicators}


def sdg_rows(viewer: Viewer, country: Country) -> list[SdgObservation]:
    """The observations of the mapped indicators of ``country`` that ``viewer`` may see."""
    indicators = mapped_indicators(viewer, country)
    yearly = yearly_values(indicators)
    rows: dict[tuple[str, int], SdgObservation] = {}
    for indicator in indicators:
        for year, value in sorted(yearly[indicator.pk].items()):
            key = {name: TOTAL for name in dimensions()}
            key |= FIXED | {"SERIES": indicator.sdg_series, "REF_AREA": country.m49_code}
            key["TIME_PERIOD"] = str(year)
            unit = {"UNIT_MEASURE": "PT"} if indicator.kind == IndicatorKind.PERCENTAGE else {}
            rows.setdefault((indicator.sdg_series, year), SdgObservation(key, value, unit))
    return list(rows.values())
