"""Dates in the wording of the bundled reports: the day or span a value covers, a baseline's date.

Pure functions, no database. The rules are stated in :mod:`ssrmonitor.benchmarks.demo_values`
and ``data/PROVENANCE.md``; each is tested on verbatim texts of the dataset.

A quotation names its date in its first words, before the value: ``"As at 9 July 2019: 63.3 per
cent"``, ``"16 July 2018: …"``, ``"15 October: …"`` (the year of the report's update), ``"1
January–16 September 2019: …"``, ``"October 2017–August 2019: …"``, ``"2018 (From January to 19
July): …"``, ``"For the period from 1 March to 15 September 2019, …"``, ``"As at 15 September
2019, …"``. A day is a day; a month alone covers the whole month and a year alone the whole year,
so that ``"October 2017–August 2019"`` runs from 1 October 2017 to 31 August 2019. The first end
of a span takes the month and year of the second when it leaves them out (``"1 January–16
September 2019"``, ``"1–31 December 2018"``).
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date

# fmt: off
MONTH_NAMES = (
    "january", "february", "march", "april", "may", "june", "july", "august", "september",
    "october", "november", "december",
)
# fmt: on
MONTHS = {name: number for number, name in enumerate(MONTH_NAMES, start=1)}
_ABBREVIATIONS = {name[:3]: number for name, number in MONTHS.items()} | {"sept": 9}
_MONTH_WORD = "(" + "|".join(MONTH_NAMES) + "|" + "|".join(_ABBREVIATIONS) + r")\.?"
_PART = re.compile(
    r"(?:(?P<day>\d{1,2})\s+)?(?P<month>" + _MONTH_WORD + r")(?:\s+(?P<year>\d{4}))?"
    r"|(?P<lone_day>\d{1,2})|(?P<lone_year>\d{4})",
    re.IGNORECASE,
)
_TO = re.compile(r"\s*[–-]\s*|\s+to\s+", re.IGNORECASE)
_YEAR_FROM = re.compile(r"(\d{4})\s*\(\s*from\s+(.+?)\)", re.IGNORECASE)
_LEAD = re.compile(
    r"^(?:(?:as at|for the period from)\s+(?P<words>[^,:]{3,60}),\s"
    r"|(?P<prefix>[^:]{1,80}):\s)",
    re.IGNORECASE,
)
_IN_YEAR = re.compile(r"\bin (\d{4})\b", re.IGNORECASE)
_AS_AT = re.compile(r"^as at\s+", re.IGNORECASE)


@dataclass(frozen=True)
class Span:
    """The dates a quotation names: from ``start`` to ``end``, or the day ``end`` alone."""

    start: date | None
    end: date


@dataclass(frozen=True)
class _Part:
    day: int | None
    month: int | None
    year: int | None


def last_day(year: int, month: int) -> date:
    """The last day of a month."""
    return date(year, month, calendar.monthrange(year, month)[1])


def month_number(word: str) -> int:
    """``"July"``, ``"Nov."``, ``"sept"`` → the month's number."""
    cleaned = word.lower().rstrip(".")
    return MONTHS.get(cleaned) or _ABBREVIATIONS[cleaned]


def _part(text: str) -> _Part | None:
    match = _PART.fullmatch(text.strip())
    if match is None:
        return None
    if match["lone_year"]:
        return _Part(None, None, int(match["lone_year"]))
    if match["lone_day"]:
        return _Part(int(match["lone_day"]), None, None)
    day, year = match["day"], match["year"]
    return _Part(
        int(day) if day else None, month_number(match["month"]), int(year) if year else None
    )


def _whole(part: _Part, year: int) -> Span:
    """A month or year named alone: the whole of it; a day: that day."""
    if part.month is None:
        return Span(date(year, 1, 1), date(year, 12, 31))
    if part.day is None:
        return Span(date(year, part.month, 1), last_day(year, part.month))
    return Span(None, date(year, part.month, part.day))


def _range(first: _Part, second: _Part, default_year: int | None) -> Span | None:
    end_year = second.year or default_year
    if end_year is None or second.month is None:
        return None
    month = first.month or second.month
    start = date(first.year or end_year, month, first.day or 1)
    end = (
        date(end_year, second.month, second.day) if second.day else last_day(end_year, second.month)
    )
    return Span(start, end) if start < end else None


def parse_span(words: str, default_year: int | None = None) -> Span | None:
    """The date or span some words name, or ``None`` when they are not (only) dates.

    ``default_year`` is the year of a date that names none (``"15 October"``).
    """
    words = _AS_AT.sub("", words.strip())
    try:
        if match := _YEAR_FROM.fullmatch(words):
            return parse_span(match[2], int(match[1]))
        ends = _TO.split(words, maxsplit=1)
        if len(ends) == 2:
            first, second = _part(ends[0]), _part(ends[1])
            return None if first is None or second is None else _range(first, second, default_year)
        part = _part(words)
        if part is None or (part.month is None and part.year is None):
            return None
        year = part.year or default_year
        return None if year is None else _whole(part, year)
    except ValueError:  # a day the month does not have
        return None


def quoted_span(text: str, default_year: int | None) -> Span | None:
    """The date or span a quotation names before its value, or ``None`` when it names none.

    Read from ``"<dates>: …"``, ``"As at <date>, …"`` or ``"For the period from <span>, …"``;
    dates elsewhere in the text (a law "published … on 26 October") are not the value's.
    """
    match = _LEAD.match(text.strip())
    if match is None:
        return None
    return parse_span(match["words"] or match["prefix"], default_year)


def baseline_date(text: str) -> date | None:
    """The last day of the period a baseline's wording names, or ``None``.

    ``"July 2016–June 2017: 695 …"`` → 30 June 2017; ``"14 Nov. 2017: 62.2 per cent"`` → 14
    November 2017; ``"2017: 60"``, ``"In 2017, 9 per cent"``, ``"16/1,000 inmates in 2017"`` → 31
    December 2017. A year that only names a document (``"2017 report not yet finalized"``) is not
    the baseline's date.
    """
    if (span := quoted_span(text, default_year=None)) is not None:
        return span.end
    if match := _IN_YEAR.search(text):
        return date(int(match[1]), 12, 31)
    return None
