"""The chart of an indicator: its approved values against baseline and target.

The drawing itself is :func:`ssrmonitor.core.charts.render_chart`.
"""

from __future__ import annotations

from collections.abc import Iterable

from ssrmonitor.benchmarks.models import Direction, Indicator, Measurement
from ssrmonitor.core.charts import ChartPoint, ChartSpec


def spec_for(indicator: Indicator, measurements: Iterable[Measurement]) -> ChartSpec:
    """Build the chart of ``indicator`` from measurements the caller may show (approved ones)."""
    points = [
        ChartPoint(m.period_end, m.value, str(m.period), m.is_illustrative)
        for m in sorted(measurements, key=lambda m: (m.period_end, m.period_start))
    ]
    return ChartSpec(
        title=str(indicator),
        unit=indicator.unit,
        points=points,
        baseline=indicator.baseline_value,
        baseline_date=indicator.baseline_date,
        target=indicator.target_value,
        target_date=indicator.target_date,
        increase=indicator.direction == Direction.INCREASE,
    )
