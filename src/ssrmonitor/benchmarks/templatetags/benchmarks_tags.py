"""Badges and numbers of the benchmark pages.

A rating or status is always shown as a word with a symbol, and coloured by a CSS class:
colour is never the only carrier of meaning.
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ssrmonitor.benchmarks.forms_measurement import CATEGORY_LABELS
from ssrmonitor.benchmarks.models import MeasurementStatus
from ssrmonitor.core.charts import number
from ssrmonitor.core.progress import Rating, Trend

register = template.Library()

_RATING_SYMBOLS = {
    Rating.ON_TRACK: "✔",
    Rating.AT_RISK: "▲",
    Rating.OFF_TRACK: "✖",
    Rating.NO_DATA: "–",
}
_TREND_SYMBOLS = {
    Trend.IMPROVING: "↗",
    Trend.STABLE: "→",
    Trend.WORSENING: "↘",
    Trend.NONE: "",
}


@register.simple_tag
def rating_badge(rating: Rating | str) -> SafeString:
    """A rating as a coloured badge with a symbol and its label."""
    value = Rating(rating)
    return format_html(
        '<span class="badge rating rating--{}"><span aria-hidden="true">{}</span> {}</span>',
        value.value,
        _RATING_SYMBOLS[value],
        value.label,
    )


@register.simple_tag
def status_badge(status: str) -> SafeString:
    """A measurement status (draft, submitted, approved, returned) as a labelled badge."""
    value = MeasurementStatus(status)
    return format_html('<span class="badge status status--{}">{}</span>', value.value, value.label)


@register.simple_tag
def trend_label(trend: Trend | str) -> SafeString:
    """A trend as an arrow and a word."""
    value = Trend(trend)
    return format_html(
        '<span class="trend trend--{}"><span aria-hidden="true">{}</span> {}</span>',
        value.value,
        _TREND_SYMBOLS[value],
        value.label,
    )


@register.filter
def num(value: Decimal | int | float | None) -> str:
    """``Decimal('1.3500')`` → ``1.35`` (localised), ``None`` → an em dash."""
    if value is None or value == "":
        return "—"
    return number(value if isinstance(value, Decimal) else Decimal(str(value)))


@register.filter
def percent(value: Decimal | None) -> str:
    """A percent of the way, or an em dash when it is undefined."""
    if value is None:
        return "—"
    return _("%s%%") % number(value)


@register.filter
def category_label(category: str) -> str:
    """The label of a disaggregation category (regions are shown as typed)."""
    label = CATEGORY_LABELS.get(category)
    return str(label) if label is not None else category
