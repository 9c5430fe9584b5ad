"""The frame of a chart: colours, the pixel box, numbers and dates as read, the two axes.

Split from :mod:`ssrmonitor.core.charts` (which draws the marks and re-exports what other apps
use from here: ``number``, ``nice_ticks`` and the colours).
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import date
from decimal import Decimal

from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ssrmonitor.core.numbers import readable

INK = "#1b1b1b"
GRID = "#d0d0d0"
LINE = "#1a4f8b"
BASELINE = "#5a5a5a"
TARGET = "#0a6640"
ILLUSTRATIVE = "#a34700"
BASELINE_DASH = "6 4"
TARGET_DASH = "10 3 2 3"
Y_TICKS = 4
_MAX_X_TICKS = 7


@dataclass(frozen=True)
class Frame:
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
    return readable(value)  # grouped: 47,398,562 / 47 398 562 (issue 14)


def span_text(start: date, end: date) -> str:
    """The dates a value covers, as read: ``1 Jan – 16 Sep 2019``, ``1 Oct 2017 – 31 Aug 2019``."""
    first = date_format(start, "j M" if start.year == end.year else "j M Y")
    return _("%(start)s – %(end)s") % {"start": first, "end": date_format(end, "j M Y")}


def nice_ticks(low: Decimal, high: Decimal, count: int = Y_TICKS) -> tuple[Decimal, ...]:
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


def hline(frame: Frame, y: float, colour: str, dash: str = "") -> SafeString:
    return format_html(
        '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}" stroke-width="{}"{}/>',
        frame.left, y, frame.end, y, colour, "1" if not dash else "1.5",
        format_html(' stroke-dasharray="{}"', dash) if dash else "",
    )  # fmt: skip


def text(
    x: float, y: float, label: str, colour: str = INK, anchor: str = "start", size: int = 11
) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" fill="{}" font-size="{}" text-anchor="{}">{}</text>',
        x, y, colour, size, anchor, label,
    )  # fmt: skip


def y_axis(frame: Frame) -> SafeString:
    rows = [
        format_html("{}{}", hline(frame, frame.y(tick), GRID),
                    text(frame.left - 6, frame.y(tick) + 4, number(tick), anchor="end"))
        for tick in frame.y_ticks
    ]  # fmt: skip
    axis = format_html(
        '<polyline points="{},{} {},{} {},{}" fill="none" stroke="{}" stroke-width="1"/>',
        frame.left, frame.top, frame.left, frame.base, frame.end, frame.base, INK,
    )  # fmt: skip
    return mark_safe("".join(rows) + axis)  # noqa: S308 - built by format_html


def x_ticks(frame: Frame) -> list[tuple[date, str]]:
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


def x_axis(frame: Frame) -> SafeString:
    marks = [
        format_html(
            '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="{}"/>{}',
            frame.x(day), frame.base, frame.x(day), frame.base + 4, INK,
            text(frame.x(day), frame.base + 16, label, anchor="middle"),
        )
        for day, label in x_ticks(frame)
    ]  # fmt: skip
    return mark_safe("".join(marks))  # noqa: S308 - built by format_html
