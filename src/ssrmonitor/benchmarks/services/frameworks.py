"""Creating and changing frameworks, benchmarks and indicators."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.models import Benchmark, Framework, Indicator
from ssrmonitor.benchmarks.models.choices import Dimension, IndicatorKind, IndicatorSource
from ssrmonitor.benchmarks.permissions import can_edit_framework, can_publish_framework
from ssrmonitor.benchmarks.progress_store import refresh_progress
from ssrmonitor.benchmarks.services.survey_feed import check_sdg_series, check_survey_source
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.writes import (
    apply_changes,
    checked,
    dates_in_order,
    delete_recorded,
    in_country,
    require,
    save_changes,
    save_created,
    validated,
)
from ssrmonitor.sector.models import Institution, RankCategory

FRAMEWORK_FIELDS = {
    "mission",
    "title",
    "kind",
    "source_document",
    "source_title",
    "source_location",
    "adoption_date",
    "end_date",
    "status",
    "is_published",
    "notes",
    "external_id",
}
BENCHMARK_FIELDS = {
    "code",
    "text",
    "area",
    "component",
    "owner",
    "position",
    "notes",
    "external_id",
}
INDICATOR_FIELDS = {
    "code",
    "sdg_series",
    "definition",
    "kind",
    "unit",
    "direction",
    "minimum",
    "maximum",
    "baseline_value",
    "baseline_text",
    "baseline_date",
    "target_value",
    "target_text",
    "target_date",
    "target_basis",
    "disaggregations",
    "data_source",
    "source",
    "source_spec",
    "frequency",
    "responsible_entity",
    "position",
    "notes",
    "external_id",
}


def _guard_framework(framework: Framework, acting_user: Actor, changes: dict[str, Any]) -> None:
    """Check the request before anything is applied: editing, and publishing or withdrawing.

    A privileged field is checked against what the request asks, whatever the object holds, so
    an editor cannot publish by sending ``is_published`` along with a creation.
    """
    require(can_edit_framework(acting_user, framework))
    if "is_published" in changes and bool(changes["is_published"]) != framework.is_published:
        require(can_publish_framework(acting_user, framework))


def _check_framework(framework: Framework) -> Framework:
    errors = dates_in_order(
        framework.adoption_date,
        framework.end_date,
        "end_date",
        _("The end date is before the adoption date."),
    )
    if framework.mission is not None:
        errors += in_country(
            framework.mission.country_id,
            framework.country_id,
            "mission",
            _("The mission is not in this framework's country."),
            countryless_allowed=True,
        )
    return checked(framework, errors)


@transaction.atomic(durable=True)
def create_framework(*, acting_user: Actor, **fields: Any) -> Framework:
    """Create a framework for a country.

    Args:
        acting_user: who creates it (an editor of the country).
        **fields: ``country`` and any of the framework's editable fields.
    """
    country = fields.pop("country")
    framework = Framework(country=country)
    _guard_framework(framework, acting_user, fields)
    apply_changes(framework, fields, FRAMEWORK_FIELDS)
    _check_framework(framework)
    return save_created(framework, acting_user=acting_user, country_iso2=country.iso2)


@transaction.atomic(durable=True)
def update_framework(framework: Framework, *, acting_user: Actor, **changes: Any) -> Framework:
    """Change a framework's fields; publishing needs an administrator."""
    _guard_framework(framework, acting_user, changes)
    return save_changes(
        framework,
        changes,
        allowed=FRAMEWORK_FIELDS,
        check=_check_framework,
        acting_user=acting_user,
        country_iso2=framework.country.iso2,
    )


@transaction.atomic(durable=True)
def delete_framework(framework: Framework, *, acting_user: Actor) -> None:
    """Delete a framework that has no approved measurement (those are history)."""
    _guard_framework(framework, acting_user, {})
    if Indicator.objects.filter(
        benchmark__framework=framework, measurements__status="approved"
    ).exists():
        raise ValidationFailed.one(
            "__all__", _("A framework with approved measurements cannot be deleted; close it.")
        )
    delete_recorded(framework, acting_user=acting_user, country_iso2=framework.country.iso2)


@transaction.atomic(durable=True)
def create_benchmark(framework: Framework, *, acting_user: Actor, **fields: Any) -> Benchmark:
    """Add a benchmark to a framework."""
    _guard_framework(framework, acting_user, {})
    benchmark = Benchmark(framework=framework)
    apply_changes(benchmark, fields, BENCHMARK_FIELDS)
    validated(benchmark)
    return save_created(benchmark, acting_user=acting_user, country_iso2=framework.country.iso2)


@transaction.atomic(durable=True)
def update_benchmark(benchmark: Benchmark, *, acting_user: Actor, **changes: Any) -> Benchmark:
    """Change a benchmark's text, component, owner or position."""
    framework = benchmark.framework
    _guard_framework(framework, acting_user, {})
    return save_changes(
        benchmark,
        changes,
        allowed=BENCHMARK_FIELDS,
        check=validated,
        acting_user=acting_user,
        country_iso2=framework.country.iso2,
    )


@transaction.atomic(durable=True)
def delete_benchmark(benchmark: Benchmark, *, acting_user: Actor) -> None:
    """Delete a benchmark without approved measurements."""
    _guard_framework(benchmark.framework, acting_user, {})
    if Indicator.objects.filter(benchmark=benchmark, measurements__status="approved").exists():
        raise ValidationFailed.one(
            "__all__", _("A benchmark with approved measurements cannot be deleted.")
        )
    iso2 = benchmark.framework.country.iso2
    delete_recorded(benchmark, acting_user=acting_user, country_iso2=iso2)


def _out_of_range(value: Decimal, low: Decimal | None, high: Decimal | None) -> str:
    return _("%(value)s is outside the allowed range %(low)s to %(high)s.") % {
        "value": value,
        "low": "…" if low is None else plain(low),
        "high": "…" if high is None else plain(high),
    }


def _source_institution(reference: object, country_id: int) -> Institution | None:
    """The institution named by id or key, if it is in ``country_id``."""
    found = Institution.objects.filter(country_id=country_id)
    if isinstance(reference, int) and not isinstance(reference, bool):
        return found.filter(pk=reference).first()
    if isinstance(reference, str) and reference.strip():
        text = reference.strip()
        return (
            found.filter(pk=int(text)).first() if text.isdigit() else found.filter(key=text).first()
        )
    return None


def _check_source(indicator: Indicator) -> list[FieldError]:
    """A personnel-fed indicator is a percentage fed by an institution of the country.

    Normalises ``source_spec`` to ``{"institution": id, "rank": code}``.
    """
    spec = indicator.source_spec
    if indicator.source == IndicatorSource.PERCEPTION_SHARE:
        return [*check_survey_source(indicator), *_kept_measured(indicator)]
    if indicator.source != IndicatorSource.SECTOR_WOMEN_SHARE:
        if spec:
            return [FieldError("source_spec", _("Only personnel-fed indicators have settings."))]
        return []
    errors = []
    if indicator.kind != IndicatorKind.PERCENTAGE:
        errors.append(
            FieldError("kind", _("A women's share from personnel returns is a percentage."))
        )
    if not isinstance(spec, dict) or set(spec) - {"institution", "rank"}:
        return [*errors, FieldError("source_spec", _("Give an institution and a rank category."))]
    rank = spec.get("rank") or ""
    if rank not in ("", *RankCategory.values):
        allowed = ", ".join(RankCategory.values)
        errors.append(
            FieldError("source_spec", _("The rank category is empty or one of: %s.") % allowed)
        )
    institution = _source_institution(
        spec.get("institution"), indicator.benchmark.framework.country_id
    )
    if institution is None:
        errors.append(
            FieldError("source_spec", _("Choose an institution of this framework's country."))
        )
    elif not errors:
        indicator.source_spec = {"institution": institution.pk, "rank": rank}
    return [*errors, *_kept_measured(indicator)]


def _kept_measured(indicator: Indicator) -> list[FieldError]:
    """An indicator with values recorded by hand cannot become fed."""
    if indicator.pk and indicator.measurements.exists():
        reason = _("This indicator has recorded values; it stays measured by hand.")
        return [FieldError("source", reason)]
    return []


def _check_indicator(indicator: Indicator) -> Indicator:
    errors: list[FieldError] = [*_check_source(indicator), *check_sdg_series(indicator)]
    dims = indicator.disaggregations
    if not isinstance(dims, list) or any(d not in Dimension.values for d in dims):
        allowed = ", ".join(Dimension.values)
        errors.append(FieldError("disaggregations", _("Use any of: %s.") % allowed))
    elif len(set(dims)) != len(dims):
        errors.append(FieldError("disaggregations", _("A dimension is listed twice.")))
    low, high = indicator.allowed_range()
    for name in ("baseline_value", "target_value"):
        value = getattr(indicator, name)
        if value is not None and (
            (low is not None and value < low) or (high is not None and value > high)
        ):
            errors.append(FieldError(name, _out_of_range(value, low, high)))
    errors += dates_in_order(
        indicator.baseline_date,
        indicator.target_date,
        "target_date",
        _("The target date is not after the baseline."),
        strictly=True,
    )
    return checked(indicator, errors)


@transaction.atomic(durable=True)
def create_indicator(benchmark: Benchmark, *, acting_user: Actor, **fields: Any) -> Indicator:
    """Add an indicator to a benchmark."""
    framework = benchmark.framework
    _guard_framework(framework, acting_user, {})
    indicator = Indicator(benchmark=benchmark)
    apply_changes(indicator, fields, INDICATOR_FIELDS)
    _check_indicator(indicator)
    created = save_created(indicator, acting_user=acting_user, country_iso2=framework.country.iso2)
    refresh_progress([created.pk])
    return created


@transaction.atomic(durable=True)
def update_indicator(indicator: Indicator, *, acting_user: Actor, **changes: Any) -> Indicator:
    """Change an indicator's definition, baseline, target, range or dimensions."""
    framework = indicator.benchmark.framework
    _guard_framework(framework, acting_user, {})
    changed = save_changes(
        indicator,
        changes,
        allowed=INDICATOR_FIELDS,
        check=_check_indicator,
        acting_user=acting_user,
        country_iso2=framework.country.iso2,
    )
    refresh_progress([changed.pk])
    return changed


@transaction.atomic(durable=True)
def delete_indicator(indicator: Indicator, *, acting_user: Actor) -> None:
    """Delete an indicator without approved measurements."""
    framework = indicator.benchmark.framework
    _guard_framework(framework, acting_user, {})
    if indicator.measurements.filter(status="approved").exists():
        raise ValidationFailed.one(
            "__all__", _("An indicator with approved measurements cannot be deleted.")
        )
    delete_recorded(indicator, acting_user=acting_user, country_iso2=framework.country.iso2)
