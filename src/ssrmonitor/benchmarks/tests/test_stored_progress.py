"""The stored progress of each indicator always equals the computed one (issue 17, item 7).

After each kind of change that progress depends on — a value approved, imported, reviewed in a
period, returned after approval; an indicator created or its baseline or target edited; a
personnel return recorded; survey estimates imported or a survey unpublished — the stored row
is what :func:`ssrmonitor.core.progress.rate` says now (``stale_progress`` is empty), and the
pages that read it show the same ratings as the rule.
"""

from __future__ import annotations

import importlib
from datetime import date
from decimal import Decimal

import pytest
from django.apps import apps
from django.core.management import CommandError, call_command

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import (
    Indicator,
    IndicatorKind,
    IndicatorProgress,
    IndicatorSource,
    Measurement,
    MeasurementStatus,
)
from ssrmonitor.benchmarks.progress_store import stale_progress
from ssrmonitor.benchmarks.selectors import (
    framework_ratings,
    progress_of,
    rating_counts,
    stored_ratings,
)
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.progress import Rating, count_ratings, roll_up, roll_up_counts
from ssrmonitor.perceptions.services.imports import import_published_table
from ssrmonitor.perceptions.services.surveys import update_survey
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import (
    BenchmarkFactory,
    FrameworkFactory,
    IndicatorFactory,
    MeasurementFactory,
)
from ssrmonitor.testing.factories_sector import make_institution, make_return

pytestmark = pytest.mark.django_db


def stored(indicator: Indicator) -> Rating:
    return Rating(IndicatorProgress.objects.get(pk=indicator.pk).rating)


def computed(indicator: Indicator) -> Rating:
    found = Indicator.objects.select_related("benchmark__framework").get(pk=indicator.pk)
    return progress_of([found])[found.pk].rating


def assert_in_step(indicator: Indicator) -> Rating:
    assert stale_progress() == []
    assert stored(indicator) is computed(indicator)
    return stored(indicator)


@pytest.fixture
def indicator() -> Indicator:
    """Officers per 1,000: 1.3 in May 2018 → 1.4 by October 2019, one submitted value."""
    found = services.create_indicator(
        BenchmarkFactory(framework=FrameworkFactory(adoption_date=date(2018, 5, 2))),
        acting_user=SYSTEM,
        definition="Police officers per 1,000 inhabitants",
        kind=IndicatorKind.QUANTITATIVE,
        unit="per 1,000",
        baseline_value=Decimal("1.3"),
        baseline_date=date(2018, 5, 2),
        target_value=Decimal("1.4"),
        target_date=date(2019, 10, 15),
    )
    assert assert_in_step(found) is Rating.NO_DATA
    return found


def test_an_approved_value_rates_the_indicator(indicator: Indicator) -> None:
    value = MeasurementFactory(indicator=indicator, period_text="2019-Q3", value=Decimal("1.39"))
    services.submit_measurement(value, acting_user=SYSTEM)
    assert assert_in_step(indicator) is Rating.NO_DATA  # submitted values do not count
    services.approve_measurement(value, acting_user=SYSTEM)
    assert assert_in_step(indicator) is Rating.ON_TRACK


def test_an_imported_value_and_a_period_review_keep_it_in_step(indicator: Indicator) -> None:
    services.import_reported_measurement(
        indicator,
        acting_user=SYSTEM,
        period=ReportingPeriod.parse("2018-Q4"),
        value=Decimal("1.3"),
        value_text="1.3",
        source_document="S/2019/198",
    )
    assert assert_in_step(indicator) is Rating.OFF_TRACK  # no way made, time has passed
    later = MeasurementFactory(
        indicator=indicator, period_text="2019-Q3", value=Decimal("1.45"), submitted=True
    )
    services.review_period_values(
        indicator.benchmark.framework,
        acting_user=SYSTEM,
        period="2019-Q3",
        decisions=[services.ReviewDecision(later.pk, "approve")],
    )
    assert Measurement.objects.get(pk=later.pk).status == MeasurementStatus.APPROVED
    assert assert_in_step(indicator) is Rating.ON_TRACK


def test_an_edited_baseline_or_target_rates_again(indicator: Indicator) -> None:
    MeasurementFactory(indicator=indicator, period_text="2019-Q3", value=Decimal("1.39"))
    value = Measurement.objects.get(indicator=indicator)
    services.submit_measurement(value, acting_user=SYSTEM)
    services.approve_measurement(value, acting_user=SYSTEM)
    assert assert_in_step(indicator) is Rating.ON_TRACK
    services.update_indicator(indicator, acting_user=SYSTEM, target_value=Decimal("2.3"))
    assert assert_in_step(indicator) is Rating.OFF_TRACK  # 9 % of the way at 90 % of the time
    services.update_indicator(indicator, acting_user=SYSTEM, target_value=None)
    assert assert_in_step(indicator) is Rating.NO_DATA


def test_a_personnel_return_rates_the_fed_indicator() -> None:
    police = make_institution("HT", "PNH")
    fed = services.create_indicator(
        BenchmarkFactory(framework=FrameworkFactory(adoption_date=date(2018, 1, 1))),
        acting_user=SYSTEM,
        definition="Women's share of police officers",
        kind=IndicatorKind.PERCENTAGE,
        unit="%",
        baseline_value=Decimal(8),
        baseline_date=date(2018, 1, 1),
        target_value=Decimal(12),
        target_date=date(2020, 1, 1),
        source=IndicatorSource.SECTOR_WOMEN_SHARE,
        source_spec={"institution": "PNH", "rank": "officer"},
    )
    assert assert_in_step(fed) is Rating.NO_DATA
    make_return(police, "2019", _officers(110, 890))  # 11 %: 75 % of the way, at the end
    assert assert_in_step(fed) is Rating.AT_RISK
    make_return(police, "2019", _officers(120, 880))  # the same return, corrected: 12 %
    assert assert_in_step(fed) is Rating.ON_TRACK
    make_return(police, "2019", _officers(80, 920))  # 8 %: back to the baseline
    assert assert_in_step(fed) is Rating.OFF_TRACK


def _officers(female: int, male: int) -> dict[tuple[str, str, str], int]:
    return {("", "officer", "female"): female, ("", "officer", "male"): male}


def test_survey_estimates_rate_the_fed_indicator_and_unpublishing_withdraws_them() -> None:
    framework = FrameworkFactory(adoption_date=date(2018, 1, 1))
    kit.item()
    fed = services.create_indicator(
        BenchmarkFactory(framework=framework),
        acting_user=SYSTEM,
        definition="Trust in the police",
        kind=IndicatorKind.PERCENTAGE,
        unit="%",
        baseline_value=Decimal(20),
        baseline_date=date(2018, 1, 1),
        target_value=Decimal(50),
        target_date=date(2022, 1, 1),
        source=IndicatorSource.PERCEPTION_SHARE,
        source_spec={"item": "trust_police"},
    )
    assert assert_in_step(fed) is Rating.NO_DATA
    end = date(2021, 12, 31)
    survey = kit.survey(framework.country, round_number=9, fieldwork_start=end, fieldwork_end=end)
    kit.police_question(survey)
    table = "question,group,value,share,ci_low,ci_high,respondents\nQ37G,all,,35.0,32,38,1200\n"
    import_published_table(survey, acting_user=SYSTEM, content=table.encode())
    assert assert_in_step(fed) is Rating.OFF_TRACK  # half the way at the end of the time
    update_survey(survey, acting_user=SYSTEM, is_published=False)
    assert assert_in_step(fed) is Rating.NO_DATA


def test_the_readers_count_what_the_rule_says(indicator: Indicator) -> None:
    framework = indicator.benchmark.framework
    others = [
        IndicatorFactory(benchmark=indicator.benchmark, target_value=Decimal(target))
        for target in ("1.4", "3", "1.36")
    ]
    for other in others:
        MeasurementFactory(indicator=other, period_text="2019-Q3", approved=True)
    everyone = [indicator, *others]
    rules = [computed(i) for i in everyone]
    assert stale_progress() == []
    counts = rating_counts(Indicator.objects.filter(benchmark__framework=framework), "framework")
    assert counts[framework.pk] == count_ratings(rules)
    assert framework_ratings(type(framework).objects.filter(pk=framework.pk)) == {
        framework.pk: roll_up(rules)
    }
    assert roll_up_counts(counts[framework.pk]) is roll_up(rules)
    # an indicator without a stored row is rated on the spot, never left out
    IndicatorProgress.objects.filter(pk=others[1].pk).delete()
    again = rating_counts(Indicator.objects.filter(benchmark__framework=framework), "framework")
    assert again[framework.pk] == count_ratings(rules)
    assert sorted(stored_ratings(everyone).values()) == sorted(rules)


def test_the_command_finds_and_repairs_stale_progress(indicator: Indicator) -> None:
    MeasurementFactory(
        indicator=indicator, period_text="2019-Q3", value=Decimal("1.39"), approved=True
    )
    call_command("recompute_progress", "--check")
    IndicatorProgress.objects.filter(pk=indicator.pk).update(rating=Rating.OFF_TRACK.value)
    with pytest.raises(CommandError, match=str(indicator.pk)):
        call_command("recompute_progress", "--check")
    events = AuditEvent.objects.count()
    call_command("recompute_progress")
    assert stored(indicator) is Rating.ON_TRACK
    assert stale_progress() == []
    event = AuditEvent.objects.order_by("-id").first()
    assert AuditEvent.objects.count() == events + 1
    assert event is not None and event.action == "recompute_progress"
    assert event.after == {"indicators_changed": 1}


def test_the_migration_backfill_stores_what_the_rule_says(indicator: Indicator) -> None:
    for period, value in (("2018-Q4", "1.31"), ("2019-Q2", "1.33"), ("2019-Q3", "1.36")):
        MeasurementFactory(
            indicator=indicator, period_text=period, value=Decimal(value), approved=True
        )
    more = IndicatorFactory(target_value=Decimal("1.35"))
    MeasurementFactory(indicator=more, period_text="2019-Q1", approved=True)
    expected = {
        row.pk: (row.rating, row.trend, row.percent) for row in IndicatorProgress.objects.all()
    }
    IndicatorProgress.objects.all().delete()
    migration = importlib.import_module("ssrmonitor.benchmarks.migrations.0007_indicator_progress")
    migration.backfill(apps, None)
    found = {
        row.pk: (row.rating, row.trend, row.percent) for row in IndicatorProgress.objects.all()
    }
    assert found == expected
    assert stale_progress() == []
