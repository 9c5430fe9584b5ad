"""What a value covers, on the read side: selectors, pages, charts and reports (issue 16)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any
from xml.etree import ElementTree

import pytest
from django.contrib.auth.models import AnonymousUser
from django.test import Client
from django.urls import reverse

from ssrmonitor.benchmarks.charts import spec_for
from ssrmonitor.benchmarks.models import Indicator, Measurement
from ssrmonitor.benchmarks.report_sections.country import collect_frameworks
from ssrmonitor.benchmarks.selectors import measured_point, point_of, progress_of, spec_of
from ssrmonitor.core.charts import ChartPoint, ChartSpec, render_chart
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.progress import Point, Rating, TargetBasis, ValueNature
from ssrmonitor.testing.factories import FrameworkFactory, IndicatorFactory, MeasurementFactory

SVG = "{http://www.w3.org/2000/svg}"
OCT_2017 = date(2017, 10, 1)


def _indicator_1_7(**changes: Any) -> Indicator:
    """MINUJUSTH 1.7: 695 → 800 new case files processed in real time per year."""
    values: dict[str, Any] = {
        "benchmark__framework": FrameworkFactory(adoption_date=date(2017, 10, 1)),
        "code": "1.7",
        "definition": "Number of new case files processed in real time",
        "unit": "case files",
        "baseline_value": Decimal(695),
        "target_value": Decimal(800),
        "target_basis": TargetBasis.PER_YEAR,
    }
    return IndicatorFactory(**(values | changes))


def _sum(indicator: Indicator, period: str, end: date, value: int, **extra: Any) -> Measurement:
    """A total over October 2017 to ``end``, approved (S/2019/198 and S/2019/805)."""
    values: dict[str, Any] = {
        "indicator": indicator,
        "period_text": period,
        "value": Decimal(value),
        "coverage_start": OCT_2017,
        "coverage_end": end,
        "nature": ValueNature.FLOW,
        "approved": True,
    }
    return MeasurementFactory(**(values | extra))


@pytest.fixture
def case_files(db: None) -> Indicator:
    indicator = _indicator_1_7()
    _sum(indicator, "2018-Q4", date(2018, 12, 31), 595)
    _sum(indicator, "2019-Q3", date(2019, 8, 31), 1382)
    return indicator


def _html(client: Client, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.content.decode()


# --- selectors ----------------------------------------------------------------------------


def test_measured_point_reads_coverage_and_falls_back_on_the_period() -> None:
    q3_start, q3_end = date(2019, 7, 1), date(2019, 9, 30)
    assert measured_point(Decimal(5), q3_start, q3_end) == Point(q3_end, Decimal(5))
    stock = measured_point(Decimal(5), q3_start, q3_end, None, date(2019, 7, 9))
    assert stock == Point(date(2019, 7, 9), Decimal(5))  # "as at 9 July 2019"
    flow = measured_point(Decimal(5), q3_start, q3_end, None, None, ValueNature.FLOW)
    assert flow == Point(q3_end, Decimal(5), q3_start, ValueNature.FLOW)
    ytd = measured_point(
        Decimal(190),
        q3_start,
        q3_end,
        date(2019, 1, 1),
        date(2019, 9, 16),
        ValueNature.YEAR_TO_DATE,
    )
    assert (ytd.start, ytd.day, ytd.nature) == (date(2019, 1, 1), date(2019, 9, 16), "year_to_date")


@pytest.mark.django_db
def test_point_of_and_spec_of_read_the_models(case_files: Indicator) -> None:
    latest = case_files.measurements.get(period="2019-Q3")
    assert point_of(latest) == Point(date(2019, 8, 31), Decimal(1382), OCT_2017, ValueNature.FLOW)
    assert spec_of(case_files).basis == TargetBasis.PER_YEAR


@pytest.mark.django_db
def test_progress_compares_multi_year_sums_with_a_yearly_target(case_files: Indicator) -> None:
    progress = progress_of([case_files])[case_files.pk]
    assert progress.latest is not None
    assert progress.latest.value == Decimal("720.6")
    assert progress.annualised
    assert progress.rating is not Rating.ON_TRACK
    assert progress.percent == Decimal("24.4")


@pytest.mark.django_db
def test_values_without_coverage_keep_their_old_reading() -> None:
    indicator = IndicatorFactory()  # 1.3 → 1.4 officers, at a date
    MeasurementFactory(indicator=indicator, approved=True, value=Decimal("1.35"))
    progress = progress_of([indicator])[indicator.pk]
    assert progress.latest == Point(date(2019, 3, 31), Decimal("1.35"))
    assert (progress.percent, progress.annualised, progress.excluded) == (Decimal(50), False, 0)


# --- pages --------------------------------------------------------------------------------


@pytest.mark.django_db
def test_indicator_page_says_what_each_value_covers_and_how_it_is_compared(
    client: Client, case_files: Indicator
) -> None:
    html = _html(client, reverse("benchmarks:indicator", args=[case_files.pk]))
    assert '800 <strong class="basis">per year</strong>' in html
    assert "A total per year" in html  # what the target is
    assert "1 Oct 2017 – 31 Aug 2019, total over these dates" in html
    assert "1 Oct 2017 – 31 Dec 2018, total over these dates" in html
    assert "≈ 721 a year" in html
    assert "≈ 475 a year" in html
    assert "annualised from 1,382 over 700 days" in html
    assert "annualised from 595 over 457 days" in html
    assert html.count('tag--annualised">annualised') >= 3  # both values and the latest
    assert "drawn as a band from its first day to its last" in html
    assert "Values are drawn as compared with the target" in html
    assert "Not compared" not in html


@pytest.mark.django_db
def test_indicator_page_shows_year_to_date_counts_with_their_dates(client: Client) -> None:
    indicator = _indicator_1_7(baseline_value=Decimal(164), target_value=Decimal(275))
    MeasurementFactory(
        indicator=indicator,
        period_text="2019-Q3",
        value=Decimal(190),
        coverage_start=date(2019, 1, 1),
        coverage_end=date(2019, 9, 16),
        nature=ValueNature.YEAR_TO_DATE,
        approved=True,
    )
    html = _html(client, reverse("benchmarks:indicator", args=[indicator.pk]))
    assert "1 Jan – 16 Sep 2019, year to date" in html
    assert "≈ 268 a year" in html


@pytest.mark.django_db
def test_values_not_compared_are_shown_with_the_reason_and_not_rated(client: Client) -> None:
    indicator = _indicator_1_7(target_basis=TargetBasis.AT_DATE)
    _sum(indicator, "2019-Q3", date(2019, 8, 31), 1382)
    html = _html(client, reverse("benchmarks:indicator", args=[indicator.pk]))
    assert "1,382" in html
    assert "Not compared" in html
    assert "A total over a span of time is not a level at a date" in html
    assert "The latest value reported is not compared with the target:" in html
    assert "1 approved value is not compared with the target and not rated" in html
    assert "rating--no_data" in html
    assert "per year" not in html


@pytest.mark.django_db
def test_a_later_value_too_short_to_compare_leaves_the_annualised_one_rated(
    client: Client, case_files: Indicator
) -> None:
    MeasurementFactory(
        indicator=case_files,
        period_text="2019-Q4",
        value=Decimal(30),
        coverage_start=date(2019, 10, 1),
        coverage_end=date(2019, 10, 10),
        nature=ValueNature.FLOW,
        approved=True,
    )
    html = _html(client, reverse("benchmarks:indicator", args=[case_files.pk]))
    progress = html.split('id="progress-heading"', 1)[1].split("</section>", 1)[0]
    assert "≈ 721 a year" in progress and 'tag--annualised">annualised' in progress
    assert "The latest value reported is not compared with the target:" in progress
    assert "It covers only 10 days" in progress
    assert "1 Oct – 10 Oct 2019, total over these dates" in html
    framework = _html(
        client, reverse("benchmarks:framework", args=[case_files.benchmark.framework.pk])
    )
    assert "≈ 721 a year" in framework and "1 value not compared" in framework


@pytest.mark.django_db
def test_levels_are_shown_as_at_their_day(client: Client) -> None:
    indicator = IndicatorFactory()
    MeasurementFactory(
        indicator=indicator, approved=True, period_text="2019-Q3", coverage_end=date(2019, 7, 9)
    )
    html = _html(client, reverse("benchmarks:indicator", args=[indicator.pk]))
    assert "as at 9 Jul 2019" in html
    assert "as reported" in html
    assert "annualised" not in html
    assert "drawn as a band" not in html


@pytest.mark.django_db
def test_framework_page_says_when_the_latest_value_is_annualised(
    client: Client, case_files: Indicator
) -> None:
    framework = case_files.benchmark.framework
    html = _html(client, reverse("benchmarks:framework", args=[framework.pk]))
    assert "800 per year" in html
    assert "≈ 721 a year" in html
    assert 'tag--annualised">annualised' in html
    assert "1 Oct 2017 – 31 Aug 2019, total over these dates" in html
    assert "Values are compared like with like." in html


@pytest.mark.django_db
def test_framework_page_queries_do_not_grow_with_values_over_spans(
    client: Client, case_files: Indicator, django_assert_max_num_queries: Any
) -> None:
    framework = case_files.benchmark.framework
    url = reverse("benchmarks:framework", args=[framework.pk])
    with django_assert_max_num_queries(14) as before:
        _html(client, url)
    for number in range(4):
        other = _indicator_1_7(benchmark=case_files.benchmark, code=f"1.{8 + number}")
        _sum(other, "2019-Q3", date(2019, 8, 31), 100 + number)
    with django_assert_max_num_queries(len(before.captured_queries)):
        _html(client, url)


# --- charts -------------------------------------------------------------------------------


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - parses our own output


def _spanned(**changes: Any) -> ChartSpec:
    values: dict[str, Any] = {
        "title": "6.6 SGBV cases investigated",
        "unit": "cases",
        "points": [
            ChartPoint(date(2018, 12, 31), Decimal(213), "2018"),
            ChartPoint(
                date(2019, 9, 16),
                Decimal("267.8"),
                "2019-Q3",
                start=date(2019, 1, 1),
                note="annualised from 190 over 259 days",
            ),
        ],
        "baseline": Decimal(164),
        "target": Decimal(275),
    }
    return ChartSpec(**(values | changes))


def test_a_value_over_a_span_is_drawn_from_its_first_day_to_its_marker() -> None:
    root = _parse(render_chart(_spanned()))
    spans = [group for group in root.iter(f"{SVG}g") if group.get("class") == "chart-span"]
    assert len(spans) == 1
    band, tick = list(spans[0].iter(f"{SVG}line"))
    marker = next(c for c in root.iter(f"{SVG}circle") if c.find(f"{SVG}title") is not None
                  and "2019-Q3" in (c.find(f"{SVG}title").text or ""))  # type: ignore[union-attr]  # fmt: skip
    assert band.get("y1") == band.get("y2") == marker.get("cy")
    assert band.get("x2") == marker.get("cx")
    assert float(band.get("x1", 0)) < float(band.get("x2", 0))
    assert tick.get("x1") == tick.get("x2") == band.get("x1")  # a tick marks the first day
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "value over the dates it covers" in texts


def test_the_description_says_the_span_and_how_the_value_was_made() -> None:
    root = _parse(render_chart(_spanned(left_out=["2019-Q1: 50 (too short)"]), element_id="c"))
    desc = root.find(f"{SVG}desc")
    assert desc is not None and desc.text is not None
    assert "2019-Q3, 1 Jan – 16 Sep 2019: 267.8 (annualised from 190 over 259 days)" in desc.text
    assert "2018: 213" in desc.text
    assert "Not drawn, as not comparable with the target: 2019-Q1: 50 (too short)." in desc.text


def test_charts_without_spans_draw_no_band() -> None:
    svg = render_chart(_spanned(points=[ChartPoint(date(2018, 12, 31), Decimal(213), "2018")]))
    assert "chart-span" not in svg
    assert "value over the dates it covers" not in svg


@pytest.mark.django_db
def test_spec_for_draws_the_compared_values_over_their_spans(case_files: Indicator) -> None:
    spec = spec_for(case_files, case_files.measurements.all())
    assert [(p.start, p.day, p.value) for p in spec.points] == [
        (OCT_2017, date(2018, 12, 31), Decimal("475.2")),
        (OCT_2017, date(2019, 8, 31), Decimal("720.6")),
    ]
    assert spec.points[1].note == "annualised from 1,382 over 700 days"
    assert spec.left_out == []


@pytest.mark.django_db
def test_spec_for_leaves_out_values_not_compared_and_says_why() -> None:
    indicator = _indicator_1_7(target_basis=TargetBasis.AT_DATE)
    _sum(indicator, "2019-Q3", date(2019, 8, 31), 1382)
    spec = spec_for(indicator, indicator.measurements.all())
    assert spec.points == []
    assert len(spec.left_out) == 1
    assert spec.left_out[0].startswith("2019-Q3: 1,382 (A total over a span of time")
    svg = render_chart(spec)
    assert "Not drawn, as not comparable with the target" in svg
    _parse(svg)


@pytest.mark.django_db
def test_chart_file_draws_the_span(client: Client, case_files: Indicator) -> None:
    svg = _html(client, reverse("benchmarks:indicator_chart", args=[case_files.pk]))
    assert 'class="chart-span"' in svg
    assert "1 Oct 2017 – 31 Aug 2019" in svg


# --- reports ------------------------------------------------------------------------------


@pytest.mark.django_db
def test_the_report_rates_with_what_values_cover(case_files: Indicator) -> None:
    framework = case_files.benchmark.framework
    viewer: Any = AnonymousUser()
    collected = collect_frameworks(viewer, [framework], ReportingPeriod.parse("2019"))
    indicator = collected[0]["benchmarks"][0]["indicators"][0]
    assert indicator["percent"] == "24.4"
    assert indicator["rating"] != str(Rating.ON_TRACK)
