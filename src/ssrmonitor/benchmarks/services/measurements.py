"""Entering, reviewing and documenting measurements."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import (
    DisaggregatedValue,
    Evidence,
    Indicator,
    IndicatorKind,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.models.choices import DIMENSION_CATEGORIES, Dimension
from ssrmonitor.benchmarks.permissions import (
    can_change_measurement,
    can_enter_data,
    can_review_measurement,
)
from ssrmonitor.core import audit
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.periods import PeriodParseError, ReportingPeriod
from ssrmonitor.core.writes import delete_recorded, require

_EVIDENCE_TYPES = {
    "application/pdf",
    "image/png",
    "image/jpeg",
    "text/csv",
    "text/plain",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
}


@dataclass(frozen=True)
class DisaggregationInput:
    """One part of a value: ``dimension`` (sex, age_band, region), ``category``, ``value``."""

    dimension: str
    category: str
    value: Decimal | str | int | float


def _decimal(field: str, raw: Decimal | str | int | float) -> Decimal:
    try:
        value = raw if isinstance(raw, Decimal) else Decimal(str(raw).strip())
    except (InvalidOperation, ValueError):
        raise ValidationFailed.one(field, _("%s is not a number.") % raw) from None
    if not value.is_finite():
        raise ValidationFailed.one(field, _("%s is not a number.") % raw)
    return value


def _period(indicator: Indicator, raw: ReportingPeriod | str, today: date) -> ReportingPeriod:
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


def _check_value(indicator: Indicator, value: Decimal) -> None:
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


def _check_unit(indicator: Indicator, unit: str | None) -> None:
    if unit is not None and unit.strip() != indicator.unit.strip():
        raise ValidationFailed.one(
            "unit",
            _("The unit %(given)r does not match the indicator's unit %(unit)r.")
            % {"given": unit, "unit": indicator.unit},
        )


def _parts(
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
        value = _decimal(field, part.value)
        rows.append(DisaggregatedValue(dimension=part.dimension, category=category, value=value))
    if errors:
        raise ValidationFailed(errors)
    for row in rows:
        try:
            _check_value(indicator, row.value)
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


def _iso2(indicator: Indicator) -> str:
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
    acting_user: Any,
    period: ReportingPeriod | str,
    value: Decimal | str | int | float,
    unit: str | None = None,
    narrative: str = "",
    obstacles: str = "",
    disaggregations: list[DisaggregationInput] | None = None,
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
    _check_unit(indicator, unit)
    the_period = _period(indicator, period, timezone.localdate())
    total = _decimal("value", value)
    _check_value(indicator, total)
    rows = _parts(indicator, total, disaggregations or [])
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
        narrative=narrative,
        obstacles=obstacles,
        author=acting_user,
    )
    measurement.save()
    _replace_parts(measurement, rows)
    audit.record(
        actor=acting_user,
        action="create",
        obj=measurement,
        country_iso2=_iso2(indicator),
        after=_snapshot(measurement),
    )
    return measurement


@transaction.atomic(durable=True)
def update_measurement(
    measurement: Measurement,
    *,
    acting_user: Any,
    value: Decimal | str | int | float | None = None,
    unit: str | None = None,
    narrative: str | None = None,
    obstacles: str | None = None,
    disaggregations: list[DisaggregationInput] | None = None,
) -> Measurement:
    """Change a draft or returned measurement (its period is fixed; record another one)."""
    require(can_change_measurement(acting_user, measurement))
    indicator = measurement.indicator
    _check_unit(indicator, unit)
    before = _snapshot(measurement)
    total = measurement.value if value is None else _decimal("value", value)
    _check_value(indicator, total)
    current = [
        DisaggregationInput(r.dimension, r.category, r.value)
        for r in measurement.disaggregated_values.all()
    ]
    rows = _parts(indicator, total, current if disaggregations is None else disaggregations)
    measurement.value = total
    measurement.narrative = measurement.narrative if narrative is None else narrative
    measurement.obstacles = measurement.obstacles if obstacles is None else obstacles
    measurement.save(update_fields=["value", "narrative", "obstacles"])
    _replace_parts(measurement, rows)
    audit.record(
        actor=acting_user,
        action="update",
        obj=measurement,
        country_iso2=_iso2(indicator),
        before=before,
        after=_snapshot(measurement),
    )
    return measurement


def _transition(
    measurement: Measurement, *, acting_user: Any, action: str, fields: dict[str, Any]
) -> Measurement:
    before = audit.snapshot(measurement, fields)
    for name, value in fields.items():
        setattr(measurement, name, value)
    measurement.save(update_fields=list(fields))
    audit.record(
        actor=acting_user,
        action=action,
        obj=measurement,
        country_iso2=_iso2(measurement.indicator),
        before=before,
        after=audit.snapshot(measurement, fields),
    )
    return measurement


@transaction.atomic(durable=True)
def submit_measurement(measurement: Measurement, *, acting_user: Any) -> Measurement:
    """Send a draft or returned value to the reviewers."""
    require(can_change_measurement(acting_user, measurement))
    return _transition(
        measurement,
        acting_user=acting_user,
        action="submit",
        fields={
            "status": MeasurementStatus.SUBMITTED,
            "submitted_at": timezone.now(),
            "author": acting_user if measurement.author_id is None else measurement.author,
        },
    )


@transaction.atomic(durable=True)
def approve_measurement(
    measurement: Measurement, *, acting_user: Any, comment: str = ""
) -> Measurement:
    """Approve a submitted value; a reviewer cannot approve their own submission."""
    require(can_review_measurement(acting_user, measurement))
    return _transition(
        measurement,
        acting_user=acting_user,
        action="approve",
        fields={
            "status": MeasurementStatus.APPROVED,
            "reviewed_by": acting_user,
            "reviewed_at": timezone.now(),
            "review_comment": comment,
        },
    )


@transaction.atomic(durable=True)
def return_measurement(measurement: Measurement, *, acting_user: Any, comment: str) -> Measurement:
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
            "reviewed_by": acting_user,
            "reviewed_at": timezone.now(),
            "review_comment": comment,
        },
    )


@transaction.atomic(durable=True)
def delete_measurement(measurement: Measurement, *, acting_user: Any) -> None:
    """Delete a draft or returned value."""
    require(can_change_measurement(acting_user, measurement))
    delete_recorded(measurement, acting_user=acting_user, country_iso2=_iso2(measurement.indicator))


@transaction.atomic(durable=True)
def add_evidence(
    measurement: Measurement,
    *,
    acting_user: Any,
    title: str,
    url: str = "",
    upload: UploadedFile | None = None,
    max_bytes: int = 20 * 1024 * 1024,
) -> Evidence:
    """Attach a link or a file (PDF, image, CSV, text, DOCX, XLSX) to a measurement."""
    require(can_change_measurement(acting_user, measurement))
    if bool(url) == bool(upload):
        raise ValidationFailed.one("url", _("Give either a link or a file."))
    evidence = Evidence(measurement=measurement, title=title.strip(), url=url, added_by=acting_user)
    if upload is not None:
        if upload.size is not None and upload.size > max_bytes:
            raise ValidationFailed.one(
                "file", _("The file is larger than %d MB.") % (max_bytes // (1024 * 1024))
            )
        if upload.content_type not in _EVIDENCE_TYPES:
            raise ValidationFailed.one(
                "file", _("Files of type %s are not accepted.") % upload.content_type
            )
        evidence.content_type = upload.content_type or ""
        evidence.file.save(upload.name or "evidence", upload, save=False)
    from ssrmonitor.core.writes import validated

    validated(evidence, exclude=["file"])
    evidence.save()
    audit.record(
        actor=acting_user,
        action="add_evidence",
        obj=evidence,
        country_iso2=_iso2(measurement.indicator),
        after=audit.snapshot(evidence),
    )
    return evidence


@transaction.atomic(durable=True)
def import_reported_measurement(
    indicator: Indicator,
    *,
    acting_user: Any,
    period: ReportingPeriod,
    value: Decimal,
    value_text: str,
    source_document: str,
    is_illustrative: bool = False,
) -> Measurement:
    """Record a value published in a UN document as approved (used by the demo loader).

    The value is checked like any other; its source document is kept, and an illustrative
    value is marked so in the data and the UI.
    """
    _check_value(indicator, value)
    measurement, created = Measurement.objects.get_or_create(
        indicator=indicator,
        period=period,
        defaults={
            "period_start": period.start,
            "period_end": period.end,
            "value": value,
            "value_text": value_text,
            "status": MeasurementStatus.APPROVED,
            "source_document": source_document,
            "is_illustrative": is_illustrative,
            "reviewed_at": timezone.now(),
        },
    )
    if created:
        audit.record(
            actor=acting_user,
            action="import",
            obj=measurement,
            country_iso2=_iso2(indicator),
            after=_snapshot(measurement),
        )
    return measurement
