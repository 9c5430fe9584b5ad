"""Charts of survey estimates with their 95 % confidence intervals drawn as bands.

Inline SVG built from core's chart primitives' colours, no JavaScript. Each estimate is a dot
on a shaded band spanning its interval, and carries its figures as text (the share and the
interval), so that neither colour nor shape carries meaning alone; the ``<desc>`` read by screen
readers lists them too. Every page that shows a chart also shows the same figures in a table.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from ssrmonitor.core.charts import GRID, INK, LINE, number

BAND = "#c6d7ec"
LABEL_W = 150
ROW_H = 26
PLOT_W = 330
TEXT_W = 120


@dataclass(frozen=True)
class Bar:
    """One estimate to draw: its label, share and interval (percent)."""

    label: str
    share: Decimal
    low: Decimal | None
    high: Decimal | None


def interval_text(bar: Bar) -> str:
    """``59.8 % (56.5–63.1)``, or the share alone without an interval."""
    if bar.low is None or bar.high is None:
        return f"{number(bar.share)} %"
    return f"{number(bar.share)} % ({number(bar.low)}–{number(bar.high)})"


def _svg(
    width: int, height: int, element_id: str, title: str, desc: str, body: SafeString
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="{}" '
        'height="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'font-family="system-ui, sans-serif"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc><rect width="100%" height="100%" fill="#ffffff"/>{}</svg>',
        width, height, width, height, element_id, element_id, element_id, title, element_id,
        desc, body,
    )  # fmt: skip


def _x(value: Decimal) -> float:
    return LABEL_W + float(value) * PLOT_W / 100


def _scale(top: int, bottom: int) -> SafeString:
    ticks = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{} %</text>',
        (
            (_x(Decimal(t)), _x(Decimal(t)), top, bottom, GRID, _x(Decimal(t)), bottom + 14, INK, t)
            for t in (0, 25, 50, 75, 100)
        ),
    )
    return ticks


def _row(index: int, bar: Bar, top: int) -> SafeString:
    y = top + index * ROW_H
    middle = y + ROW_H / 2
    band = ""
    if bar.low is not None and bar.high is not None:
        band = format_html(
            '<rect x="{}" y="{}" width="{}" height="{}" fill="{}"/>',
            _x(bar.low), y + 5, max(_x(bar.high) - _x(bar.low), 1), ROW_H - 10, BAND,
        )  # fmt: skip
    return format_html(
        '<g><title>{}: {}</title>'
        '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="{}">{}</text>{}'
        '<circle cx="{}" cy="{}" r="5" fill="{}"/>'
        '<text x="{}" y="{}" font-size="12" fill="{}">{}</text></g>',
        bar.label, interval_text(bar), LABEL_W - 8, middle + 4, INK, bar.label, band,
        _x(bar.share), middle, LINE, LABEL_W + PLOT_W + 8, middle + 4, INK, interval_text(bar),
    )  # fmt: skip


def bars_chart(title: str, bars: Sequence[Bar], *, element_id: str) -> SafeString:
    """Each estimate on one row: a dot at the share on a band spanning its 95 % interval."""
    top = 8
    bottom = top + ROW_H * max(len(bars), 1)
    width = LABEL_W + PLOT_W + TEXT_W
    body = mark_safe(  # noqa: S308 - every piece is built by format_html
        _scale(top, bottom) + "".join(_row(i, bar, top) for i, bar in enumerate(bars))
    )
    desc = "; ".join(f"{bar.label}: {interval_text(bar)}" for bar in bars)
    desc = desc or _("No estimate (groups of fewer than 30 respondents are not shown).")
    return _svg(width, bottom + 24, element_id, title, desc, body)


def trend_chart(title: str, bars: Sequence[Bar], *, element_id: str) -> SafeString:
    """Rounds from left to right: the shares joined by a line over the band of their intervals."""
    width, height, left, top, plot_h = 520, 220, 48, 12, 160
    step = (width - left - 40) / max(len(bars) - 1, 1)

    def xy(i: int, value: Decimal) -> tuple[float, float]:
        return left + 20 + i * step, top + plot_h - float(value) * plot_h / 100

    with_band = [(i, b) for i, b in enumerate(bars) if b.low is not None and b.high is not None]
    upper = [xy(i, b.high) for i, b in with_band]  # type: ignore[arg-type]
    lower = [xy(i, b.low) for i, b in reversed(with_band)]  # type: ignore[arg-type]
    points = " ".join(f"{x:.1f},{y:.1f}" for x, y in upper + lower)
    line = " ".join("{:.1f},{:.1f}".format(*xy(i, b.share)) for i, b in enumerate(bars))
    grid = format_html_join(
        "",
        '<line x1="{}" x2="{}" y1="{}" y2="{}" stroke="{}"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="end" fill="{}">{} %</text>',
        ((left, width - 10, xy(0, Decimal(t))[1], xy(0, Decimal(t))[1], GRID, left - 4,
          xy(0, Decimal(t))[1] + 4, INK, t) for t in (0, 50, 100)),
    )  # fmt: skip
    marks = format_html_join(
        "",
        '<g><title>{}: {}</title><circle cx="{}" cy="{}" r="4" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" text-anchor="middle" fill="{}">{}</text></g>',
        ((b.label, interval_text(b), *xy(i, b.share), LINE, xy(i, b.share)[0],
          top + plot_h + 18, INK, b.label) for i, b in enumerate(bars)),
    )  # fmt: skip
    body = format_html(
        '{}<polygon points="{}" fill="{}"/><polyline points="{}" fill="none" stroke="{}" '
        'stroke-width="2"/>{}',
        grid, points, BAND, line, LINE, marks,
    )  # fmt: skip
    desc = "; ".join(f"{bar.label}: {interval_text(bar)}" for bar in bars)
    return _svg(width, height, element_id, title, desc, body)
