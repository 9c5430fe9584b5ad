"""A series of values over time against a baseline and a target, as an accessible inline SVG.

No JavaScript library and no request of its own: the same markup is inlined in the indicator
page and served by ``indicator_chart`` as ``image/svg+xml``. Colours are SVG presentation
attributes (allowed by the strict style-src policy, and kept when the file is opened alone),
and every mark also has a text label, a dash pattern or a shape, so that colour is never the
only carrier of meaning. Illustrative values (generated for demonstration) are drawn as hollow
squares and named as such in the legend, in each point's tooltip and in the description that
screen readers read.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal

from django.utils.formats import date_format, number_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ssrmonitor.core.numbers import plain

INK = "#1b1b1b"
GRID = "#d0d0d0"
LINE = "#1a4f8b"
BASELINE = "#5a5a5a"
TARGET = "#0a6640"
ILLUSTRATIVE = "#a34700"
BASELINE_DASH = "6 4"
TARGET_DASH = "10 3 2 3"
_Y_TICKS = 4
_MAX_X_TICKS = 7


@dataclass(frozen=True)
class ChartPoint:
    """One approved value at the end of its reporting period."""

    day: date
    value: Decimal
    label: str
    illustrative: bool = False


@dataclass(frozen=True)
class ChartSpec:
    """What the chart shows: the values, the baseline and the target."""

    title: str
    unit: str
    points: Sequence[ChartPoint]
    baseline: Decimal | None = None
    baseline_date: date | None = None
    target: Decimal | None = None
    target_date: date | None = None
    increase: bool = True


@dataclass(frozen=True)
class _Frame:
    """Pixel box of the plot and the data domain it maps."""

    width: int
    height: int
    left: int
    right: int
    top: int
    bottom: int
    first_day: date
    last_day: date
    low: Decimal
    high: Decimal
    y_ticks: tuple[Decimal, ...] = ()

    @property
    def base(self) -> int:
        return self.height - self.bottom

    @property
    def end(self) -> int:
        return self.width - self.right

    def x(self, day: date) -> float:
        span = max((self.last_day - self.first_day).days, 1)
        share = (day - self.first_day).days / span
        return round(self.left + share * (self.end - self.left), 1)

    def y(self, value: Decimal) -> float:
        span = self.high - self.low
        share = float((value - self.low) / span) if span else 0.5
        return round(self.base - share * (self.base - self.top), 1)


def number(value: Decimal | None) -> str:
    """A value as people read it in the active language (no trailing zeros, no exponent)."""
    if value is None:
        return "—"
    return str(number_format(Decimal(plain(value)), use_l10n=True))


def nice_ticks(low: Decimal, high: Decimal, count: int = _Y_TICKS) -> tuple[Decimal, ...]:
    """Round values (steps of 1, 2, 2.5 or 5 × 10ⁿ) that cover ``low``–``high``."""
    span = float(high - low) or abs(float(high)) or 1.0
    raw = span / count
    base = 10 ** math.floor(math.log10(raw))
    step = Decimal(str(next(m * base for m in (1, 2, 2.5, 5, 10) if m * base >= raw)))
    first = (low / step).to_integral_value(rounding="ROUND_FLOOR") * step
    last = (high / step).to_integral_value(rounding="ROUND_CEILING") * step
    if first == last:
        last = first + step
    ticks, tick = [], first
    while tick <= last:
        ticks.append(tick)
        tick += step
    return tuple(ticks)


def _days(spec: ChartSpec) -> list[date]:
    days = [point.day for point in spec.points]
    return days + [day for day in (spec.baseline_date, spec.target_date) if day is not None]


def _values(spec: ChartSpec) -> list[Decimal]:
    values = [point.value for point in spec.points]
    return values + [value for value in (spec.baseline, spec.target) if value is not None]


def _frame(spec: ChartSpec, width: int, height: int, compact: bool) -> _Frame | None:
    days, values = _days(spec), _values(spec)
    if not days or not values:
        return None
    first, last = min(days), max(days)
    pad_days = max((last - first).days // 30, 15)
    first, last = first - timedelta(days=pad_days), last + timedelta(days=pad_days)
    low, high = min(values), max(values)
    if compact:
        pad = (high - low) * Decimal("0.1") or max(abs(high) * Decimal("0.1"), Decimal(1))
        return _Frame(width, height, 3, 3, 4, 4, first, last, low - pad, high + pad)
    ticks = nice_ticks(low, high)
    return _Frame(width, height, 64, 96, 12, 56, first, last, ticks[0], ticks[-1], ticks)


def _point_text(point: ChartPoint) -> str:
    text = f"{point.label}: {number(point.value)}"
    if point.illustrative:
        text += " " + _("(illustrative, not reported data)")
    return text


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
    if spec.unit:
        parts.append(_("Unit: %s.") % spec.unit)
    return " ".join(parts)


def _hline(frame: _Frame, y: float, colour: str, dash: str = "") -> SafeString:
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>',
        frame.left, y, frame.end, y, colour, "1" if not dash else "1.5",
        format_html(' stroke-dasharray="{}"', dash) if dash else "",
    )  # fmt: skip


def _text(
    x: float, y: float, label: str, colour: str = INK, anchor: str = "start", size: int = 11
) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" fill="{}" font-size="{}" text-anchor="{}">{}</text>',
        x, y, colour, size, anchor, label,
    )  # fmt: skip


def _y_axis(frame: _Frame) -> SafeString:
    rows = [
        format_html("{}{}", _hline(frame, frame.y(tick), GRID),
                    _text(frame.left - 6, frame.y(tick) + 4, number(tick), anchor="end"))
        for tick in frame.y_ticks
    ]  # fmt: skip
    axis = format_html(
        '<polyline points="{},{} {},{} {},{}" fill="none" stroke="{}" stroke-width="1"/>',
        frame.left, frame.top, frame.left, frame.base, frame.end, frame.base, INK,
    )  # fmt: skip
    return mark_safe("".join(rows) + axis)  # noqa: S308 - built by format_html


def _x_ticks(frame: _Frame) -> list[tuple[date, str]]:
    """Years on long charts; half-years (or quarters) on charts shorter than two years."""
    months = (frame.last_day.year - frame.first_day.year) * 12 + frame.last_day.month
    months -= frame.first_day.month
    every = 12 if months > 24 else (6 if months > 9 else 3)
    if every == 12:
        every *= max(1, math.ceil(months / 12 / _MAX_X_TICKS))
    ticks = []
    year, month = frame.first_day.year, 1
    while date(year, month, 1) <= frame.last_day:
        day = date(year, month, 1)
        if day >= frame.first_day and (year * 12 + month - 1) % every == 0:
            label = str(year) if every >= 12 else date_format(day, "M Y")
            ticks.append((day, label))
        month += 1
        if month > 12:
            year, month = year + 1, 1
    return ticks


def _x_axis(frame: _Frame) -> SafeString:
    marks = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>{}',
            frame.x(day), frame.base, frame.x(day), frame.base + 4, INK,
            _text(frame.x(day), frame.base + 16, label, anchor="middle"),
        )
        for day, label in _x_ticks(frame)
    ]  # fmt: skip
    return mark_safe("".join(marks))  # noqa: S308 - built by format_html


def _label_rows(frame: _Frame, spec: ChartSpec) -> tuple[float | None, float | None]:
    """Where the baseline and target labels go: on their lines, pushed apart if they collide."""
    base = None if spec.baseline is None else frame.y(spec.baseline) + 4
    target = None if spec.target is None else frame.y(spec.target) + 4
    if base is not None and target is not None and abs(base - target) < 14:
        middle = (base + target) / 2
        upper, lower = middle - 7, middle + 7
        base, target = (lower, upper) if base >= target else (upper, lower)
    return base, target


def _references(spec: ChartSpec, frame: _Frame, compact: bool) -> list[SafeString]:
    """Dashed baseline and target, a dotted line at the target date, their markers and labels."""
    pieces = []
    base_row, target_row = _label_rows(frame, spec)
    if spec.baseline is not None:
        pieces.append(_hline(frame, frame.y(spec.baseline), BASELINE, BASELINE_DASH))
        if not compact and base_row is not None:
            label = _("baseline %s") % number(spec.baseline)
            pieces.append(_text(frame.end + 6, base_row, label, BASELINE, size=12))
        if spec.baseline_date is not None and not compact:
            pieces.append(_diamond(frame.x(spec.baseline_date), frame.y(spec.baseline), BASELINE))
    if spec.target is not None:
        pieces.append(_hline(frame, frame.y(spec.target), TARGET, TARGET_DASH))
        if not compact and target_row is not None:
            label = _("target %s") % number(spec.target)
            pieces.append(_text(frame.end + 6, target_row, label, TARGET, size=12))
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


def _marker(frame: _Frame, point: ChartPoint, radius: float) -> SafeString:
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


def _series(frame: _Frame, points: Sequence[ChartPoint], compact: bool) -> SafeString:
    if not points:
        return SafeString("")
    coords = " ".join(f"{frame.x(p.day)},{frame.y(p.value)}" for p in points)
    line = format_html(
        '<polyline points="{}" fill="none" stroke="{}" stroke-width="{}" '
        'stroke-linejoin="round"/>',
        coords, LINE, 1.5 if compact else 2.5,
    )  # fmt: skip
    radius = 2 if compact else 4.5
    markers = "".join(_marker(frame, point, radius) for point in points)
    return mark_safe(line + markers)  # noqa: S308 - built by format_html


def _legend(spec: ChartSpec, frame: _Frame) -> SafeString:
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
                _text(14, 0, label, colour),
            )
        )
        x += 24 + 6 * len(label)
    return mark_safe("".join(pieces))  # noqa: S308 - built by format_html


def _no_data(width: int, height: int) -> SafeString:
    return _text(width // 2, height // 2, _("No approved value yet"), anchor="middle", size=13)


def _plot(spec: ChartSpec, frame: _Frame, compact: bool) -> SafeString:
    pieces: list[SafeString] = [] if compact else [_y_axis(frame), _x_axis(frame)]
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
