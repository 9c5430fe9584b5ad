"""The chart of an indicator: its approved values against baseline and target.

The drawing itself is :func:`ssrmonitor.core.charts.render_chart`. What is drawn is what the
progress rules compare (:func:`ssrmonitor.core.progress.compare`): a value over a span is drawn
over its span, annualised when the target is a total per year (and its label says so); a value
that cannot be compared with the target is not drawn, and the chart's description says why.
"""

from __future__ import annotations

from collections.abc import Iterable
from decimal import Decimal

from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import Direction, Indicator, Measurement
from ssrmonitor.benchmarks.selectors import point_of, spec_of
from ssrmonitor.core.charts import ChartPoint, ChartSpec, number
from ssrmonitor.core.progress import Comparison, Point, compare, covered_days


def rounded(value: Decimal) -> Decimal:
    """An annualised value as it is read: whole from 10 up, to one decimal below."""
    step = Decimal(1) if abs(value) >= 10 else Decimal("0.1")
    return value.quantize(step)


def annualised_note(reported: Decimal, point: Point) -> str:
    """How an annualised value was made: ``annualised from 1382 over 700 days``."""
    return _("annualised from %(value)s over %(days)d days") % {
        "value": number(reported),
        "days": covered_days(point) or 0,
    }


def compared(
    indicator: Indicator, measurements: Iterable[Measurement]
) -> list[tuple[Measurement, Point, Comparison]]:
    """Each measurement with its point and how it compares with the target, by the last day."""
    rules = spec_of(indicator)
    rows = [(m, point_of(m)) for m in measurements]
    rows.sort(key=lambda row: (row[1].day, row[0].period_start))
    return [(m, point, compare(rules, point)) for m, point in rows]


def spec_for(indicator: Indicator, measurements: Iterable[Measurement]) -> ChartSpec:
    """Build the chart of ``indicator`` from measurements the caller may show (approved ones)."""
    points, left_out = [], []
    for m, point, comparison in compared(indicator, measurements):
        label = str(m.period)
        if comparison.value is None:
            left_out.append(f"{label}: {number(m.value)} ({comparison.reason})")
            continue
        note = annualised_note(m.value, point) if comparison.annualised else ""
        points.append(
            ChartPoint(point.day, comparison.value, label, m.is_illustrative, point.start, note)
        )
    return ChartSpec(
        title=str(indicator),
        unit=indicator.unit,
        points=points,
        baseline=indicator.baseline_value,
        baseline_date=indicator.baseline_date,
        target=indicator.target_value,
        target_date=indicator.target_date,
        increase=indicator.direction == Direction.INCREASE,
        left_out=left_out,
    )
