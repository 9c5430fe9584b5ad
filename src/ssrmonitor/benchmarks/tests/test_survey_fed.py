"""Indicators fed by perception surveys: a survey item's published estimates (issue 15)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.models import Indicator, IndicatorKind, IndicatorSource
from ssrmonitor.benchmarks.selectors import perception_series, progress_of
from ssrmonitor.core.charts import ChartPoint, ChartSpec, render_chart
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.progress import Rating, Trend
from ssrmonitor.perceptions.services.imports import import_published_table
from ssrmonitor.perceptions.tests import kit
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import BenchmarkFactory, FrameworkFactory, IndicatorFactory

pytestmark = pytest.mark.django_db

FED = IndicatorSource.PERCEPTION_SHARE
HEADER = "question,group,value,share,ci_low,ci_high,respondents\n"


def _round(where: Country, number: int, end: date, share: str, low: str, high: str) -> None:
    """A published round of the survey, its trust in the police for all and for women."""
    survey = kit.survey(where, round_number=number, fieldwork_start=end, fieldwork_end=end)
    kit.police_question(survey)
    table = HEADER + f"Q37G,all,,{share},{low},{high},1200\nQ37G,sex,woman,30.0,26.0,34.0,600\n"
    import_published_table(survey, acting_user=SYSTEM, content=table.encode())


@pytest.fixture
def fed() -> Indicator:
    """Public trust in the police: 20 % on 1 Jan 2018 → 50 % by 1 Jan 2022 (Haiti)."""
    framework = FrameworkFactory(adoption_date=date(2018, 1, 1))
    where = framework.country
    _round(where, 8, date(2019, 12, 31), "26.0", "23.5", "28.6")
    _round(where, 9, date(2021, 12, 31), "35.0", "32.2", "37.9")
    return _create(
        BenchmarkFactory(framework=framework),
        baseline_value=Decimal(20),
        baseline_date=date(2018, 1, 1),
        target_value=Decimal(50),
        target_date=date(2022, 1, 1),
    )


def _create(benchmark: Any, **fields: Any) -> Indicator:
    values: dict[str, Any] = {
        "definition": "Public trust in the national police",
        "kind": IndicatorKind.PERCENTAGE,
        "unit": "%",
        "source": FED,
        "source_spec": {"item": "trust_police"},
    } | fields
    return services.create_indicator(benchmark, acting_user=SYSTEM, **values)


def _errors(exc: pytest.ExceptionInfo[ValidationFailed]) -> dict[str, str]:
    return {error.field: error.reason for error in exc.value.errors}


def test_the_settings_are_stored_normalised(fed: Indicator) -> None:
    assert fed.source_spec == {"item": "trust_police", "group": "", "value": ""}


@pytest.mark.parametrize(
    ("fields", "field", "reason"),
    [
        ({"kind": IndicatorKind.QUANTITATIVE}, "kind", "is a percentage"),
        ({"source_spec": {"item": "trust_nobody"}}, "source_spec", "survey item"),
        ({"source_spec": {"item": "trust_police", "x": 1}}, "source_spec", "Give an item"),
        ({"source_spec": {"item": "trust_police", "group": "caste"}}, "source_spec", "group is"),
        (
            {"source_spec": {"item": "trust_police", "group": "sex", "value": "other"}},
            "source_spec",
            "woman",
        ),
        ({"source_spec": {"item": "trust_police", "value": "woman"}}, "source_spec", "only with"),
    ],
)
def test_a_survey_fed_indicator_is_checked(fields: dict[str, Any], field: str, reason: str) -> None:
    kit.item()
    with pytest.raises(ValidationFailed) as exc:
        _create(BenchmarkFactory(), **fields)
    assert reason in _errors(exc)[field]
    assert not Indicator.objects.exists()


def test_values_cannot_be_recorded_by_hand(fed: Indicator, alice: Any) -> None:
    with pytest.raises(ValidationFailed) as exc:
        services.record_measurement(fed, acting_user=alice, period="2021", value="40")
    assert "perception surveys" in _errors(exc)["indicator"]


def test_a_measured_indicator_with_values_cannot_become_survey_fed(alice: Any) -> None:
    kit.item()
    indicator = IndicatorFactory(kind=IndicatorKind.PERCENTAGE, baseline_value=1, target_value=2)
    services.record_measurement(indicator, acting_user=alice, period="2019", value="1.5")
    with pytest.raises(ValidationFailed) as exc:
        services.update_indicator(
            indicator, acting_user=alice, source=FED, source_spec={"item": "trust_police"}
        )
    assert "recorded values" in _errors(exc)["source"]


def test_progress_is_computed_from_the_published_rounds(fed: Indicator) -> None:
    progress = progress_of([fed])[fed.pk]

    assert progress.latest is not None
    assert (progress.latest.day, progress.latest.value) == (date(2021, 12, 31), Decimal("35.0"))
    assert progress.percent == Decimal("50.0")  # (35 - 20) / (50 - 20)
    assert progress.trend is Trend.IMPROVING
    assert progress.rating is not Rating.NO_DATA


def test_a_group_of_respondents_and_unpublished_rounds(fed: Indicator) -> None:
    women = _create(fed.benchmark, source_spec={"item": "trust_police", "group": "sex",
                                                "value": "woman"})  # fmt: skip
    hidden = kit.survey(fed.benchmark.framework.country, published=False, round_number=10,
                        fieldwork_end=date(2023, 6, 30))  # fmt: skip
    kit.police_question(hidden)
    import_published_table(
        hidden, acting_user=SYSTEM, content=(HEADER + "Q37G,all,,90.0,88.0,92.0,900\n").encode()
    )

    assert [p.share for p in perception_series(women)] == [Decimal("30.0"), Decimal("30.0")]
    assert [p.share for p in perception_series(fed)] == [Decimal("26.0"), Decimal("35.0")]


def test_the_page_draws_the_rounds_on_their_interval_band_and_offers_no_entry(
    fed: Indicator, alice: Any
) -> None:
    client = Client()
    client.force_login(alice)
    page = client.get(reverse("benchmarks:indicator", args=[fed.pk])).content.decode()

    assert 'class="chart-band"' in page
    assert "35 (interval 32.2–37.9)" in page or "35.0 (interval 32.2–37.9)" in page
    assert "values come from perception surveys" in page


def test_the_band_joins_the_upper_bounds_then_the_lower_ones_back() -> None:
    points = [
        ChartPoint(date(2019, 1, 1), Decimal(30), "a", low=Decimal(20), high=Decimal(40)),
        ChartPoint(date(2020, 1, 1), Decimal(50), "b", low=Decimal(45), high=Decimal(55)),
    ]
    svg = render_chart(ChartSpec(title="t", unit="%", points=points))
    band = svg.split('class="chart-band" points="')[1].split('"')[0]
    corners = [tuple(float(v) for v in pair.split(",")) for pair in band.split()]

    assert len(corners) == 4
    assert corners[0][0] == corners[3][0] < corners[1][0] == corners[2][0]  # x: a, b, b, a
    assert corners[0][1] < corners[3][1] and corners[1][1] < corners[2][1]  # high above low
    assert "interval (shaded)" in svg
    assert "chart-band" not in render_chart(ChartSpec(title="t", unit="%", points=points[:0]))
