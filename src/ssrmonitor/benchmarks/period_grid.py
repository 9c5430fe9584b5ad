"""The period grid as pages and sheets read it: one line per indicator, one cell per part.

A *line* is an indicator of the framework entered by hand, with its stored value for the period
(if any) and what a row shows beside it (unit, baseline, target, allowed range). Its *cells* are
the total and one per disaggregation category the indicator defines: sex and age band by their
closed categories, region by the names its values have used so far.

Reads only: the page and the sheet pass what the user may see; writes go through
:mod:`.services.grid`. Field names of a service's errors are turned back into cells by
:func:`cell_of`.
"""

from __future__ import annotations

import re
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.forms_measurement import CATEGORY_LABELS
from ssrmonitor.benchmarks.models import (
    DisaggregatedValue,
    Framework,
    Indicator,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.models.choices import DIMENSION_CATEGORIES, Dimension
from ssrmonitor.benchmarks.permissions import can_change_measurement
from ssrmonitor.benchmarks.services.grid import grid_indicators, period_measurements
from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.progress import TargetBasis, ValueNature

TOTAL = "total"
HISTORY = 3  # approved values shown beside a value under review
DETAIL_FIELDS = ("nature", "coverage_start", "coverage_end", "narrative")
_INDEXED = re.compile(r"^disaggregations\[(\d+)\]$")
_CATEGORY = re.compile(r"^disaggregations\.(\w+)\.(.+)$")


@dataclass
class GridCell:
    """The total of a line (``key`` ``total``) or one of its parts (``sex:female``)."""

    key: str
    dimension: str = ""
    category: str = ""
    stored: Decimal | None = None
    errors: list[str] = field(default_factory=list)
    raw: str | None = None  # what the user typed, shown again after a refusal

    @property
    def is_total(self) -> bool:
        return self.key == TOTAL

    @property
    def label(self) -> str:
        """``Total``, ``Sex: Female``, ``Region: North``, ``Region: another one``."""
        if self.is_total:
            return _("Total")
        dimension = Dimension(self.dimension).label
        if not self.category:
            return _("%s: another one") % dimension
        category = CATEGORY_LABELS.get(self.category, self.category)
        return f"{dimension}: {category}"


@dataclass
class GridLine:
    """An indicator of the grid with its value for the period and what the row shows."""

    indicator: Indicator
    measurement: Measurement | None
    editable: bool
    cells: list[GridCell]
    low: Decimal | None
    high: Decimal | None
    nature: str
    coverage_start: date | None = None
    coverage_end: date | None = None
    narrative: str = ""
    errors: dict[str, list[str]] = field(default_factory=dict)

    @property
    def total(self) -> GridCell:
        return self.cells[0]

    @property
    def parts(self) -> list[GridCell]:
        return self.cells[1:]

    @property
    def has_regions(self) -> bool:
        return Dimension.REGION in dimensions_of(self.indicator)

    @property
    def has_errors(self) -> bool:
        return bool(self.errors) or any(cell.errors for cell in self.cells)


def cell_key(dimension: str, category: str) -> str:
    return f"{dimension}:{category}"


def dimensions_of(indicator: Indicator) -> list[str]:
    """The indicator's disaggregation dimensions, in the order of :class:`Dimension`."""
    dims = indicator.disaggregations if isinstance(indicator.disaggregations, list) else []
    return [dim for dim in Dimension.values if dim in dims]


def default_nature(indicator: Indicator, latest: str | None) -> str:
    """The nature a new value starts with: the indicator's last one, else from its target."""
    if latest:
        return latest
    if indicator.target_basis == TargetBasis.PER_YEAR:
        return str(ValueNature.FLOW)
    if indicator.target_basis == TargetBasis.CUMULATIVE:
        return str(ValueNature.CUMULATIVE)
    return str(ValueNature.STOCK)


def _regions(indicators: Iterable[Indicator]) -> dict[int, list[str]]:
    """The region names each indicator's values have used, sorted."""
    rows = (
        DisaggregatedValue.objects.filter(
            measurement__indicator__in=list(indicators), dimension=Dimension.REGION
        )
        .values_list("measurement__indicator_id", "category")
        .distinct()
    )
    found: dict[int, set[str]] = defaultdict(set)
    for indicator_id, category in rows:
        found[indicator_id].add(category)
    return {key: sorted(names) for key, names in found.items()}


def _latest_natures(indicators: Sequence[Indicator], period: ReportingPeriod) -> dict[int, str]:
    rows = (
        Measurement.objects.filter(indicator__in=indicators, period_end__lt=period.start)
        .order_by("indicator_id", "period_end")
        .values_list("indicator_id", "nature")
    )
    return dict(rows)  # the last of each indicator wins


def _cells(indicator: Indicator, stored: Measurement | None, regions: list[str]) -> list[GridCell]:
    values = {}
    if stored is not None:
        values = {
            cell_key(p.dimension, p.category): p.value for p in stored.disaggregated_values.all()
        }
    cells = [GridCell(TOTAL, stored=stored.value if stored is not None else None)]
    for dimension in dimensions_of(indicator):
        names = DIMENSION_CATEGORIES.get(dimension)
        if names is None:
            used = {key.split(":", 1)[1] for key in values if key.startswith(f"{dimension}:")}
            names = tuple(sorted(set(regions) | used))
        for name in names:
            key = cell_key(dimension, name)
            cells.append(GridCell(key, dimension, name, values.get(key)))
    return cells


def grid_lines(framework: Framework, period: ReportingPeriod, user: Viewer) -> list[GridLine]:
    """Every line of the grid of ``framework`` for ``period``, as ``user`` may change it.

    A line is editable when it has no value yet (and the user may enter data) or when its
    value is a draft or returned one the user may change; submitted and approved values are
    shown, not changed.
    """
    indicators = list(grid_indicators(framework))
    stored = {m.indicator_id: m for m in period_measurements(framework, period)}
    regions = _regions(indicators)
    natures = _latest_natures(indicators, period)
    lines = []
    for indicator in indicators:
        value = stored.get(indicator.pk)
        probe = value or Measurement(indicator=indicator, status=MeasurementStatus.DRAFT)
        low, high = indicator.allowed_range()
        lines.append(
            GridLine(
                indicator=indicator,
                measurement=value,
                editable=can_change_measurement(user, probe)[0],
                cells=_cells(indicator, value, regions.get(indicator.pk, [])),
                low=low,
                high=high,
                nature=value.nature
                if value
                else default_nature(indicator, natures.get(indicator.pk)),
                coverage_start=value.coverage_start if value else None,
                coverage_end=value.coverage_end if value else None,
                narrative=value.narrative if value else "",
            )
        )
    return lines


def cell_of(field_name: str, part_keys: Sequence[str]) -> str:
    """The cell (or detail field) a service's error names.

    ``value`` and sums of a dimension are the total's; ``disaggregations.sex.female`` and
    ``disaggregations[1]`` (the second part given, ``part_keys[1]``) a part's; the coverage,
    nature and narrative fields are the line's details.
    """
    if field_name in DETAIL_FIELDS:
        return field_name
    category = _CATEGORY.match(field_name)
    if category:
        return cell_key(category.group(1), category.group(2))
    indexed = _INDEXED.match(field_name)
    if indexed and int(indexed.group(1)) < len(part_keys):
        return part_keys[int(indexed.group(1))]
    return TOTAL


def place_errors(line: GridLine, fields: dict[str, list[str]], part_keys: Sequence[str]) -> None:
    """Put a line's errors (``{field: reasons}``) next to the cells or details they name."""
    cells = {cell.key: cell for cell in line.cells}
    for name, reasons in fields.items():
        where = cell_of(name, part_keys)
        if where in cells:
            cells[where].errors.extend(reasons)
        else:
            line.errors.setdefault(where, []).extend(reasons)


@dataclass
class ReviewLine:
    """A submitted value of the batch review, with what a reviewer compares it with."""

    measurement: Measurement
    history: list[Measurement]
    may_review: bool
    reason: str
    errors: list[str] = field(default_factory=list)


def approved_history(
    indicators: Iterable[int], before: date, limit: int = HISTORY
) -> dict[int, list[Measurement]]:
    """The last ``limit`` approved values of each indicator ending before ``before``, newest
    first (one query)."""
    rows = Measurement.objects.filter(
        indicator__in=list(indicators), status=MeasurementStatus.APPROVED, period_end__lt=before
    ).order_by("indicator_id", "-period_end", "-id")
    found: dict[int, list[Measurement]] = defaultdict(list)
    for row in rows:
        if len(found[row.indicator_id]) < limit:
            found[row.indicator_id].append(row)
    return found
