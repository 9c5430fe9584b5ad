"""Entering, reviewing and documenting measurements.

The checks of a value (number, period, range, unit, disaggregations) are in :mod:`.values`.
"""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import (
    DisaggregatedValue,
    Indicator,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.permissions import (
    can_change_measurement,
    can_enter_data,
    can_import_measurements,
    can_review_measurement,
)
from ssrmonitor.benchmarks.progress_store import refresh_progress
from ssrmonitor.benchmarks.services.values import (
    Coverage,
    DisaggregationInput,
    check_unit,
    check_value,
    checked_coverage,
    checked_parts,
    decimal_value,
    period_in_framework,
)
from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.writes import delete_recorded, require

__all__ = [
    "DisaggregationInput",
    "approve_measurement",
    "delete_measurement",
    "import_reported_measurement",
    "record_measurement",
    "return_measurement",
    "submit_measurement",
    "update_measurement",
]


def with_contributor(measurement: Measurement, acting_user: Actor) -> list[str]:
    """Add the acting person to the value's contributors; the field to save, if it changed."""
    who = person(acting_user)
    if who is None or who.pk in measurement.contributor_ids:
        return []
    measurement.contributor_ids = [*measurement.contributor_ids, who.pk]
    return ["contributor_ids"]


def _contributors_with(measurement: Measurement, acting_user: Actor) -> list[int]:
    """The value's contributors and the acting person (for a transition's fields)."""
    who = person(acting_user)
    ids = list(measurement.contributor_ids)
    return ids if who is None or who.pk in ids else [*ids, who.pk]


def iso2_of(indicator: Indicator) -> str:
    return indicator.benchmark.framework.country.iso2


def _snapshot(measurement: Measurement) -> dict[str, Any]:
    data = audit.snapshot(measurement)
    data["disaggregations"] = [
        [row.dimension, row.category, str(row.value)]
        for row in measurement.disaggregated_values.all()
    ]
    return data


def _replace_parts(measurement: Measurement, rows: list[DisaggregatedValue]) -> None:
    measurement.disaggregated_values.all().delete()
    for row in rows:
        row.measurement = measurement
        row.save()


@transaction.atomic(durable=True)
def record_measurement(
    indicator: Indicator,
    *,
    acting_user: Actor,
    period: ReportingPeriod | str,
    value: Decimal | str | int | float,
    unit: str | None = None,
    narrative: str = "",
    obstacles: str = "",
    disaggregations: list[DisaggregationInput] | None = None,
    coverage: Coverage | None = None,
) -> Measurement:
    """Record a draft value of ``indicator`` for ``period``.

    Args:
        indicator: the indicator measured.
        acting_user: an editor of the indicator's country.
        period: ``2026``, ``2026-H1``, ``2026-Q3``, ``2026-07`` or a ReportingPeriod.
        value: the total, typed by the indicator's kind and within its allowed range.
        unit: if given, must be the indicator's unit (guards against a value in wrong units).
        narrative: what happened in the period.
        obstacles: what stood in the way.
        disaggregations: parts of the value by sex, age band or region.
        coverage: the dates the value covers and its nature (default: a level at the end of
            the period).

    Raises:
        ValidationFailed: naming the field and the reason; nothing is saved.
        Denied: when ``acting_user`` may not enter data for this indicator.
    """
    require(can_enter_data(acting_user, indicator))
    if indicator.is_personnel_fed:
        raise ValidationFailed.one(
            "indicator",
            _("This indicator takes its values from personnel returns; record the return instead."),
        )
    if indicator.is_survey_fed:
        raise ValidationFailed.one(
            "indicator",
            _("This indicator takes its values from perception surveys; import the survey."),
        )
    check_unit(indicator, unit)
    the_period = period_in_framework(indicator, period, timezone.localdate())
    total = decimal_value("value", value)
    check_value(indicator, total)
    rows = checked_parts(indicator, total, disaggregations or [])
    covers = checked_coverage(the_period, coverage or Coverage())
    if Measurement.objects.filter(indicator=indicator, period=the_period).exists():
        raise ValidationFailed.one(
            "period", _("A value for %s is already recorded; change that one.") % the_period
        )
    measurement = Measurement(
        indicator=indicator,
        period=the_period,
        period_start=the_period.start,
        period_end=the_period.end,
        value=total,
        coverage_start=covers.start,
        coverage_end=covers.end,
        nature=covers.nature,
        narrative=narrative,
        obstacles=obstacles,
        author=person(acting_user),
    )
    with_contributor(measurement, acting_user)
    measurement.save()
    _replace_parts(measurement, rows)
    audit.record(
        actor=acting_user,
        action="create",
        obj=measurement,
        country_iso2=iso2_of(indicator),
        after=_snapshot(measurement),
    )
    return measurement


@transaction.atomic(durable=True)
def update_measurement(
    measurement: Measurement,
    *,
    acting_user: Actor,
    value: Decimal | str | int | float | None = None,
    unit: str | None = None,
    narrative: str | None = None,
    obstacles: str | None = None,
    disaggregations: list[DisaggregationInput] | None = None,
    coverage: Coverage | None = None,
) -> Measurement:
    """Change a draft or returned measurement (its period is fixed; record another one).

    ``None`` leaves a field as it is; ``coverage`` replaces the dates covered and the nature.
    """
    require(can_change_measurement(acting_user, measurement))
    indicator = measurement.indicator
    check_unit(indicator, unit)
    before = _snapshot(measurement)
    total = measurement.value if value is None else decimal_value("value", value)
    check_value(indicator, total)
    current = [
        DisaggregationInput(r.dimension, r.category, r.value)
        for r in measurement.disaggregated_values.all()
    ]
    rows = checked_parts(indicator, total, current if disaggregations is None else disaggregations)
    if coverage is not None:
        covers = checked_coverage(measurement.period, coverage)
        measurement.coverage_start, measurement.coverage_end = covers.start, covers.end
        measurement.nature = covers.nature
    measurement.value = total
    measurement.narrative = measurement.narrative if narrative is None else narrative
    measurement.obstacles = measurement.obstacles if obstacles is None else obstacles
    contributed = with_contributor(measurement, acting_user)
    changed = ["value", "narrative", "obstacles", "coverage_start", "coverage_end", "nature"]
    measurement.save(update_fields=[*changed, *contributed])
    _replace_parts(measurement, rows)
    if measurement.status == MeasurementStatus.APPROVED:
        refresh_progress([measurement.indicator_id])
    audit.record(
        actor=acting_user,
        action="update",
        obj=measurement,
        country_iso2=iso2_of(indicator),
        before=before,
        after=_snapshot(measurement),
    )
    return measurement


def _transition(
    measurement: Measurement, *, acting_user: Actor, action: str, fields: dict[str, Any]
) -> Measurement:
    before = audit.snapshot(measurement, fields)
    was_approved = measurement.status == MeasurementStatus.APPROVED
    for name, value in fields.items():
        setattr(measurement, name, value)
    measurement.save(update_fields=list(fields))
    if was_approved or measurement.status == MeasurementStatus.APPROVED:
        refresh_progress([measurement.indicator_id])
    audit.record(
        actor=acting_user,
        action=action,
        obj=measurement,
        country_iso2=iso2_of(measurement.indicator),
        before=before,
        after=audit.snapshot(measurement, fields),
    )
    return measurement


@transaction.atomic(durable=True)
def submit_measurement(measurement: Measurement, *, acting_user: Actor) -> Measurement:
    """Send a draft or returned value to the reviewers."""
    require(can_change_measurement(acting_user, measurement))
    return _transition(
        measurement,
        acting_user=acting_user,
        action="submit",
        fields={
            "status": MeasurementStatus.SUBMITTED,
            "submitted_at": timezone.now(),
            "author": person(acting_user) if measurement.author_id is None else measurement.author,
            "contributor_ids": _contributors_with(measurement, acting_user),
        },
    )


@transaction.atomic(durable=True)
def approve_measurement(
    measurement: Measurement, *, acting_user: Actor, comment: str = ""
) -> Measurement:
    """Approve a submitted value; a reviewer cannot approve their own submission."""
    require(can_review_measurement(acting_user, measurement))
    return _transition(
        measurement,
        acting_user=acting_user,
        action="approve",
        fields={
            "status": MeasurementStatus.APPROVED,
            "reviewed_by": person(acting_user),
            "reviewed_at": timezone.now(),
            "review_comment": comment,
        },
    )


@transaction.atomic(durable=True)
def return_measurement(
    measurement: Measurement, *, acting_user: Actor, comment: str
) -> Measurement:
    """Send a submitted value back to its author with the reason."""
    require(can_review_measurement(acting_user, measurement))
    if not comment.strip():
        raise ValidationFailed.one("comment", _("Say why the value is returned."))
    return _transition(
        measurement,
        acting_user=acting_user,
        action="return",
        fields={
            "status": MeasurementStatus.RETURNED,
            "reviewed_by": person(acting_user),
            "reviewed_at": timezone.now(),
            "review_comment": comment,
        },
    )


@transaction.atomic(durable=True)
def delete_measurement(measurement: Measurement, *, acting_user: Actor) -> None:
    """Delete a draft or returned value."""
    require(can_change_measurement(acting_user, measurement))
    approved = measurement.status == MeasurementStatus.APPROVED
    indicator_id = measurement.indicator_id
    delete_recorded(
        measurement, acting_user=acting_user, country_iso2=iso2_of(measurement.indicator)
    )
    if approved:
        refresh_progress([indicator_id])


@transaction.atomic(durable=True)
def import_reported_measurement(
    indicator: Indicator,
    *,
    acting_user: Actor,
    period: ReportingPeriod,
    value: Decimal,
    value_text: str,
    source_document: str,
    is_illustrative: bool = False,
    coverage: Coverage | None = None,
) -> Measurement:
    """Record a value published in a UN document as approved (used by the demo loader).

    The value is checked like any other; its source document is kept, and an illustrative
    value is marked so in the data and the UI.

    Raises:
        Denied: when ``acting_user`` may not both enter and review data in the country.
    """
    require(can_import_measurements(acting_user, indicator))
    check_value(indicator, value)
    covers = checked_coverage(period, coverage or Coverage())
    measurement, created = Measurement.objects.get_or_create(
        indicator=indicator,
        period=period,
        defaults={
            "period_start": period.start,
            "period_end": period.end,
            "value": value,
            "coverage_start": covers.start,
            "coverage_end": covers.end,
            "nature": covers.nature,
            "value_text": value_text,
            "status": MeasurementStatus.APPROVED,
            "source_document": source_document,
            "is_illustrative": is_illustrative,
            "reviewed_at": timezone.now(),
        },
    )
    if created:
        refresh_progress([indicator.pk])
        audit.record(
            actor=acting_user,
            action="import",
            obj=measurement,
            country_iso2=iso2_of(indicator),
            after=_snapshot(measurement),
        )
    return measurement
