"""Badges and numbers of the benchmark pages.

A rating or status is always shown as a word with a symbol, and coloured by a CSS class:
colour is never the only carrier of meaning. A value is shown with what it covers (``covers``)
and an indicator's target with what it is (``basis_words``: per year, since the baseline).
"""

from __future__ import annotations

from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ssrmonitor.benchmarks.charts import rounded
from ssrmonitor.benchmarks.forms_measurement import CATEGORY_LABELS
from ssrmonitor.benchmarks.models import Measurement, MeasurementStatus
from ssrmonitor.benchmarks.selectors import point_of
from ssrmonitor.core.charts import number, span_text
from ssrmonitor.core.progress import Point, Rating, TargetBasis, Trend, ValueNature

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
_NATURE_WORDS = {
    ValueNature.FLOW: gettext_lazy("total over these dates"),
    ValueNature.CUMULATIVE: gettext_lazy("running total"),
    ValueNature.YEAR_TO_DATE: gettext_lazy("year to date"),
    ValueNature.RATE: gettext_lazy("rate or average"),
}
_BASIS_WORDS = {
    TargetBasis.PER_YEAR: gettext_lazy("per year"),
    TargetBasis.CUMULATIVE: gettext_lazy("since the baseline"),
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


@register.filter
def covers(value: Measurement | Point | None) -> str:
    """What a value covers: ``1 Jan – 16 Sep 2019, year to date`` or ``as at 30 Jun 2019``."""
    if value is None:
        return ""
    point = point_of(value) if isinstance(value, Measurement) else value
    if point.start is None:
        return _("as at %s") % date_format(point.day, "j M Y")
    words = _NATURE_WORDS.get(ValueNature(point.nature), "")
    span = span_text(point.start, point.day)
    return _("%(span)s, %(nature)s") % {"span": span, "nature": words} if words else span


@register.filter
def basis_words(basis: str) -> str:
    """What a target is, next to its value: ``per year``, ``since the baseline`` or nothing."""
    words = _BASIS_WORDS.get(TargetBasis(basis)) if basis in TargetBasis.values else None
    return str(words) if words else ""


@register.filter
def about(value: Decimal | None) -> str:
    """An annualised value as read: ``≈ 721``."""
    return "—" if value is None else _("≈ %s") % number(rounded(value))
