"""Issue 14, item 3: a whole period saved, submitted and reviewed together, all or nothing,
every refused row named, and separation of duties as for a single value."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import (
    Framework,
    FrameworkStatus,
    Indicator,
    IndicatorKind,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.services import DisaggregationInput, GridEntry, ReviewDecision
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.core.progress import ValueNature
from ssrmonitor.testing.factories import IndicatorFactory

pytestmark = pytest.mark.django_db
PERIOD = "2019-Q1"


@pytest.fixture
def share(framework: Framework) -> Indicator:
    """Women's share of the police, a percentage (allowed range 0 to 100)."""
    return IndicatorFactory(
        benchmark__framework=framework,
        kind=IndicatorKind.PERCENTAGE,
        unit="%",
        baseline_value=Decimal("9.5"),
        target_value=Decimal(11),
    )


def _sex(female: str, male: str) -> tuple[DisaggregationInput, ...]:
    return (DisaggregationInput("sex", "female", female), DisaggregationInput("sex", "male", male))


def _good(headcount: Indicator, share: Indicator) -> list[GridEntry]:
    return [
        GridEntry(headcount.pk, "14500", _sex("1400", "13100"), narrative="Class 30."),
        GridEntry(share.pk, "9.7"),
    ]


def test_a_period_is_saved_as_drafts_in_one_call(
    alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    outcome = services.save_period_values(
        framework, acting_user=alice, period=PERIOD, entries=_good(headcount, share)
    )
    assert len(outcome.created) == 2
    saved = Measurement.objects.get(indicator=headcount)
    assert saved.status == MeasurementStatus.DRAFT
    assert saved.value == Decimal(14500)
    assert saved.author == alice
    assert saved.narrative == "Class 30."
    assert saved.coverage_end == date(2019, 3, 31)  # the period's end by default
    assert {(p.category, p.value) for p in saved.disaggregated_values.all()} == {
        ("female", Decimal(1400)),
        ("male", Decimal(13100)),
    }
    assert AuditEvent.objects.filter(action="create").count() == 2


def test_one_bad_row_is_named_with_its_field_and_nothing_is_written(
    alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    before = AuditEvent.objects.count()
    entries = [GridEntry(headcount.pk, "14500"), GridEntry(share.pk, "150")]
    with pytest.raises(services.GridRefused) as refused:
        services.save_period_values(framework, acting_user=alice, period=PERIOD, entries=entries)
    [problem] = refused.value.problems
    assert (problem.index, problem.indicator_id, problem.field) == (1, share.pk, "value")
    assert "outside the allowed range" in problem.reason
    assert [e.field for e in refused.value.errors] == ["entries[1].value"]
    assert not Measurement.objects.exists()
    assert AuditEvent.objects.count() == before


def test_every_wrong_row_is_named_not_only_the_first(
    alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    entries = [
        GridEntry(headcount.pk, "14500", _sex("1400", "13000")),  # parts add up to 14400
        GridEntry(share.pk, "lots"),
    ]
    with pytest.raises(services.GridRefused) as refused:
        services.save_period_values(framework, acting_user=alice, period=PERIOD, entries=entries)
    fields = {(p.index, p.field) for p in refused.value.problems}
    assert fields == {(0, "disaggregations.sex"), (1, "value")}
    assert not Measurement.objects.exists()


def test_saving_the_same_period_twice_changes_nothing(
    alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    services.save_period_values(
        framework, acting_user=alice, period=PERIOD, entries=_good(headcount, share)
    )
    before = AuditEvent.objects.count()
    again = services.save_period_values(
        framework, acting_user=alice, period=PERIOD, entries=_good(headcount, share)
    )
    assert again.written == 0
    assert len(again.unchanged) == 2
    assert AuditEvent.objects.count() == before


def test_a_changed_draft_is_updated_and_an_empty_entry_left_alone(
    alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    services.save_period_values(
        framework, acting_user=alice, period=PERIOD, entries=_good(headcount, share)
    )
    outcome = services.save_period_values(
        framework,
        acting_user=alice,
        period=PERIOD,
        entries=[GridEntry(headcount.pk, ""), GridEntry(share.pk, "9.9")],
    )
    assert outcome.changed == [Measurement.objects.get(indicator=share).pk]
    assert Measurement.objects.get(indicator=share).value == Decimal("9.9")
    assert Measurement.objects.get(indicator=headcount).value == Decimal(14500)


def test_a_submitted_value_is_not_changed_through_the_grid(
    alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    services.save_period_values(
        framework, acting_user=alice, period=PERIOD, entries=_good(headcount, share), submit=True
    )
    same = services.save_period_values(
        framework, acting_user=alice, period=PERIOD, entries=[GridEntry(share.pk, "9.7")]
    )
    assert same.written == 0
    with pytest.raises(services.GridRefused) as refused:
        services.save_period_values(
            framework, acting_user=alice, period=PERIOD, entries=[GridEntry(share.pk, "10")]
        )
    assert refused.value.problems[0].reason == "Only draft or returned measurements can be changed."
    assert Measurement.objects.get(indicator=share).value == Decimal("9.7")


def test_coverage_and_nature_are_kept_and_checked_per_row(
    alice: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    flow = services.Coverage(None, None, ValueNature.FLOW)
    services.save_period_values(
        framework,
        acting_user=alice,
        period=PERIOD,
        entries=[GridEntry(headcount.pk, "300", coverage=flow)],
    )
    saved = Measurement.objects.get(indicator=headcount)
    assert (saved.nature, saved.coverage_start) == (ValueNature.FLOW, date(2019, 1, 1))
    outside = services.Coverage(None, date(2019, 5, 1), ValueNature.STOCK)
    with pytest.raises(services.GridRefused) as refused:
        services.save_period_values(
            framework,
            acting_user=alice,
            period=PERIOD,
            entries=[GridEntry(share.pk, "9", coverage=outside)],
        )
    assert refused.value.problems[0].field == "coverage_end"


def test_a_period_outside_the_framework_is_refused(
    alice: Any, framework: Framework, headcount: Indicator
) -> None:
    with pytest.raises(ValidationFailed) as refused:
        services.save_period_values(
            framework, acting_user=alice, period="2021-Q1", entries=[GridEntry(headcount.pk, "1")]
        )
    assert refused.value.errors[0].field == "period"
    assert not Measurement.objects.exists()


def test_an_indicator_of_another_framework_is_refused(
    alice: Any, framework: Framework, headcount: Indicator
) -> None:
    stranger = IndicatorFactory()
    with pytest.raises(services.GridRefused) as refused:
        services.save_period_values(
            framework, acting_user=alice, period=PERIOD, entries=[GridEntry(stranger.pk, "1")]
        )
    assert refused.value.problems[0].field == "indicator"


def test_editors_of_another_country_and_closed_frameworks_are_refused(
    alice: Any, bob: Any, framework: Framework, headcount: Indicator
) -> None:
    entries = [GridEntry(headcount.pk, "14500")]
    with pytest.raises(Denied):
        services.save_period_values(framework, acting_user=bob, period=PERIOD, entries=entries)
    framework.status = FrameworkStatus.CLOSED
    framework.save(update_fields=["status"])
    with pytest.raises(Denied):
        services.save_period_values(framework, acting_user=alice, period=PERIOD, entries=entries)
    assert not Measurement.objects.exists()


def test_submitting_a_period_sends_its_drafts_only(
    alice: Any, rachel: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    services.save_period_values(
        framework, acting_user=alice, period=PERIOD, entries=_good(headcount, share)
    )
    sent = services.submit_period_values(framework, acting_user=alice, period=PERIOD)
    assert len(sent) == 2
    assert set(Measurement.objects.values_list("status", flat=True)) == {"submitted"}
    assert services.submit_period_values(framework, acting_user=alice, period=PERIOD) == []
    with pytest.raises(Denied):
        services.submit_period_values(framework, acting_user=rachel, period=PERIOD)


# --- batch review ---------------------------------------------------------------------------


def _submitted(user: Any, framework: Framework, entries: list[GridEntry]) -> list[int]:
    outcome = services.save_period_values(
        framework, acting_user=user, period=PERIOD, entries=entries, submit=True
    )
    return outcome.submitted


def test_a_reviewer_approves_selected_values_together(
    alice: Any, rachel: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    ids = _submitted(alice, framework, _good(headcount, share))
    outcome = services.review_period_values(
        framework,
        acting_user=rachel,
        period=PERIOD,
        decisions=[ReviewDecision(i, "approve") for i in ids],
    )
    assert sorted(outcome.approved) == sorted(ids)
    assert set(Measurement.objects.values_list("status", flat=True)) == {"approved"}
    assert set(Measurement.objects.values_list("reviewed_by", flat=True)) == {rachel.pk}


def test_nobody_approves_a_value_they_touched_and_then_nothing_is_approved(
    alice: Any, ada: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    [by_alice] = _submitted(alice, framework, [GridEntry(headcount.pk, "14500")])
    [by_ada] = _submitted(ada, framework, [GridEntry(share.pk, "9.7")])
    before = AuditEvent.objects.count()
    with pytest.raises(services.GridRefused) as refused:
        services.review_period_values(
            framework,
            acting_user=ada,
            period=PERIOD,
            decisions=[ReviewDecision(by_alice, "approve"), ReviewDecision(by_ada, "approve")],
        )
    [problem] = refused.value.problems
    assert (problem.index, problem.field) == (1, "measurement")
    assert problem.reason == "You cannot review your own submission."
    assert Measurement.objects.get(pk=by_alice).status == MeasurementStatus.SUBMITTED
    assert AuditEvent.objects.count() == before


def test_a_reviewer_who_changed_a_draft_in_the_grid_cannot_approve_it(
    alice: Any, ada: Any, framework: Framework, headcount: Indicator
) -> None:
    services.save_period_values(
        framework, acting_user=alice, period=PERIOD, entries=[GridEntry(headcount.pk, "14500")]
    )
    services.save_period_values(
        framework, acting_user=ada, period=PERIOD, entries=[GridEntry(headcount.pk, "14600")]
    )
    [sent] = services.submit_period_values(framework, acting_user=alice, period=PERIOD)
    with pytest.raises(services.GridRefused) as refused:
        services.review_period_values(
            framework, acting_user=ada, period=PERIOD, decisions=[ReviewDecision(sent, "approve")]
        )
    assert "another reviewer must review it" in refused.value.problems[0].reason


def test_a_return_needs_a_comment_and_a_refused_batch_returns_nothing(
    alice: Any, rachel: Any, framework: Framework, headcount: Indicator, share: Indicator
) -> None:
    first, second = _submitted(alice, framework, _good(headcount, share))
    decisions = [ReviewDecision(first, "return", "Source?"), ReviewDecision(second, "return")]
    with pytest.raises(services.GridRefused) as refused:
        services.review_period_values(
            framework, acting_user=rachel, period=PERIOD, decisions=decisions
        )
    assert [(p.index, p.field) for p in refused.value.problems] == [(1, "comment")]
    assert set(Measurement.objects.values_list("status", flat=True)) == {"submitted"}


def test_only_reviewers_of_the_country_review_a_period(
    alice: Any, framework: Framework, headcount: Indicator
) -> None:
    [sent] = _submitted(alice, framework, [GridEntry(headcount.pk, "14500")])
    with pytest.raises(Denied):
        services.review_period_values(
            framework, acting_user=alice, period=PERIOD, decisions=[ReviewDecision(sent, "approve")]
        )


def test_the_grid_runs_the_single_value_services_without_only_their_transaction() -> None:
    """The grid calls the services unwrapped (``inspect.unwrap``), inside its own transaction:
    a second decorator on a service (a check, say) would be stripped too, so this fails first."""
    from ssrmonitor.benchmarks.services import grid, grid_review, measurements

    pairs = [
        (measurements.record_measurement, grid._record),
        (measurements.update_measurement, grid._update),
        (measurements.submit_measurement, grid._submit),
        (measurements.approve_measurement, grid_review._approve),
        (measurements.return_measurement, grid_review._return),
    ]
    for service, unwrapped in pairs:
        assert service.__wrapped__ is unwrapped  # type: ignore[attr-defined]
        assert not hasattr(unwrapped, "__wrapped__")
