"""A plan's timeline, drawn as an accessible inline SVG (no JavaScript, no request of its own).

One row per task: a bar from the plan's start (or the earliest date) to the task's handover
date, a marker on the handover date whose shape and label say the task's readiness (so colour
is never the only carrier of meaning), and a vertical line for today. Colours are SVG
presentation attributes, allowed by the strict style-src policy.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from django.utils.formats import date_format
from django.utils.html import format_html, format_html_join
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ssrmonitor.core.progress import Rating
from ssrmonitor.transitions.selectors import PlanView, TaskView

INK = "#1b1b1b"
GRID = "#d0d0d0"
BAR = "#c9d7e8"
TODAY = "#a34700"
COLOURS = {
    Rating.ON_TRACK: "#0a6640",
    Rating.AT_RISK: "#8a5a00",
    Rating.OFF_TRACK: "#b00020",
    Rating.NO_DATA: "#5a5a5a",
}
SYMBOLS = {Rating.ON_TRACK: "✔", Rating.AT_RISK: "▲", Rating.OFF_TRACK: "✖", Rating.NO_DATA: "–"}
LABEL_WIDTH = 260
ROW = 28
TOP = 30
WIDTH = 760


def _span(view: PlanView, today: date) -> tuple[date, date]:
    dates = [t.task.handover_date for t in view.tasks if t.task.handover_date]
    dates += [d for d in (view.plan.start_date, view.plan.end_date, today) if d]
    start, end = min(dates), max(dates)
    return (start, end) if end > start else (start, date.fromordinal(start.toordinal() + 1))


def _x(day: date, start: date, end: date) -> float:
    share = (day - start).days / max((end - start).days, 1)
    return LABEL_WIDTH + share * (WIDTH - LABEL_WIDTH - 20)


def _n(value: float) -> str:
    """A coordinate as SVG text (one decimal)."""
    return f"{value:.1f}"


def _row(index: int, task: TaskView, start: date, end: date) -> SafeString:
    y = TOP + index * ROW
    title = task.task.title if len(task.task.title) <= 38 else task.task.title[:37] + "…"
    rating = task.readiness.rating
    label = format_html('<text x="4" y="{}" font-size="12" fill="{}">{}</text>', y + 16, INK, title)
    due = task.task.handover_date
    if due is None:
        return label + format_html(
            '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>',
            LABEL_WIDTH, y + 16, INK, _("no handover date"),
        )  # fmt: skip
    x = _x(due, start, end)
    tip = _("%(task)s — handover %(date)s — readiness: %(rating)s") % {
        "task": task.task.title,
        "date": date_format(due, "DATE_FORMAT"),
        "rating": rating.label,
    }
    return label + format_html(
        '<g><title>{}</title><rect x="{}" y="{}" width="{}" height="12" fill="{}"/>'
        '<circle cx="{}" cy="{}" r="8" fill="{}"/>'
        '<text x="{}" y="{}" font-size="11" fill="#ffffff" text-anchor="middle">{}</text></g>',
        tip, LABEL_WIDTH, y + 6, _n(max(x - LABEL_WIDTH, 1)), BAR,
        _n(x), y + 12, COLOURS[rating], _n(x), y + 16, SYMBOLS[rating],
    )  # fmt: skip


def _describe(tasks: Sequence[TaskView]) -> str:
    parts = []
    for task in tasks:
        due = task.task.handover_date
        when = date_format(due, "DATE_FORMAT") if due else _("no handover date")
        parts.append(f"{task.task.title}: {when}, {task.readiness.rating.label}")
    return "; ".join(parts) or _("No task yet.")


def render_timeline(view: PlanView, *, today: date, element_id: str = "timeline") -> SafeString:
    """Draw the plan's tasks on a time axis, with today's date and each task's readiness."""
    if not view.tasks:
        return format_html('<p class="empty">{}</p>', _("No task yet."))
    start, end = _span(view, today)
    height = TOP + ROW * len(view.tasks) + 30
    rows = format_html_join("", "{}", ((_row(i, t, start, end),) for i, t in enumerate(view.tasks)))
    x_today = _x(today, start, end)
    axis = format_html(
        '<line x1="{}" y1="20" x2="{}" y2="{}" stroke="{}" stroke-dasharray="4 3"/>'
        '<text x="{}" y="14" font-size="11" fill="{}" text-anchor="middle">{}</text>'
        '<text x="{}" y="{}" font-size="11" fill="{}">{}</text>'
        '<text x="{}" y="{}" font-size="11" fill="{}" text-anchor="end">{}</text>',
        _n(x_today), _n(x_today), height - 24, TODAY, _n(x_today), TODAY, _("today"),
        LABEL_WIDTH, height - 8, INK, date_format(start, "DATE_FORMAT"),
        WIDTH - 20, height - 8, INK, date_format(end, "DATE_FORMAT"),
    )  # fmt: skip
    return format_html(
        '<svg xmlns="http://www.w3.org/2000/svg" class="chart" viewBox="0 0 {} {}" width="{}" '
        'height="{}" role="img" aria-labelledby="{}-title {}-desc" '
        'font-family="system-ui, sans-serif"><title id="{}-title">{}</title>'
        '<desc id="{}-desc">{}</desc><rect width="100%" height="100%" fill="#ffffff"/>'
        '<line x1="{}" y1="20" x2="{}" y2="{}" stroke="{}"/>{}{}</svg>',
        WIDTH, height, WIDTH, height, element_id, element_id, element_id,
        _("Handover timeline of %s") % view.plan.title, element_id, _describe(view.tasks),
        LABEL_WIDTH, LABEL_WIDTH, height - 24, GRID, rows, axis,
    )  # fmt: skip
