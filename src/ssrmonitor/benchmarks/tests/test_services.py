"""Measurement workflow and validation through the service functions."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import IndicatorKind, Measurement, MeasurementStatus
from ssrmonitor.benchmarks.services import DisaggregationInput as Part
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.testing.factories import FrameworkFactory, IndicatorFactory, country

pytestmark = pytest.mark.django_db


@pytest.fixture
def officers() -> Any:
    """A count of police officers, by sex and age band (Haiti, framework 2018-05 → 2019-10)."""
    framework = FrameworkFactory(adoption_date=date(2018, 5, 2), end_date=date(2019, 10, 15))
    return IndicatorFactory(
        benchmark__framework=framework,
        definition="Number of sworn police officers",
        unit="officers",
        baseline_value=Decimal(14000),
        target_value=Decimal(15000),
        minimum=Decimal(0),
        disaggregations=["sex", "age_band", "region"],
    )


def _record(indicator: Any, user: Any, **kwargs: Any) -> Measurement:
    values: dict[str, Any] = {"period": "2019-Q1", "value": "14500"} | kwargs
    return services.record_measurement(indicator, acting_user=user, **values)


def test_editor_records_a_draft_with_disaggregations(officers: Any, alice: Any) -> None:
    parts = [Part("sex", "female", 1400), Part("sex", "male", 13100), Part("region", "Ouest", 9000)]
    measurement = _record(officers, alice, disaggregations=parts, narrative="Class 30 graduated")
    assert measurement.status == MeasurementStatus.DRAFT
    assert measurement.author == alice
    assert (measurement.period_start, measurement.period_end) == (
        date(2019, 1, 1),
        date(2019, 3, 31),
    )
    stored = {(d.dimension, d.category): d.value for d in measurement.disaggregated_values.all()}
    assert stored == {("sex", "female"): 1400, ("sex", "male"): 13100, ("region", "Ouest"): 9000}


def test_full_workflow_draft_submit_approve(officers: Any, alice: Any, rachel: Any) -> None:
    measurement = _record(officers, alice)
    services.submit_measurement(measurement, acting_user=alice)
    services.approve_measurement(measurement, acting_user=rachel, comment="Checked with PNH HR")
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.APPROVED
    assert measurement.reviewed_by == rachel
    actions = list(
        AuditEvent.objects.filter(object_type="benchmarks.measurement")
        .order_by("id")
        .values_list("action", flat=True)
    )
    assert actions == ["create", "submit", "approve"]


def test_reviewer_cannot_approve_own_submission(officers: Any, ada: Any) -> None:
    # ada administers Haiti, so she may both enter and review, but not her own value.
    measurement = _record(officers, ada)
    services.submit_measurement(measurement, acting_user=ada)
    with pytest.raises(Denied, match="your own submission"):
        services.approve_measurement(measurement, acting_user=ada)
    measurement.refresh_from_db()
    assert measurement.status == MeasurementStatus.SUBMITTED


def test_return_needs_a_reason_and_allows_a_resubmission(
    officers: Any, alice: Any, rachel: Any
) -> None:
    measurement = _record(officers, alice)
    services.submit_measurement(measurement, acting_user=alice)
    with pytest.raises(ValidationFailed) as excinfo:
        services.return_measurement(measurement, acting_user=rachel, comment="  ")
    assert excinfo.value.errors[0].field == "comment"
    services.return_measurement(measurement, acting_user=rachel, comment="Source missing")
    services.update_measurement(measurement, acting_user=alice, value="14600")
    services.submit_measurement(measurement, acting_user=alice)
    measurement.refresh_from_db()
    assert (measurement.status, measurement.value) == (MeasurementStatus.SUBMITTED, 14600)


def test_approved_values_can_no_longer_be_changed(officers: Any, alice: Any, rachel: Any) -> None:
    measurement = _record(officers, alice)
    services.submit_measurement(measurement, acting_user=alice)
    services.approve_measurement(measurement, acting_user=rachel)
    with pytest.raises(Denied):
        services.update_measurement(measurement, acting_user=alice, value="1")
    with pytest.raises(Denied):
        services.delete_measurement(measurement, acting_user=alice)


def test_viewer_reviewer_and_other_country_cannot_enter_data(
    officers: Any, victor: Any, rachel: Any, bob: Any
) -> None:
    for user in (victor, rachel, bob, None):
        with pytest.raises(Denied):
            _record(officers, user)
    assert not Measurement.objects.exists()


@pytest.mark.parametrize(
    ("kwargs", "field", "reason"),
    [
        ({"value": "-5"}, "value", "outside the allowed range"),
        ({"value": "abc"}, "value", "not a number"),
        ({"value": "NaN"}, "value", "not a number"),
        ({"unit": "officers per 1,000"}, "unit", "does not match"),
        ({"period": "2019-Q5"}, "period", "not a reporting period"),
        ({"period": "2017"}, "period", "outside the framework"),
        ({"period": "2019-Q4"}, "period", "2019-Q4"),  # starts after end? no: overlaps
        ({"period": "2020-Q1"}, "period", "outside the framework"),
        (
            {"disaggregations": [Part("sex", "female", 1400), Part("sex", "male", 1)]},
            "disaggregations.sex",
            "add up to 1401, not to the total 14500",
        ),
        (
            {"disaggregations": [Part("region", "Ouest", 20000)]},
            "disaggregations.region",
            "more than the total",
        ),
        ({"disaggregations": [Part("sex", "woman", 10)]}, "disaggregations[0]", "not one of"),
        (
            {"disaggregations": [Part("religion", "x", 10)]},
            "disaggregations[0]",
            "not disaggregated by religion",
        ),
        (
            {"disaggregations": [Part("sex", "female", -1)]},
            "disaggregations.sex.female",
            "outside the allowed range",
        ),
    ],
)
def test_bad_input_is_refused_with_field_and_reason_and_nothing_is_saved(
    officers: Any, alice: Any, kwargs: dict[str, Any], field: str, reason: str
) -> None:
    if kwargs.get("period") == "2019-Q4":
        # Q4 2019 overlaps the framework (it ends 2019-10-15), so it is accepted.
        assert _record(officers, alice, **kwargs).period_end == date(2019, 12, 31)
        return
    events = AuditEvent.objects.count()
    with pytest.raises(ValidationFailed) as excinfo:
        _record(officers, alice, **kwargs)
    error = excinfo.value.errors[0]
    assert error.field == field
    assert reason in error.reason
    assert not Measurement.objects.exists()
    assert AuditEvent.objects.count() == events


def test_one_value_per_indicator_and_period(officers: Any, alice: Any) -> None:
    _record(officers, alice)
    with pytest.raises(ValidationFailed, match="already recorded"):
        _record(officers, alice, value="14000")


def test_future_periods_are_refused(alice: Any) -> None:
    indicator = IndicatorFactory(benchmark__framework__adoption_date=date(2020, 1, 1))
    with pytest.raises(ValidationFailed, match="has not started"):
        _record(indicator, alice, period="2099-Q1", value="1.3")


@pytest.mark.parametrize(
    ("kind", "value", "ok"),
    [
        (IndicatorKind.PERCENTAGE, "100", True),
        (IndicatorKind.PERCENTAGE, "100.5", False),
        (IndicatorKind.MILESTONE, "1", True),
        (IndicatorKind.MILESTONE, "0.5", False),
        (IndicatorKind.RATING, "5", True),
        (IndicatorKind.RATING, "6", False),
        (IndicatorKind.RATING, "2.5", False),
    ],
)
def test_values_are_typed_by_the_indicator_kind(
    alice: Any, kind: str, value: str, ok: bool
) -> None:
    indicator = IndicatorFactory(kind=kind, baseline_value=None, target_value=Decimal(1))
    if ok:
        assert _record(indicator, alice, value=value).value == Decimal(value)
    else:
        with pytest.raises(ValidationFailed) as excinfo:
            _record(indicator, alice, value=value)
        assert excinfo.value.errors[0].field == "value"


def test_percentages_are_not_summed(alice: Any) -> None:
    indicator = IndicatorFactory(
        kind=IndicatorKind.PERCENTAGE,
        unit="%",
        baseline_value=Decimal(5),
        target_value=Decimal(10),
        disaggregations=["sex"],
    )
    parts = [Part("sex", "female", 60), Part("sex", "male", 70)]
    assert _record(indicator, alice, value="8", disaggregations=parts).value == 8


def test_closed_framework_takes_no_new_values(alice: Any) -> None:
    indicator = IndicatorFactory(benchmark__framework__status="closed")
    with pytest.raises(Denied, match="closed"):
        _record(indicator, alice, value="1.35")


def test_framework_editing_is_audited_with_before_and_after(alice: Any) -> None:
    framework = services.create_framework(
        acting_user=alice, country=country("HT"), title="Transition benchmarks", status="draft"
    )
    services.update_framework(framework, acting_user=alice, title="BINUH strategic benchmarks")
    event = AuditEvent.objects.filter(object_type="benchmarks.framework").latest("id")
    assert event.action == "update"
    assert event.before == {"title": "Transition benchmarks"}
    assert event.after == {"title": "BINUH strategic benchmarks"}
    assert event.actor == alice and event.country_iso2 == "HT"


def test_only_administrators_publish(alice: Any, ada: Any) -> None:
    framework = services.create_framework(
        acting_user=alice, country=country("HT"), title="Draft frame"
    )
    with pytest.raises(Denied, match="administrator"):
        services.update_framework(framework, acting_user=alice, is_published=True)
    services.update_framework(framework, acting_user=ada, is_published=True)
    framework.refresh_from_db()
    assert framework.is_published


def test_other_country_editor_cannot_touch_a_framework(bob: Any) -> None:
    framework = FrameworkFactory()
    with pytest.raises(Denied):
        services.update_framework(framework, acting_user=bob, title="x")
    with pytest.raises(Denied):
        services.create_framework(acting_user=bob, country=country("HT"), title="x")


def test_indicator_validation(alice: Any) -> None:
    framework = FrameworkFactory()
    benchmark = services.create_benchmark(framework, acting_user=alice, text="Police capacity")
    with pytest.raises(ValidationFailed) as excinfo:
        services.create_indicator(
            benchmark,
            acting_user=alice,
            definition="Women's share",
            kind="percentage",
            target_value=Decimal(120),
            disaggregations=["caste"],
            baseline_date=date(2020, 1, 1),
            target_date=date(2019, 1, 1),
        )
    fields = {e.field for e in excinfo.value.errors}
    assert fields == {"disaggregations", "target_value", "target_date"}
