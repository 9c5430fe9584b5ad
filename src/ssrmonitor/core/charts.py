"""A series of values over time against a baseline and a target, as an accessible inline SVG.

No JavaScript library and no request of its own: the same markup is inlined in the indicator
page and served by ``indicator_chart`` as ``image/svg+xml``. Colours are SVG presentation
attributes (allowed by the strict style-src policy, and kept when the file is opened alone),
and every mark also has a text label, a dash pattern or a shape, so that colour is never the
only carrier of meaning. Illustrative values (generated for demonstration) are drawn as hollow
squares and named as such in the legend, in each point's tooltip and in the description that
screen readers read. A value that covers a span of dates (a total over some months, a
year-to-date count) is drawn as a horizontal segment from its first day to its last, with a
tick at the start and the usual marker at the end; its tooltip and the description say the span.
A value known within an interval (``low``/``high``, such as a survey estimate's confidence
interval) is drawn on a shaded band joining the intervals of the points that have one; the
tooltip and the description give the interval in figures.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ssrmonitor.core.chart_axes import (
    BASELINE,
    BASELINE_DASH,
    GRID,
    ILLUSTRATIVE,
    INK,
    LINE,
    TARGET,
    TARGET_DASH,
    Frame,
    hline,
    nice_ticks,
    number,
    span_text,
    text,
    x_axis,
    y_axis,
)

__all__ = [
    "GRID",
    "INK",
    "LINE",
    "ChartPoint",
    "ChartSpec",
    "nice_ticks",
    "number",
    "render_chart",
    "span_text",
]


@dataclass(frozen=True)
class ChartPoint:
    """One approved value at the end of the dates it covers.

    ``start`` is the first day a value over a span covers (``None`` for a level at ``day``);
    ``note`` says how the value drawn was made from the one reported (e.g. annualised);
    ``low`` and ``high`` bound the interval the value is known within (both or neither).
    """

    day: date
    value: Decimal
    label: str
    illustrative: bool = False
    start: date | None = None
    note: str = ""
    low: Decimal | None = None
    high: Decimal | None = None

    @property
    def has_interval(self) -> bool:
        return self.low is not None and self.high is not None


@dataclass(frozen=True)
class ChartSpec:
    """What the chart shows: the values, the baseline and the target.

    ``left_out`` names the values not drawn because they cannot be compared with the target,
    each with the reason; the description read by screen readers lists them.
    """

    title: str
    unit: str
    points: Sequence[ChartPoint]
    baseline: Decimal | None = None
    baseline_date: date | None = None
    target: Decimal | None = None
    target_date: date | None = None
    increase: bool = True
    left_out: Sequence[str] = ()


def _days(spec: ChartSpec) -> list[date]:
    days = [point.day for point in spec.points]
    days += [point.start for point in spec.points if point.start is not None]
    return days + [day for day in (spec.baseline_date, spec.target_date) if day is not None]


def _values(spec: ChartSpec) -> list[Decimal]:
    values = [point.value for point in spec.points]
    values += [v for p in spec.points if p.has_interval for v in (p.low, p.high) if v is not None]
    return values + [value for value in (spec.baseline, spec.target) if value is not None]


def _frame(spec: ChartSpec, width: int, height: int, compact: bool) -> Frame | None:
    days, values = _days(spec), _values(spec)
    if not days or not values:
        return None
    first, last = min(days), max(days)
    pad_days = max((last - first).days // 30, 15)
    first, last = first - timedelta(days=pad_days), last + timedelta(days=pad_days)
    low, high = min(values), max(values)
    if compact:
        pad = (high - low) * Decimal("0.1") or max(abs(high) * Decimal("0.1"), Decimal(1))
        return Frame(width, height, 3, 3, 4, 4, first, last, low - pad, high + pad)
    ticks = nice_ticks(low, high)
    return Frame(width, height, 64, 96, 12, 56, first, last, ticks[0], ticks[-1], ticks)


def _point_text(point: ChartPoint) -> str:
    label = point.label
    if point.start is not None:
        span = span_text(point.start, point.day)
        label = _("%(label)s, %(span)s") % {"label": label, "span": span}
    words = f"{label}: {number(point.value)}"
    if point.low is not None and point.high is not None:
        words += " " + _("(interval %(low)s–%(high)s)") % {
            "low": number(point.low),
            "high": number(point.high),
        }
    if point.note:
        words += f" ({point.note})"
    if point.illustrative:
        words += " " + _("(illustrative, not reported data)")
    return words


def _describe(spec: ChartSpec) -> str:
    parts = []
    if spec.baseline is not None:
        when = f" ({date_format(spec.baseline_date)})" if spec.baseline_date else ""
        parts.append(
            _("Baseline %(value)s%(when)s.") % {"value": number(spec.baseline), "when": when}
        )
    if spec.target is not None:
        when = _(" by %s") % date_format(spec.target_date) if spec.target_date else ""
        parts.append(_("Target %(value)s%(when)s.") % {"value": number(spec.target), "when": when})
    parts.append(_("Higher is better.") if spec.increase else _("Lower is better."))
    if spec.points:
        listed = "; ".join(_point_text(point) for point in spec.points)
        parts.append(_("Approved values: %s.") % listed)
    else:
        parts.append(_("No approved value yet."))
    if spec.left_out:
        listed = "; ".join(spec.left_out)
        parts.append(_("Not drawn, as not comparable with the target: %s.") % listed)
    if spec.unit:
        parts.append(_("Unit: %s.") % spec.unit)
    return " ".join(parts)


def _label_rows(frame: Frame, spec: ChartSpec) -> tuple[float | None, float | None]:
    """Where the baseline and target labels go: on their lines, pushed apart if they collide."""
    base = None if spec.baseline is None else frame.y(spec.baseline) + 4
    target = None if spec.target is None else frame.y(spec.target) + 4
    if base is not None and target is not None and abs(base - target) < 14:
        middle = (base + target) / 2
        upper, lower = middle - 7, middle + 7
        base, target = (lower, upper) if base >= target else (upper, lower)
    return base, target


def _references(spec: ChartSpec, frame: Frame, compact: bool) -> list[SafeString]:
    """Dashed baseline and target, a dotted line at the target date, their markers and labels."""
    pieces = []
    base_row, target_row = _label_rows(frame, spec)
    if spec.baseline is not None:
        pieces.append(hline(frame, frame.y(spec.baseline), BASELINE, BASELINE_DASH))
        if not compact and base_row is not None:
            label = _("baseline %s") % number(spec.baseline)
            pieces.append(text(frame.end + 6, base_row, label, BASELINE, size=12))
        if spec.baseline_date is not None and not compact:
            pieces.append(_diamond(frame.x(spec.baseline_date), frame.y(spec.baseline), BASELINE))
    if spec.target is not None:
        pieces.append(hline(frame, frame.y(spec.target), TARGET, TARGET_DASH))
        if not compact and target_row is not None:
            label = _("target %s") % number(spec.target)
            pieces.append(text(frame.end + 6, target_row, label, TARGET, size=12))
    if spec.target_date is not None:
        x = frame.x(spec.target_date)
        pieces.append(format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5" '
            'stroke-dasharray="2 3"/>', x, frame.top, x, frame.base, TARGET,
        ))  # fmt: skip
        if spec.target is not None and not compact:
            pieces.append(_diamond(x, frame.y(spec.target), TARGET))
    return pieces


def _diamond(x: float, y: float, colour: str) -> SafeString:
    return format_html(
        '<polygon points="{},{} {},{} {},{} {},{}" fill="#ffffff" stroke="{}" stroke-width="2"/>',
        x, y - 6, x + 6, y, x, y + 6, x - 6, y, colour,
    )  # fmt: skip


def _marker(frame: Frame, point: ChartPoint, radius: float) -> SafeString:
    x, y = frame.x(point.day), frame.y(point.value)
    if point.illustrative:
        return format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="#ffffff" stroke="{}" '
            'stroke-width="2"><title>{}</title></rect>',
            x - radius, y - radius, 2 * radius, 2 * radius, ILLUSTRATIVE, _point_text(point),
        )  # fmt: skip
    return format_html(
        '<circle cx="{}" cy="{}" r="{}" fill="{}"><title>{}</title></circle>',
        x, y, radius, LINE, _point_text(point),
    )  # fmt: skip


def _series(frame: Frame, points: Sequence[ChartPoint], compact: bool) -> SafeString:
    if not points:
        return SafeString("")
    coords = " ".join(f"{frame.x(p.day)},{frame.y(p.value)}" for p in points)
    line = format_html(
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}" '
        'stroke-linejoin="round"/>',
        coords, LINE, 1.5 if compact else 2.5,
    )  # fmt: skip
    radius = 2 if compact else 4.5
    band = _band(frame, points)
    spans = "".join(_span(frame, p, p.start, compact) for p in points if p.start is not None)
    markers = "".join(_marker(frame, point, radius) for point in points)
    return mark_safe(band + line + spans + markers)  # noqa: S308 - built by format_html


def _band(frame: Frame, points: Sequence[ChartPoint]) -> SafeString:
    """A shaded polygon through the upper bounds, then back through the lower ones."""
    bounded = [p for p in points if p.low is not None and p.high is not None]
    if not bounded:
        return SafeString("")
    upper = [f"{frame.x(p.day)},{frame.y(p.high)}" for p in bounded]  # type: ignore[arg-type]
    lower = [f"{frame.x(p.day)},{frame.y(p.low)}" for p in reversed(bounded)]  # type: ignore[arg-type]
    if len(bounded) == 1:  # a single interval: a short vertical bar
        x = frame.x(bounded[0].day)
        top, bottom = frame.y(bounded[0].high), frame.y(bounded[0].low)  # type: ignore[arg-type]
        upper, lower = (
            [f"{x - 4},{top}", f"{x + 4},{top}"],
            [f"{x + 4},{bottom}", f"{x - 4},{bottom}"],
        )
    return format_html(
        '<polygon class="chart-band" points="{}" fill="{}" fill-opacity="0.18" stroke="none"/>',
        " ".join(upper + lower), LINE,
    )  # fmt: skip


def _span(frame: Frame, point: ChartPoint, start: date, compact: bool) -> SafeString:
    """A broad band from the first day the value covers to its marker, with a tick at the start."""
    x1, x2, y = frame.x(start), frame.x(point.day), frame.y(point.value)
    tick, width = (3, 3) if compact else (6, 5)
    return format_html(
        '<g class="chart-span"><title>{}</title><line x1="{}" y1="{}" x2="{}" y2="{}" '
        'stroke="{}" stroke-width="{}" stroke-opacity="0.45"/>'
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="1.5"/></g>',
        _point_text(point), x1, y, x2, y, LINE, width, x1, y - tick, x1, y + tick, LINE,
    )  # fmt: skip


def _legend(spec: ChartSpec, frame: Frame) -> SafeString:
    """Symbol and words for each kind of mark the chart holds."""
    y = frame.height - 10
    items: list[tuple[SafeString, str, str]] = [
        (format_html('<circle cx="5" cy="-4" r="4" fill="{}"/>', LINE), _("approved value"), INK)
    ]
    if any(point.illustrative for point in spec.points):
        items.append((
            format_html('<rect x="1" y="-8" width="8" height="8" fill="#ffffff" stroke="{}" '
                        'stroke-width="2"/>', ILLUSTRATIVE),
            _("illustrative value, not reported data"), ILLUSTRATIVE,
        ))  # fmt: skip
    if any(point.start is not None for point in spec.points):
        items.append((
            format_html('<line x1="0" y1="-4" x2="10" y2="-4" stroke="{0}" stroke-width="5" '
                        'stroke-opacity="0.45"/><line x1="0" y1="-10" x2="0" y2="2" stroke="{0}" '
                        'stroke-width="1.5"/>', LINE),
            _("value over the dates it covers"), INK,
        ))  # fmt: skip
    if any(point.has_interval for point in spec.points):
        items.append((
            format_html('<rect x="0" y="-10" width="10" height="12" fill="{}" '
                        'fill-opacity="0.18"/>', LINE),
            _("interval (shaded)"), INK,
        ))  # fmt: skip
    if spec.target_date is not None:
        items.append((
            format_html('<line x1="5" y1="-12" x2="5" y2="2" stroke="{}" stroke-width="1.5" '
                        'stroke-dasharray="2 3"/>', TARGET),
            _("target date"), TARGET,
        ))  # fmt: skip
    x, pieces = frame.left, []
    for symbol, label, colour in items:
        pieces.append(
            format_html(
                '<g transform="translate({},{})">{}{}</g>',
                x,
                y,
                symbol,
                text(14, 0, label, colour),
            )
        )
        x += 24 + 6 * len(label)
    return mark_safe("".join(pieces))  # noqa: S308 - built by format_html


def _no_data(width: int, height: int) -> SafeString:
    return text(width // 2, height // 2, _("No approved value yet"), anchor="middle", size=13)


def _plot(spec: ChartSpec, frame: Frame, compact: bool) -> SafeString:
    pieces: list[SafeString] = [] if compact else [y_axis(frame), x_axis(frame)]
    pieces += _references(spec, frame, compact)
    pieces.append(_series(frame, spec.points, compact))
    if not compact:
        pieces.append(_legend(spec, frame))
        if not spec.points:
            pieces.append(_no_data(frame.width, frame.height))
    return mark_safe("".join(pieces))  # noqa: S308 - every piece was built by format_html


def render_chart(
    spec: ChartSpec,
    *,
    element_id: str = "chart",
    width: int = 640,
    height: int = 300,
    compact: bool = False,
) -> SafeString:
    """Draw ``spec`` as an SVG element (the chart of the indicator page, or a sparkline).

    Args:
        spec: the values, baseline and target to draw.
        element_id: prefix of the ids of ``<title>`` and ``<desc>`` (unique within a page).
        width: width in pixels of the drawing (it scales down with CSS on small screens).
        height: height in pixels.
        compact: a sparkline without axes, labels or legend, for tables.
    """
    frame = _frame(spec, width, height, compact)
    body = _no_data(width, height) if frame is None else _plot(spec, frame, compact)
    label = _("%s: approved values over time") % spec.title
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart{}" viewBox="0 0 {} {}" '
        'width="{}" height="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'font-family="system-ui, sans-serif">'
        '<title id="{}-title">{}</title><desc id="{}-desc">{}</desc>'
        '<rect width="100%" height="100%" fill="#ffffff"/>{}</svg>',
        " chart--compact" if compact else "", width, height, width, height,
        element_id, element_id, element_id, label, element_id, _describe(spec), body,
    )  # fmt: skip
