"""Every benchmarks service refuses an actor without the action, before writing anything.

Each case builds real objects of Haiti with the factories, so that the same call would
succeed for an actor holding the action (an editor, reviewer or administrator of Haiti).
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.fieldwork import import_period_submissions
from ssrmonitor.benchmarks.models import IndicatorKind, Measurement
from ssrmonitor.benchmarks.services.progress import recompute_all_progress
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.testing.actors import Call, DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import (
    BenchmarkFactory,
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
    country,
)


def _period_review_call(measurement: Measurement) -> Call:
    framework = measurement.indicator.benchmark.framework
    decision = services.ReviewDecision(measurement.pk, "approve")
    return call(framework, period=str(measurement.period), decisions=[decision])


CASES: list[DeniedCase] = [
    # --- frameworks, benchmarks, indicators (edit frameworks; publishing needs more) ---------
    DeniedCase(
        services.create_framework,
        lambda: call(country=country("HT"), title="Transition benchmarks", is_published=False),
    ),
    DeniedCase(services.update_framework, lambda: call(FrameworkFactory(), title="Revised")),
    DeniedCase(services.delete_framework, lambda: call(FrameworkFactory())),
    DeniedCase(
        services.create_benchmark,
        lambda: call(FrameworkFactory(), code="9", text="The prisons are run by the state."),
    ),
    DeniedCase(services.update_benchmark, lambda: call(BenchmarkFactory(), text="Revised")),
    DeniedCase(services.delete_benchmark, lambda: call(BenchmarkFactory())),
    DeniedCase(
        services.create_indicator,
        lambda: call(
            BenchmarkFactory(),
            code="1.9",
            definition="Number of prisons run by the state",
            kind=IndicatorKind.QUANTITATIVE,
            unit="prisons",
        ),
    ),
    DeniedCase(services.update_indicator, lambda: call(IndicatorFactory(), definition="Revised")),
    DeniedCase(services.delete_indicator, lambda: call(IndicatorFactory())),
    # --- measurements: entry (enter data), review (review data), import (both) -------------
    DeniedCase(
        services.record_measurement,
        lambda: call(IndicatorFactory(), period="2019-Q1", value="1.35"),
    ),
    DeniedCase(services.update_measurement, lambda: call(MeasurementFactory(), value="1.36")),
    DeniedCase(services.submit_measurement, lambda: call(MeasurementFactory())),
    DeniedCase(services.approve_measurement, lambda: call(MeasurementFactory(submitted=True))),
    DeniedCase(
        services.return_measurement,
        lambda: call(MeasurementFactory(submitted=True), comment="Give the source."),
    ),
    DeniedCase(services.delete_measurement, lambda: call(MeasurementFactory())),
    DeniedCase(
        services.add_evidence,
        lambda: call(MeasurementFactory(), title="Roster", url="https://example.org/roster.pdf"),
    ),
    # --- a whole period: the grid (enter data), the batch review (review data) -----------
    DeniedCase(
        services.save_period_values,
        lambda: call(
            FrameworkFactory(),
            period="2019-Q1",
            entries=[services.GridEntry(IndicatorFactory().pk, "1.35")],
        ),
    ),
    DeniedCase(services.submit_period_values, lambda: call(FrameworkFactory(), period="2019-Q1")),
    DeniedCase(
        services.review_period_values,
        lambda: _period_review_call(MeasurementFactory(submitted=True)),
    ),
    DeniedCase(
        services.import_reported_measurement,
        lambda: call(
            IndicatorFactory(),
            period=ReportingPeriod.parse("2019-06"),
            value=Decimal("1.35"),
            value_text="1.35 officers per 1,000 inhabitants",
            source_document="S/2019/805",
        ),
    ),
    # --- stored progress (recomputing every indicator needs edit frameworks everywhere) ------
    DeniedCase(recompute_all_progress, lambda: call()),
    # --- field submissions (ODK Central, KoboToolbox) of a period -------------------------
    DeniedCase(
        import_period_submissions,
        lambda: call(
            IndicatorFactory().benchmark.framework,
            period="2019-Q1",
            content=b"SubmissionDate,KEY\n2026-04-03T09:14:03.512Z,uuid:a\n",
        ),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)
