"""Checking a value before it is saved: number, period, coverage, range, unit, disaggregations.

Each check raises :class:`ValidationFailed` naming the field and the reason.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import DisaggregatedValue, Indicator, IndicatorKind
from ssrmonitor.benchmarks.models.choices import DIMENSION_CATEGORIES, Dimension
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.core.progress import ValueNature


@dataclass(frozen=True)
class DisaggregationInput:
    """One part of a value: ``dimension`` (sex, age_band, region), ``category``, ``value``."""

    dimension: str
    category: str
    value: Decimal | str | int | float


def decimal_value(field: str, raw: Decimal | str | int | float) -> Decimal:
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed.one(field, _("%s is not a number.") % raw) from None
    if not value.is_finite():
        raise ValidationFailed.one(field, _("%s is not a number.") % raw)
    return value


def period_in_framework(
    indicator: Indicator, raw: ReportingPeriod | str, today: date
) -> ReportingPeriod:
    try:
        period = raw if isinstance(raw, ReportingPeriod) else ReportingPeriod.parse(raw)
    except PeriodParseError as exc:
        raise ValidationFailed.one("period", str(exc)) from None
    framework = indicator.benchmark.framework
    if not period.overlaps(framework.adoption_date, framework.end_date):
        raise ValidationFailed.one(
            "period",
            _("%(period)s is outside the framework (%(start)s to %(end)s).")
            % {
                "period": period,
                "start": framework.adoption_date or "…",
                "end": framework.end_date or "…",
            },
        )
    if period.start > today:
        raise ValidationFailed.one("period", _("%s has not started yet.") % period)
    return period


def check_value(indicator: Indicator, value: Decimal) -> None:
    low, high = indicator.allowed_range()
    if (low is not None and value < low) or (high is not None and value > high):
        raise ValidationFailed.one(
            "value",
            _("%(value)s is outside the allowed range %(low)s to %(high)s (%(unit)s).")
            % {
                "value": plain(value),
                "low": "…" if low is None else plain(low),
                "high": "…" if high is None else plain(high),
                "unit": indicator.unit or indicator.get_kind_display(),
            },
        )
    whole = indicator.kind in (IndicatorKind.MILESTONE, IndicatorKind.RATING)
    if whole and value != value.to_integral_value():
        kind = str(indicator.get_kind_display()).lower()
        raise ValidationFailed.one("value", _("A %s takes whole numbers only.") % kind)


def check_unit(indicator: Indicator, unit: str | None) -> None:
    if unit is not None and unit.strip() != indicator.unit.strip():
        raise ValidationFailed.one(
            "unit",
            _("The unit %(given)r does not match the indicator's unit %(unit)r.")
            % {"given": unit, "unit": indicator.unit},
        )


def checked_parts(
    indicator: Indicator, total: Decimal, parts: list[DisaggregationInput]
) -> list[DisaggregatedValue]:
    errors: list[FieldError] = []
    rows: list[DisaggregatedValue] = []
    seen: set[tuple[str, str]] = set()
    for number, part in enumerate(parts):
        field = f"disaggregations[{number}]"
        if part.dimension not in indicator.disaggregations:
            errors.append(
                FieldError(field, _("This indicator is not disaggregated by %s.") % part.dimension)
            )
            continue
        allowed = DIMENSION_CATEGORIES.get(part.dimension)
        category = part.category.strip()
        if not category or (allowed is not None and category not in allowed):
            errors.append(
                FieldError(
                    field,
                    _("Category %(c)r is not one of %(a)s.")
                    % {"c": category, "a": ", ".join(allowed or ())},
                )
            )
            continue
        if (part.dimension, category) in seen:
            errors.append(FieldError(field, _("%s is given twice.") % category))
            continue
        seen.add((part.dimension, category))
        value = decimal_value(field, part.value)
        rows.append(DisaggregatedValue(dimension=part.dimension, category=category, value=value))
    if errors:
        raise ValidationFailed(errors)
    for row in rows:
        try:
            check_value(indicator, row.value)
        except ValidationFailed as exc:
            raise ValidationFailed.one(
                f"disaggregations.{row.dimension}.{row.category}", exc.errors[0].reason
            ) from None
    _check_sums(indicator, total, rows)
    return rows


def _check_sums(indicator: Indicator, total: Decimal, rows: list[DisaggregatedValue]) -> None:
    """Counts add up: a complete set of categories equals the total, a partial set stays below.

    Percentages, milestones and ratings are not additive, so they are not summed.
    """
    if indicator.kind != IndicatorKind.QUANTITATIVE:
        return
    by_dimension: dict[str, list[DisaggregatedValue]] = {}
    for row in rows:
        by_dimension.setdefault(row.dimension, []).append(row)
    for dimension, members in by_dimension.items():
        name = str(Dimension(dimension).label).lower()
        subtotal = sum((row.value for row in members), Decimal(0))
        complete = DIMENSION_CATEGORIES.get(dimension, ())
        is_partition = bool(complete) and {row.category for row in members} == set(complete)
        if is_partition and subtotal != total:
            raise ValidationFailed.one(
                f"disaggregations.{dimension}",
                _("The %(dim)s values add up to %(sum)s, not to the total %(total)s.")
                % {"dim": name, "sum": plain(subtotal), "total": plain(total)},
            )
        if subtotal > total:
            raise ValidationFailed.one(
                f"disaggregations.{dimension}",
                _("The %(dim)s values add up to %(sum)s, more than the total %(total)s.")
                % {"dim": name, "sum": plain(subtotal), "total": plain(total)},
            )


@dataclass(frozen=True)
class Coverage:
    """What a value covers: from ``start`` to ``end`` (``None``: the reporting period's), and its
    nature (a :class:`~ssrmonitor.core.progress.ValueNature` value)."""

    start: date | None = None
    end: date | None = None
    nature: str = ValueNature.STOCK


def checked_coverage(period: ReportingPeriod, coverage: Coverage) -> Coverage:
    """The coverage of a value reported for ``period``, checked; every problem names its field.

    A level (*stock*) has a date and no span; the other natures cover a span, which starts at the
    period's start when not given; a year-to-date count starts on 1 January. The last day covered
    falls in the reporting period: a value as at an earlier day belongs to an earlier period.
    """
    if coverage.nature not in ValueNature.values:
        allowed = ", ".join(ValueNature.values)
        raise ValidationFailed.one("nature", _("Use one of: %s.") % allowed)
    end = coverage.end or period.end
    errors = []
    if not period.start <= end <= period.end:
        errors.append(FieldError("coverage_end", _(
            "%(day)s is not in %(period)s: file the value under the period of that day."
        ) % {"day": end, "period": period}))  # fmt: skip
    start = coverage.start
    if coverage.nature == ValueNature.STOCK:
        if start is not None:
            errors.append(FieldError("coverage_start", _(
                "A level at a date covers no span: leave the first day empty."
            )))  # fmt: skip
    else:
        start = start or period.start
        if start > end:
            errors.append(FieldError("coverage_start", _("The first day is after the last.")))
        if coverage.nature == ValueNature.YEAR_TO_DATE and (start.month, start.day) != (1, 1):
            errors.append(
                FieldError("coverage_start", _("A year-to-date count starts on 1 January."))
            )
    if errors:
        raise ValidationFailed(errors)
    return Coverage(start, end, coverage.nature)
