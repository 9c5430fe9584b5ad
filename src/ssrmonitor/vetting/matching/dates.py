"""Dates of birth as intervals, and the evidence two of them give for or against one identity.

A date of birth is known to some :class:`Precision`: an exact day, a month, a year, a range of
years, or nothing. It is stored as the interval ``[earliest, latest]`` it allows. Comparing two
of them (:func:`compare_birth_dates`) weighs, in log₂ odds:

- agreement *for*, stronger when both are precise (same day +9, same month +6.5, same year +4.5,
  overlapping ranges less the wider they are);
- a ``1 January`` date is a common placeholder for "year only": it counts as a year;
- a day/month swap (``1980-05-02`` ↔ ``1980-02-05``) and a one-year slip of an otherwise
  identical day are likely clerical errors: still evidence for, but less;
- disjoint intervals are evidence *against*, growing with the gap (a gap of one year is weak: ages
  are rounded, documents disagree; ten years is strong).
"""

from __future__ import annotations

import contextlib
import math
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import Any

_YEAR_RANGE = re.compile(r"^(\d{4})\s*[/–-]\s*(\d{4})$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_YEAR = re.compile(r"^(\d{4})$")


class Precision(StrEnum):
    DAY = "day"
    MONTH = "month"
    YEAR = "year"
    RANGE = "range"
    UNKNOWN = "unknown"


def _month_end(year: int, month: int) -> date:
    if month == 12:
        return date(year, 12, 31)
    return date.fromordinal(date(year, month + 1, 1).toordinal() - 1)


@dataclass(frozen=True, slots=True)
class BirthDate:
    """A date of birth known as the interval ``[earliest, latest]`` with its precision."""

    earliest: date
    latest: date
    precision: Precision

    @classmethod
    def parse(cls, text: str) -> BirthDate | None:
        """Read ``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY``, ``YYYY/YYYY`` (a range) or ``""`` (None).

        Raises:
            ValueError: the text is none of these (the message says why).
        """
        text = text.strip()
        if not text:
            return None
        if match := _YEAR.match(text):
            year = int(match.group(1))
            return cls(date(year, 1, 1), date(year, 12, 31), Precision.YEAR)
        if match := _YEAR_RANGE.match(text):
            first, last = int(match.group(1)), int(match.group(2))
            if first > last:
                raise ValueError(f"the range {text!r} ends before it starts")
            return cls(date(first, 1, 1), date(last, 12, 31), Precision.RANGE)
        if match := _MONTH.match(text):
            year, month = int(match.group(1)), int(match.group(2))
            if not 1 <= month <= 12:
                raise ValueError(f"{text!r} has no month {month}")
            return cls(date(year, month, 1), _month_end(year, month), Precision.MONTH)
        try:
            day = date.fromisoformat(text)
        except ValueError:
            raise ValueError(
                f"{text!r} is not a date (YYYY-MM-DD, YYYY-MM, YYYY or YYYY/YYYY)"
            ) from None
        return cls(day, day, Precision.DAY)

    @classmethod
    def exact(cls, day: date) -> BirthDate:
        return cls(day, day, Precision.DAY)

    @classmethod
    def years(cls, first: int, last: int | None = None) -> BirthDate:
        """The years ``first``…``last`` (one year if ``last`` is None)."""
        last = first if last is None else last
        precision = Precision.YEAR if first == last else Precision.RANGE
        return cls(date(first, 1, 1), date(last, 12, 31), precision)

    def to_json(self) -> dict[str, str]:
        """The stored form (``Person.birth_date``): ISO dates and the precision."""
        return {
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "precision": self.precision.value,
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> BirthDate:
        return cls(
            date.fromisoformat(data["earliest"]),
            date.fromisoformat(data["latest"]),
            Precision(data.get("precision") or Precision.RANGE),
        )

    @property
    def is_placeholder(self) -> bool:
        """An exact 1 January: often a stand-in for "year only"."""
        return self.precision is Precision.DAY and (self.earliest.month, self.earliest.day) == (
            1,
            1,
        )

    def effective(self) -> BirthDate:
        """The date as evidence: a 1 January placeholder counts as its year."""
        if self.is_placeholder:
            return BirthDate.years(self.earliest.year)
        return self

    def __str__(self) -> str:
        if self.precision is Precision.DAY:
            return self.earliest.isoformat()
        if self.precision is Precision.MONTH:
            return self.earliest.isoformat()[:7]
        if self.earliest.year == self.latest.year:
            return str(self.earliest.year)
        return f"{self.earliest.year}/{self.latest.year}"


# Weights (log2 odds) — see the module docstring and docs/vetting-screening.md.
SAME_DAY = 9.0
SAME_MONTH = 6.5
SAME_YEAR = 4.5
SWAPPED_DAY_MONTH = 6.0
ONE_YEAR_SLIP = 5.0
SAME_MONTH_OTHER_DAY = 2.5
SAME_YEAR_OTHER_DAY = 1.0


def _years_apart(a: BirthDate, b: BirthDate) -> float:
    if a.latest < b.earliest:
        return (b.earliest.toordinal() - a.latest.toordinal()) / 365.25
    return (a.earliest.toordinal() - b.latest.toordinal()) / 365.25


def against(gap: float) -> float:
    """Evidence against for two disjoint intervals ``gap`` years apart."""
    if gap <= 1.0:
        return -1.5
    if gap <= 2.0:
        return -3.0
    if gap <= 5.0:
        return -5.0
    return -7.0


def compare_one(a: BirthDate, b: BirthDate) -> tuple[float, str]:
    """Weight (log₂ odds) and reason for two dates of birth of the same person or not."""
    a, b = a.effective(), b.effective()
    if a.precision is Precision.DAY and b.precision is Precision.DAY:
        return _compare_days(a.earliest, b.earliest)
    if a.latest < b.earliest or b.latest < a.earliest:
        gap = _years_apart(a, b)
        return against(gap), f"{a} vs {b}: {gap:.1f} years apart"
    # The intervals overlap. Agreement is only as strong as the vaguer of the two: a chance
    # agreement is as likely as the wider interval is wide (log2 of its width in years).
    span_a = a.latest.toordinal() - a.earliest.toordinal() + 1
    span_b = b.latest.toordinal() - b.earliest.toordinal() + 1
    inner, outer = (a, b) if span_a <= span_b else (b, a)
    width = max(span_a, span_b)
    if width <= 31:
        weight = SAME_MONTH
    elif width <= 366:
        weight = SAME_YEAR
    else:
        weight = round(max(0.3, SAME_YEAR - math.log2(width / 365.25)), 1)
    contained = outer.earliest <= inner.earliest and inner.latest <= outer.latest
    relation = "=" if str(inner) == str(outer) else "within" if contained else "overlaps"
    return weight, f"{inner} {relation} {outer}"


def day_weight(a: date, b: date) -> float:
    """The weight of two exact dates of birth (see :func:`_compare_days`), without the reason."""
    if a == b:
        return SAME_DAY
    if a.year == b.year:
        if (a.month, a.day) == (b.day, b.month):
            return SWAPPED_DAY_MONTH
        return SAME_MONTH_OTHER_DAY if a.month == b.month else SAME_YEAR_OTHER_DAY
    if (a.month, a.day) == (b.month, b.day) and abs(a.year - b.year) == 1:
        return ONE_YEAR_SLIP
    return against(abs(a.toordinal() - b.toordinal()) / 365.25)


def _compare_days(a: date, b: date) -> tuple[float, str]:
    weight = day_weight(a, b)
    pair = f"{a.isoformat()} ≈ {b.isoformat()}"
    if a == b:
        return weight, f"{a.isoformat()} = {b.isoformat()}"
    if weight == SWAPPED_DAY_MONTH:
        return weight, f"{pair} (day and month swapped)"
    if weight == ONE_YEAR_SLIP:
        return weight, f"{pair} (year differs by one)"
    if a.year == b.year:
        return weight, f"{pair} (same {'month' if a.month == b.month else 'year'})"
    gap = abs(a.toordinal() - b.toordinal()) / 365.25
    return weight, f"{a.isoformat()} vs {b.isoformat()}: {gap:.1f} years apart"


def compare_birth_dates(
    left: tuple[BirthDate, ...], right: tuple[BirthDate, ...]
) -> tuple[float, str]:
    """The best evidence over every pair of the two sides' dates (a list may give several)."""
    if not left or not right:
        return 0.0, "unknown"
    best: tuple[float, str] | None = None
    for a in left:
        for b in right:
            found = compare_one(a, b)
            if best is None or found[0] > best[0]:
                best = found
    assert best is not None  # noqa: S101 - both sides are non-empty
    return best


def near_days(day: date) -> list[date]:
    """The exact dates a clerk may have written for ``day``: itself, swapped, a year off."""
    out = [day]
    for year, month, dom in (
        (day.year, day.day, day.month),
        (day.year - 1, day.month, day.day),
        (day.year + 1, day.month, day.day),
    ):
        with contextlib.suppress(ValueError):  # no 29 February that year, no 13th month
            out.append(date(year, month, dom))
    return out
