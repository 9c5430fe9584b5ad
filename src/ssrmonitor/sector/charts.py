"""Server-rendered SVG of the sector app: the sector map and small bar charts.

No JavaScript: inline SVG with a ``<title>`` and ``<desc>`` for screen readers, colours as
presentation attributes (allowed by the strict CSP), and every mark also carries a text label
so that colour never carries meaning alone. Every page that shows a chart also shows the same
figures in a table.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal

from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ssrmonitor.core.charts import GRID, INK, LINE, number
from ssrmonitor.sector.selectors import Entry, SectorMap

OVERSIGHT = "#0a6640"
BOX = "#eef3f9"
BOX_W = 190
BOX_H = 34
GAP = 10
HEAD = 22
COLUMN_W = BOX_W + 40
OVERSIGHT_X = 10
_MAX_LABEL = 26


def _short(text: str, limit: int = _MAX_LABEL) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _svg(
    width: int, height: int, element_id: str, title: str, desc: str, body: SafeString
) -> SafeString:
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="{}" '
        'height="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'font-family="system-ui, sans-serif"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc><rect width="100%" height="100%" fill="#ffffff"/>{}</svg>',
        width,
        height,
        width,
        height,
        element_id,
        element_id,
        element_id,
        title,
        element_id,
        desc,
        body,
    )


@dataclass(frozen=True)
class _Box:
    x: int
    y: int
    label: str
    name: str


def _box(box: _Box, stroke: str) -> SafeString:
    return format_html(
        '<g><title>{}</title><rect x="{}" y="{}" width="{}" height="{}" rx="4" fill="{}" '
        'stroke="{}"/><text x="{}" y="{}" font-size="12" fill="{}">{}</text></g>',
        box.name,
        box.x,
        box.y,
        BOX_W,
        BOX_H,
        BOX,
        stroke,
        box.x + 8,
        box.y + 21,
        INK,
        box.label,
    )


COLUMNS_PER_BAND = 5
BAND_GAP = 70  # room for the oversight curves between bands


def _heading(x: int, y: int, label: str) -> SafeString:
    return format_html(
        '<text x="{}" y="{}" font-size="12" font-weight="700" fill="{}">{}</text>',
        x,
        y - 6,
        INK,
        _short(label, 34),
    )


def _column(
    entries: list[Entry], x: int, y: int, label: str, boxes: dict[int, _Box], overseen: Counter[int]
) -> tuple[SafeString, int]:
    """One type's boxes under its heading, the most overseen first (short arrows)."""
    top = y + 4
    for entry in sorted(entries, key=lambda e: -overseen.get(e.institution.pk, 0)):
        boxes[entry.institution.pk] = _Box(
            x, top, _short(entry.version.acronym or entry.name), entry.name
        )
        top += BOX_H + GAP
    return _heading(x, y, label), top


def _layout(sector: SectorMap) -> tuple[dict[int, _Box], list[SafeString], int, int]:
    """Oversight bodies in a top band, every other type in a column, five columns a band."""
    boxes: dict[int, _Box] = {}
    heads: list[SafeString] = []
    overseen = Counter(r.overseen_id for r in sector.oversight)
    oversight = [(label, e) for label, e in sector.groups if e[0].version.is_oversight]
    others = [(label, e) for label, e in sector.groups if not e[0].version.is_oversight]
    y, width, bottom = HEAD + GAP, COLUMN_W, HEAD + GAP
    bands = [
        oversight[i : i + COLUMNS_PER_BAND] for i in range(0, len(oversight), COLUMNS_PER_BAND)
    ]
    bands += [others[i : i + COLUMNS_PER_BAND] for i in range(0, len(others), COLUMNS_PER_BAND)]
    for band in bands:
        for index, (label, entries) in enumerate(band):
            x = OVERSIGHT_X + index * COLUMN_W
            head, end = _column(entries, x, y, label, boxes, overseen)
            heads.append(head)
            bottom = max(bottom, end)
            width = max(width, OVERSIGHT_X + (index + 1) * COLUMN_W)
        y = bottom + BAND_GAP
    return boxes, heads, width, bottom


def _link(source: _Box, target: _Box, text: str, element_id: str) -> SafeString:
    """A curve from the bottom of the overseer to the top of the overseen institution."""
    x1, y1 = source.x + BOX_W // 2, source.y + BOX_H
    x2, y2 = target.x + BOX_W // 2, target.y
    if target.y <= source.y:  # same band: from the side
        x1, y1 = source.x + BOX_W, source.y + BOX_H // 2
        x2, y2 = target.x, target.y + BOX_H // 2
    bend = max(abs(y2 - y1) // 2, 30)
    return format_html(
        '<path d="M{},{} C{},{} {},{} {},{}" fill="none" stroke="{}" stroke-width="1.3" '
        'stroke-dasharray="5 3" marker-end="url(#{}-arrow)"><title>{}</title></path>',
        x1, y1, x1, y1 + bend, x2, y2 - bend, x2, y2, OVERSIGHT, element_id, text,
    )  # fmt: skip


def sector_map_svg(sector: SectorMap, element_id: str = "sector-map") -> SafeString:
    """The institutions grouped by type, and arrows from overseers to overseen institutions."""
    if not sector.entries:
        return SafeString("")
    boxes, heads, width, height = _layout(sector)
    links = [
        _link(
            boxes[r.overseer_id],
            boxes[r.overseen_id],
            f"{boxes[r.overseer_id].name} → {boxes[r.overseen_id].name}: "
            f"{r.get_instrument_display()}",
            element_id,
        )
        for r in sector.oversight
        if r.overseer_id in boxes and r.overseen_id in boxes
    ]
    oversight_ids = {r.overseer_id for r in sector.oversight}
    body = format_html(
        '<defs><marker id="{}-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" '
        'markerHeight="7" orient="auto-start-reverse"><path d="M0,0 L10,5 L0,10 z" fill="{}"/>'
        "</marker></defs>{}{}{}",
        element_id, OVERSIGHT, SafeString("".join(heads)),
        SafeString("".join(
            _box(box, OVERSIGHT if pk in oversight_ids else LINE) for pk, box in boxes.items()
        )),
        SafeString("".join(links)),
    )  # fmt: skip
    title = _("Security sector of %(country)s on %(day)s") % {
        "country": sector.country.display_name,
        "day": sector.day.isoformat(),
    }
    desc = _(
        "%(count)d institutions grouped by type, oversight bodies first; %(links)d oversight "
        "links drawn as dashed arrows from the oversight body to the institution it "
        "oversees. The same information is listed in the tables below."
    ) % {"count": len(sector.entries), "links": len(links)}
    return _svg(width + 10, height + GAP, element_id, title, desc, body)


@dataclass(frozen=True)
class Bar:
    """One labelled bar (``None`` is drawn as "suppressed / no data")."""

    label: str
    value: Decimal | None
    note: str = ""


def bar_chart(
    bars: Sequence[Bar], *, title: str, unit: str, element_id: str, maximum: Decimal | None = None
) -> SafeString:
    """Horizontal bars with their values written at the end of each bar."""
    known = [bar.value for bar in bars if bar.value is not None]
    top = maximum or (max(known) if known else Decimal(1)) or Decimal(1)
    row, left, plot = 26, 170, 330
    rows = []
    for index, bar in enumerate(bars):
        y = 10 + index * row
        width = 0 if bar.value is None else float(bar.value / top) * plot
        text = (
            _("suppressed or no data")
            if bar.value is None
            else f"{number(bar.value)} {unit}{bar.note}"
        )
        rows.append(
            format_html(
                '<text x="{}" y="{}" font-size="12" text-anchor="end" fill="{}">{}</text>'
                '<rect x="{}" y="{}" width="{}" height="16" fill="{}"/>'
                '<text x="{}" y="{}" font-size="12" fill="{}">{}</text>',
                left - 6,
                y + 12,
                INK,
                _short(bar.label),
                left,
                y,
                f"{width:.1f}",
                LINE,
                left + width + 4,
                y + 12,
                INK,
                text,
            )
        )
    height = 20 + len(bars) * row
    axis = format_html(
        '<line x1="{}" y1="5" x2="{}" y2="{}" stroke="{}"/>', left, left, height - 5, GRID
    )
    desc = "; ".join(
        f"{bar.label}: {'—' if bar.value is None else number(bar.value)} {unit}" for bar in bars
    )
    body = format_html("{}{}", axis, format_html_join("", "{}", ((r,) for r in rows)))
    return _svg(left + plot + 170, height, element_id, title, desc, body)
