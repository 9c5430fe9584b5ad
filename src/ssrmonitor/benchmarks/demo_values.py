"""How the demo loader reads a reported update into a value, its date and what it covers.

Pure functions, no database. The rules, each tested on verbatim texts of the dataset:

**Value.** :func:`~ssrmonitor.benchmarks.demo_reading.reported_number`: after a leading reference
period the leading number ("Seven out of 18 prisons" → 7), else the first number in the
indicator's unit ("… estimated at 30.07 per cent" → 30.07).

**Date.** The quotation's own date or span, read by
:func:`~ssrmonitor.benchmarks.demo_dates.quoted_span` from its first words ("As at 9 July 2019:",
"16 July 2018:", "1 January–16 September 2019:", "October 2017–August 2019:", "2018 (From
January to 19 July):", "For the period from 1 March to 15 September 2019,"), before the update's
``as_of`` (the report's "Update as at 15 May (or otherwise specified)"). A quotation that names no
date is as at ``as_of`` (a month-only ``as_of`` such as ``2002-06`` leaves the day to the end of
the month). The value is filed under the month of its last day.

**Coverage and nature.** A single day → a *stock* (a level at that day). A span → a *rate* when
the indicator is a percentage or its unit is a rate, ratio or average ("/1,000 inmates", "per
100,000", "87 per cent of allegations" over 1 January 2018–31 August 2019: a share of what
happened over the span, compared as it is, like a level); otherwise, for counts, *year to date*
when the span starts on 1 January of its last day's year, else a *flow* (a total over the span).

**What the target is.** *Per year* when the indicator's unit, target or note says "per year" or
"a year" ("count (per year)"; 1.7, "Target reads '… per year'"), else a level *at the date*.

**Judgements.** Where the rules would misread, :mod:`.demo_judgements` says what to take, with
the quotation and the reason.

**Skipped, with the reason:** updates of indicators without a numeric scale, texts that state no
number, updates judged not to be values of the indicator, and of two updates filed under the same
month, the one with the earlier date (the later one is kept).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ssrmonitor.benchmarks import demo_dates as dates
from ssrmonitor.benchmarks import demo_judgements as judgements
from ssrmonitor.benchmarks import demo_reading as reading
from ssrmonitor.benchmarks.models import IndicatorKind
from ssrmonitor.benchmarks.services import Coverage
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.progress import TargetBasis, ValueNature

SKIP_REASONS: dict[str, Promise] = {
    "rating": _("qualitative indicator: no numeric scale"),
    "no_number": _("no number in the reported text"),
    "same_month": _("a value of a later date in the same month is kept"),
    judgements.SkipKind.DIFFERENT_BASE: _("judged: a different base from the indicator's"),
    judgements.SkipKind.NOT_COMPARABLE: _("judged: span and method not comparable with the series"),
    judgements.SkipKind.UNCLEAR: _("judged: the number stated is not clearly the indicator's"),
}  # fmt: skip
_RATE_UNIT = re.compile(r"\b(rate|ratio|average|mean)\b|\bper \d|/\s?\d", re.IGNORECASE)
_PER_YEAR = re.compile(r"\bper year\b|\ba year\b|\bper annum\b", re.IGNORECASE)


@dataclass(frozen=True)
class Reading:
    """One update as the loader reads it: a value with its period and coverage, or a skip.

    ``skip`` is a key of :data:`SKIP_REASONS` (empty for a value); ``judged`` is the reason of a
    judgement that changed the reading (empty when the rules alone read it).
    """

    update: Mapping[str, Any]
    value: Decimal | None = None
    period: ReportingPeriod | None = None
    coverage: Coverage = field(default_factory=Coverage)
    skip: str = ""
    detail: str = ""
    judged: str = ""

    @property
    def as_of(self) -> str:
        return str(self.update["as_of"])


def as_of_day(text: str) -> date | None:
    """An update's ``as_of`` as a day; ``None`` for a month only (``2002-06``)."""
    return None if re.fullmatch(r"\d{4}-\d{2}", text) else date.fromisoformat(text)


def is_rate(kind: str, unit: str) -> bool:
    """A percentage, or a unit that is a rate, ratio or average (``"rate per 1,000 inmates"``)."""
    return kind == IndicatorKind.PERCENTAGE or bool(_RATE_UNIT.search(unit))


def nature_of(start: date | None, end: date, kind: str, unit: str) -> ValueNature:
    """Stock at a day; over a span, a rate (percentages, rates), year to date or a flow."""
    if start is None:
        return ValueNature.STOCK
    if is_rate(kind, unit):
        return ValueNature.RATE
    if start == date(end.year, 1, 1):
        return ValueNature.YEAR_TO_DATE
    return ValueNature.FLOW


def target_basis(item: Mapping[str, Any]) -> TargetBasis:
    """Per year when the unit, target or note says so, else a level at the target date."""
    words = " ".join(str(item.get(key) or "") for key in ("unit", "target", "note"))
    return TargetBasis.PER_YEAR if _PER_YEAR.search(words) else TargetBasis.AT_DATE


def read_update(external_id: str, kind: str, unit: str, update: Mapping[str, Any]) -> Reading:
    """One update read by the rules and the judgements (the same-month rule is applied later)."""
    text = str(update["value"])
    if kind == IndicatorKind.RATING:
        return Reading(update, skip="rating", detail=text)
    judgement = judgements.value_judgement(external_id, str(update["as_of"]))
    if judgement is not None and judgement.skip is not None:
        return Reading(
            update, skip=judgement.skip, detail=judgement.reason, judged=judgement.reason
        )
    value = reading.reported_number(text, kind, unit)
    if judgement is not None and judgement.value is not None:
        value = judgement.value
    if value is None:
        return Reading(update, skip="no_number", detail=text)
    day = as_of_day(str(update["as_of"]))
    default_year = int(str(update["as_of"])[:4])
    span = dates.quoted_span(text, default_year) or (dates.Span(None, day) if day else None)
    start, end = (span.start, span.end) if span else (None, None)
    if judgement is not None:
        start, end = judgement.start or start, judgement.end or end
    last = end or date.fromisoformat(f"{update['as_of']}-01")
    nature = nature_of(start, last, kind, unit)
    if judgement is not None and judgement.nature is not None:
        nature = judgement.nature
    return Reading(
        update,
        value=value,
        period=ReportingPeriod.month_of(last),
        coverage=Coverage(start, end, nature),
        judged=judgement.reason if judgement is not None else "",
    )


def _last_day(reading_: Reading) -> date:
    assert reading_.period is not None  # noqa: S101 - values only
    return reading_.coverage.end or reading_.period.end


def read_updates(
    external_id: str, kind: str, unit: str, updates: Iterable[Mapping[str, Any]]
) -> list[Reading]:
    """Every update of an indicator, in the file's order; of two values filed under the same
    month, the one of the earlier date is skipped (the later is the month's latest level)."""
    readings = [read_update(external_id, kind, unit, update) for update in updates]
    latest: dict[ReportingPeriod, Reading] = {}
    for item in readings:
        if item.period is not None:
            kept = latest.get(item.period)
            if kept is None or _last_day(item) >= _last_day(kept):
                latest[item.period] = item
    return [
        item
        if item.period is None or latest[item.period] is item
        else replace(
            item,
            skip="same_month",
            detail=f"{item.period}: {_last_day(item)} (kept: {_last_day(latest[item.period])})",
        )
        for item in readings
    ]
