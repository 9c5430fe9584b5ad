"""Server-rendered SVG bars (no script, no inline style: CSP-safe)."""

from __future__ import annotations

from decimal import Decimal

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from ssrmonitor.core.numbers import plain

ROW = 22
LABEL = 220
WIDTH = 640


def bar_chart(rows: list[tuple[str, Decimal]], title: str) -> SafeString:
    """Horizontal bars of ``(label, value)``; values are USD already converted."""
    rows = [(label, value) for label, value in rows if value > 0]
    if not rows:
        return mark_safe("")
    top = max(value for _, value in rows)
    height = ROW * len(rows) + 10
    parts = [
        f'<svg class="chart" role="img" viewBox="0 0 {WIDTH} {height}" '
        f'xmlns="http://www.w3.org/2000/svg"><title>{escape(title)}</title>'
    ]
    for index, (label, value) in enumerate(rows):
        y = index * ROW + 5
        length = int((WIDTH - LABEL - 90) * value / top) if top else 0
        parts.append(
            f'<text x="0" y="{y + 14}" font-size="12">{escape(label[:34])}</text>'
            f'<rect x="{LABEL}" y="{y}" width="{max(length, 1)}" height="{ROW - 6}" '
            'fill="#1f5f8b"/>'
            f'<text x="{LABEL + length + 4}" y="{y + 14}" font-size="12">'
            f"{escape(plain(value.quantize(Decimal(1))))}</text>"
        )
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 (every text is escaped above)
