"""A whole reporting period of a framework at once: the period grid, its sheet, its API.

Saving a period is one transaction: every entry is checked by the single-value services
themselves — :func:`~.measurements.record_measurement` and
:func:`~.measurements.update_measurement`, with their permission checks, value rules, audit and
contributors — each in a savepoint, so that every wrong entry is named, and if any entry is
refused nothing at all is written. The services run unwrapped of their own (durable)
transaction, inside this one (:func:`inspect.unwrap`): the rules are theirs, never copied here.

An entry equal to what is stored changes nothing (no write, no audit event), so saving the same
grid or uploading the same sheet twice leaves the data as it was.
"""

from __future__ import annotations

import inspect
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import (
    Framework,
    Indicator,
    IndicatorSource,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.permissions import can_change_measurement, can_enter_period
from ssrmonitor.benchmarks.services.measurements import (
    record_measurement,
    submit_measurement,
    update_measurement,
)
from ssrmonitor.benchmarks.services.values import (
    Coverage,
    DisaggregationInput,
    checked_coverage,
    decimal_value,
    period_in_framework,
)
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.writes import require

__all__ = [
    "GridEntry",
    "GridOutcome",
    "GridRefused",
    "RowProblem",
    "grid_indicators",
    "parse_period",
    "save_period_values",
    "submit_period_values",
]

# The single-value services without their own durable transaction: they run in the grid's.
_record: Callable[..., Measurement] = inspect.unwrap(record_measurement)
_update: Callable[..., Measurement] = inspect.unwrap(update_measurement)
_submit: Callable[..., Measurement] = inspect.unwrap(submit_measurement)

Outcome = Literal["created", "changed", "unchanged", "empty"]


@dataclass(frozen=True)
class GridEntry:
    """One indicator's line of a period: its total, its parts and what the value covers.

    ``value`` empty (``None`` or ``""``) leaves the indicator without a value (an existing
    draft stays as it is). ``coverage`` ``None`` keeps a stored value's coverage (a new value:
    a level at the end of the period); ``narrative`` ``None`` keeps the stored narrative.
    """

    indicator_id: int
    value: Decimal | str | int | float | None
    disaggregations: tuple[DisaggregationInput, ...] = ()
    coverage: Coverage | None = None
    narrative: str | None = None


@dataclass(frozen=True)
class RowProblem:
    """Why one entry was refused: ``index`` in the entries given, its indicator, the field."""

    index: int
    indicator_id: int
    field: str
    reason: str


class GridRefused(ValidationFailed):
    """At least one entry was refused; nothing was written. ``problems`` names each entry.

    As a :class:`ValidationFailed` its fields read ``entries[3].value``, so the API answers 422
    with the one error shape.
    """

    def __init__(self, problems: Sequence[RowProblem]) -> None:
        self.problems = list(problems)
        super().__init__(FieldError(f"entries[{p.index}].{p.field}", p.reason) for p in problems)


@dataclass
class GridOutcome:
    """What saving a period did: measurement ids by what happened to them."""

    created: list[int] = field(default_factory=list)
    changed: list[int] = field(default_factory=list)
    unchanged: list[int] = field(default_factory=list)
    submitted: list[int] = field(default_factory=list)

    @property
    def written(self) -> int:
        return len(self.created) + len(self.changed) + len(self.submitted)


def parse_period(raw: ReportingPeriod | str) -> ReportingPeriod:
    """The reporting period, or :class:`ValidationFailed` on ``period``."""
    if isinstance(raw, ReportingPeriod):
        return raw
    try:
        return ReportingPeriod.parse(raw)
    except PeriodParseError as exc:
        raise ValidationFailed.one("period", str(exc)) from None


def grid_indicators(framework: Framework) -> QuerySet[Indicator]:
    """The indicators of ``framework`` whose values are entered by hand, in framework order."""
    return (
        Indicator.objects.filter(benchmark__framework=framework, source=IndicatorSource.MEASURED)
        .select_related("benchmark__framework__country")
        .order_by("benchmark__position", "benchmark_id", "position", "id")
    )


def period_measurements(framework: Framework, period: ReportingPeriod) -> QuerySet[Measurement]:
    """The values of ``framework``'s indicators for ``period``, with their parts."""
    return (
        Measurement.objects.filter(indicator__benchmark__framework=framework, period=period)
        .select_related("indicator__benchmark__framework__country")
        .prefetch_related("disaggregated_values")
    )


def _is_empty(value: object) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _parts_key(parts: Sequence[DisaggregationInput]) -> set[tuple[str, str, Decimal]]:
    return {
        (p.dimension, p.category.strip(), decimal_value("disaggregations", p.value)) for p in parts
    }


def is_unchanged(measurement: Measurement, entry: GridEntry) -> bool:
    """True when saving ``entry`` would leave ``measurement`` exactly as it is."""
    try:
        if decimal_value("value", entry.value or "") != measurement.value:
            return False
        stored = {
            (p.dimension, p.category, p.value) for p in measurement.disaggregated_values.all()
        }
        if _parts_key(entry.disaggregations) != stored:
            return False
        if entry.coverage is not None:
            covers = checked_coverage(measurement.period, entry.coverage)
            kept = (measurement.coverage_start, measurement.coverage_end, measurement.nature)
            if (covers.start, covers.end, covers.nature) != kept:
                return False
    except ValidationFailed:
        return False
    return entry.narrative is None or entry.narrative == measurement.narrative


def _save_entry(
    indicator: Indicator,
    stored: Measurement | None,
    entry: GridEntry,
    period: ReportingPeriod,
    acting_user: Actor,
) -> tuple[Outcome, Measurement | None]:
    if _is_empty(entry.value):
        if entry.disaggregations:
            raise ValidationFailed.one("value", _("Give the total as well as its parts."))
        return "empty", stored
    parts = list(entry.disaggregations)
    if stored is None:
        created = _record(
            indicator,
            acting_user=acting_user,
            period=period,
            value=entry.value,
            narrative=entry.narrative or "",
            disaggregations=parts,
            coverage=entry.coverage,
        )
        return "created", created
    if is_unchanged(stored, entry):
        return "unchanged", stored
    changed = _update(
        stored,
        acting_user=acting_user,
        value=entry.value,
        narrative=entry.narrative,
        disaggregations=parts,
        coverage=entry.coverage,
    )
    return "changed", changed


def _checked_entries(
    framework: Framework, entries: Sequence[GridEntry]
) -> tuple[dict[int, Indicator], list[RowProblem]]:
    indicators = {indicator.pk: indicator for indicator in grid_indicators(framework)}
    problems: list[RowProblem] = []
    seen: set[int] = set()
    for index, entry in enumerate(entries):
        if entry.indicator_id not in indicators:
            reason = _("This indicator is not one of the framework's indicators entered by hand.")
            problems.append(RowProblem(index, entry.indicator_id, "indicator", reason))
        elif entry.indicator_id in seen:
            reason = _("This indicator is given twice.")
            problems.append(RowProblem(index, entry.indicator_id, "indicator", reason))
        seen.add(entry.indicator_id)
    return indicators, problems


def _problems_of(index: int, entry: GridEntry, exc: Exception) -> list[RowProblem]:
    if isinstance(exc, ValidationFailed):
        return [RowProblem(index, entry.indicator_id, e.field, e.reason) for e in exc.errors]
    return [RowProblem(index, entry.indicator_id, "value", str(getattr(exc, "reason", exc)))]


@transaction.atomic(durable=True)
def save_period_values(
    framework: Framework,
    *,
    acting_user: Actor,
    period: ReportingPeriod | str,
    entries: Sequence[GridEntry],
    submit: bool = False,
) -> GridOutcome:
    """Save the values of a framework for one period as drafts, all or none.

    Args:
        framework: the framework entered.
        acting_user: an editor of the framework's country.
        period: ``2026``, ``2026-H1``, ``2026-Q3``, ``2026-07`` or a ReportingPeriod.
        entries: one per indicator; empty ones are skipped, unchanged ones left as they are.
        submit: also send every draft or returned value of the period to the reviewers.

    Raises:
        GridRefused: naming each refused entry and field; nothing is written.
        ValidationFailed: on ``period`` when it is not a reporting period.
        Denied: when ``acting_user`` may not enter data for this framework.
    """
    require(can_enter_period(acting_user, framework))
    the_period = parse_period(period)
    indicators, problems = _checked_entries(framework, entries)
    if indicators:  # the period must fit the framework (the same rule as for one value)
        period_in_framework(next(iter(indicators.values())), the_period, timezone.localdate())
    stored = {m.indicator_id: m for m in period_measurements(framework, the_period)}
    outcome = GridOutcome()
    for index, entry in enumerate(entries):
        if problems and any(p.index == index for p in problems):
            continue
        try:
            with transaction.atomic():
                result, saved = _save_entry(
                    indicators[entry.indicator_id],
                    stored.get(entry.indicator_id),
                    entry,
                    the_period,
                    acting_user,
                )
        except (ValidationFailed, Denied) as exc:
            problems.extend(_problems_of(index, entry, exc))
            continue
        if saved is not None and result != "empty":
            getattr(outcome, result).append(saved.pk)
    if problems:
        raise GridRefused(problems)
    if submit:
        outcome.submitted = _submit_all(framework, the_period, acting_user)
    return outcome


def submittable(user: Actor, measurements: Sequence[Measurement]) -> list[Measurement]:
    """The drafts and returned values ``user`` may submit (as the single-value page decides)."""
    return [m for m in measurements if can_change_measurement(user, m)[0]]


def _submit_all(framework: Framework, period: ReportingPeriod, acting_user: Actor) -> list[int]:
    waiting = period_measurements(framework, period).filter(
        status__in=[MeasurementStatus.DRAFT, MeasurementStatus.RETURNED]
    )
    ordered = sorted(waiting, key=lambda m: m.pk)
    return [_submit(m, acting_user=acting_user).pk for m in submittable(acting_user, ordered)]


@transaction.atomic(durable=True)
def submit_period_values(
    framework: Framework, *, acting_user: Actor, period: ReportingPeriod | str
) -> list[int]:
    """Send every draft or returned value of a framework for one period to the reviewers.

    Only values the user may submit are sent (those of a closed framework never); each is
    submitted by :func:`~.measurements.submit_measurement`'s own rules. Returns their ids.

    Raises:
        ValidationFailed: on ``period`` when it is not a reporting period.
        Denied: when ``acting_user`` may not enter data for this framework.
    """
    require(can_enter_period(acting_user, framework))
    return _submit_all(framework, parse_period(period), acting_user)


def by_indicator(problems: Sequence[RowProblem]) -> dict[int, dict[str, list[str]]]:
    """The problems as ``{indicator id: {field: [reasons]}}`` for a page to show in place."""
    found: dict[int, dict[str, list[str]]] = {}
    for problem in problems:
        found.setdefault(problem.indicator_id, {}).setdefault(problem.field, []).append(
            problem.reason
        )
    return found


def describe(outcome: GridOutcome) -> dict[str, Any]:
    """The counts of an outcome (for messages and the API)."""
    return {
        "created": len(outcome.created),
        "changed": len(outcome.changed),
        "unchanged": len(outcome.unchanged),
        "submitted": len(outcome.submitted),
    }
