"""The SVG chart: what it draws, what it says to screen readers, and that it is well-formed."""

from __future__ import annotations

import re
from datetime import date
from decimal import Decimal
from xml.etree import ElementTree

import pytest
from django.utils import translation

from ssrmonitor.benchmarks.charts import spec_for
from ssrmonitor.benchmarks.models import Direction, MeasurementStatus
from ssrmonitor.core.charts import ChartPoint, ChartSpec, nice_ticks, render_chart
from ssrmonitor.testing.factories import IndicatorFactory, MeasurementFactory

SVG = "{http://www.w3.org/2000/svg}"


def _police(**changes: object) -> ChartSpec:
    values: dict[str, object] = {
        "title": "1.1 Police officers per 1,000 inhabitants",
        "unit": "officers per 1,000 inhabitants",
        "points": [
            ChartPoint(date(2018, 9, 30), Decimal("1.32"), "2018-Q3"),
            ChartPoint(date(2018, 12, 31), Decimal("1.3700"), "2018-Q4"),
            ChartPoint(date(2019, 3, 31), Decimal("1.35"), "2019-Q1", illustrative=True),
        ],
        "baseline": Decimal("1.3"),
        "baseline_date": date(2018, 5, 2),
        "target": Decimal("1.4"),
        "target_date": date(2019, 10, 15),
    }
    values.update(changes)
    return ChartSpec(**values)  # type: ignore[arg-type]


def _parse(svg: str) -> ElementTree.Element:
    return ElementTree.fromstring(svg)  # noqa: S314 - parses our own output


def test_chart_is_well_formed_svg_with_title_and_description() -> None:
    root = _parse(render_chart(_police(), element_id="c1"))
    assert root.tag == f"{SVG}svg"
    assert root.get("role") == "img"
    assert root.get("aria-labelledby") == "c1-title c1-desc"
    title = root.find(f"{SVG}title")
    desc = root.find(f"{SVG}desc")
    assert title is not None and title.get("id") == "c1-title"
    assert title.text == "1.1 Police officers per 1,000 inhabitants: approved values over time"
    assert desc is not None and desc.text is not None
    assert "Baseline 1.3" in desc.text
    assert "Target 1.4 by" in desc.text
    assert "2018-Q4: 1.37" in desc.text
    assert "2019-Q1: 1.35 (illustrative, not reported data)" in desc.text
    assert "Higher is better." in desc.text


def test_chart_draws_the_values_as_a_line_with_a_marker_each() -> None:
    root = _parse(render_chart(_police()))
    lines = [p for p in root.iter(f"{SVG}polyline") if p.get("stroke-linejoin") == "round"]
    assert len(lines) == 1
    assert len(lines[0].get("points", "").split()) == 3
    assert len(list(root.iter(f"{SVG}circle"))) == 2 + 1  # two real values + the legend


def test_baseline_and_target_are_dashed_lines_with_labels() -> None:
    svg = render_chart(_police())
    root = _parse(svg)
    dashed = [line for line in root.iter(f"{SVG}line") if line.get("stroke-dasharray")]
    horizontal = [line for line in dashed if line.get("y1") == line.get("y2")]
    vertical = [line for line in dashed if line.get("x1") == line.get("x2")]
    assert len(horizontal) == 2  # baseline and target
    assert len(vertical) >= 1  # the target date
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "baseline 1.3" in texts
    assert "target 1.4" in texts
    assert "target date" in texts


def test_target_date_marker_sits_at_the_target_date() -> None:
    root = _parse(render_chart(_police(points=[])))
    vertical = [
        line
        for line in root.iter(f"{SVG}line")
        if line.get("stroke-dasharray") and line.get("x1") == line.get("x2")
    ]
    diamonds = [shape.get("points", "") for shape in root.iter(f"{SVG}polygon")]
    target_x = vertical[0].get("x1")
    assert any(points.startswith(f"{target_x},") for points in diamonds)


def test_illustrative_values_are_marked_visibly() -> None:
    root = _parse(render_chart(_police()))
    squares = [rect for rect in root.iter(f"{SVG}rect") if rect.find(f"{SVG}title") is not None]
    assert len(squares) == 1
    tooltip = squares[0].find(f"{SVG}title")
    assert tooltip is not None and "illustrative" in (tooltip.text or "")
    texts = [text.text for text in root.iter(f"{SVG}text")]
    assert "illustrative value, not reported data" in texts


def test_no_illustrative_legend_without_illustrative_values() -> None:
    spec = _police(points=[ChartPoint(date(2018, 9, 30), Decimal("1.32"), "2018-Q3")])
    assert "illustrative" not in render_chart(spec)


def test_axes_have_round_tick_labels_and_dates() -> None:
    root = _parse(render_chart(_police()))
    texts = [text.text or "" for text in root.iter(f"{SVG}text")]
    assert "1.3" in texts and "1.4" in texts
    assert any(re.fullmatch(r"[A-Z][a-z]+\.? 2019", text) for text in texts)


def test_long_charts_label_years() -> None:
    spec = _police(baseline_date=date(2008, 8, 27), target_date=date(2016, 10, 1), points=[])
    texts = [text.text or "" for text in _parse(render_chart(spec)).iter(f"{SVG}text")]
    years = [text for text in texts if re.fullmatch(r"20\d\d", text)]
    assert 3 <= len(years) <= 8


def test_text_is_escaped() -> None:
    svg = render_chart(_police(title='<script>alert("x")</script> & co'))
    assert "<script>" not in svg
    assert "&lt;script&gt;" in svg
    _parse(svg)


def test_chart_without_any_value_or_reference_says_so() -> None:
    svg = render_chart(ChartSpec(title="Empty", unit="", points=[]))
    assert "No approved value yet" in svg
    _parse(svg)


def test_compact_chart_has_no_labels() -> None:
    root = _parse(render_chart(_police(), compact=True, width=120, height=36))
    assert root.get("class") == "chart chart--compact"
    assert list(root.iter(f"{SVG}text")) == []
    assert root.find(f"{SVG}title") is not None


def test_numbers_follow_the_language() -> None:
    with translation.override("fr"):
        svg = render_chart(_police())
    assert "1,35" in svg


def test_lower_is_better_is_said() -> None:
    assert "Lower is better." in render_chart(_police(increase=False))


@pytest.mark.parametrize(
    ("low", "high", "expected"),
    [
        (Decimal("1.3"), Decimal("1.4"), ("1.3", "1.325", "1.35", "1.375", "1.4")),
        (Decimal(8), Decimal(16), ("8", "10", "12", "14", "16")),
        (Decimal(0), Decimal(100), ("0", "25", "50", "75", "100")),
        (Decimal(5), Decimal(5), ("4", "6")),  # a flat series sits in the middle
    ],
)
def test_nice_ticks(low: Decimal, high: Decimal, expected: tuple[str, ...]) -> None:
    ticks = nice_ticks(low, high)
    assert ticks[0] <= low and ticks[-1] >= high
    assert tuple(format(t.normalize(), "f") for t in ticks)[: len(expected)] == expected


@pytest.mark.django_db
def test_spec_for_reads_the_indicator_and_orders_values() -> None:
    indicator = IndicatorFactory(direction=Direction.DECREASE)
    later = MeasurementFactory(indicator=indicator, period_text="2019-Q2", approved=True)
    earlier = MeasurementFactory(
        indicator=indicator,
        period_text="2019-Q1",
        status=MeasurementStatus.APPROVED,
        is_illustrative=True,
    )
    spec = spec_for(indicator, [later, earlier])
    assert [point.label for point in spec.points] == ["2019-Q1", "2019-Q2"]
    assert spec.points[0].illustrative is True
    assert spec.baseline == indicator.baseline_value
    assert spec.target_date == indicator.target_date
    assert spec.increase is False
