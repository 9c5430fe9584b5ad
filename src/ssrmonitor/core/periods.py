"""Reporting periods: a year, a half-year, a quarter or a month, as one value type.

Written as ``2026``, ``2026-H1``, ``2026-Q3`` or ``2026-07``. Periods are stored in their
canonical string form together with their first and last day, so that queries can order and
filter them by date whatever their kind.
"""

from __future__ import annotations

import calendar
import re
from dataclasses import dataclass
from datetime import date
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _


class PeriodKind(StrEnum):
    YEAR = "year"
    HALF = "half"
    QUARTER = "quarter"
    MONTH = "month"


_PATTERNS: list[tuple[re.Pattern[str], PeriodKind]] = [
    (re.compile(r"^(\d{4})$"), PeriodKind.YEAR),
    (re.compile(r"^(\d{4})-[Hh]([12])$"), PeriodKind.HALF),
    (re.compile(r"^(\d{4})-[Qq]([1-4])$"), PeriodKind.QUARTER),
    (re.compile(r"^(\d{4})-(0[1-9]|1[0-2])$"), PeriodKind.MONTH),
]
_MONTHS_PER = {PeriodKind.YEAR: 12, PeriodKind.HALF: 6, PeriodKind.QUARTER: 3, PeriodKind.MONTH: 1}


class PeriodParseError(ValueError):
    """The text is not a reporting period."""


@dataclass(frozen=True, order=True)
class ReportingPeriod:
    """A calendar reporting period. ``index`` is 1 for a year, 1–2, 1–4 or 1–12 otherwise."""

    year: int
    kind: PeriodKind
    index: int = 1

    @classmethod
    def parse(cls, text: str) -> ReportingPeriod:
        """Parse ``2026``, ``2026-H1``, ``2026-Q3`` or ``2026-07``.

        Raises:
            PeriodParseError: with a message that says which forms are accepted.
        """
        cleaned = text.strip()
        for pattern, kind in _PATTERNS:
            match = pattern.match(cleaned)
            if match:
                index = int(match.group(2)) if kind is not PeriodKind.YEAR else 1
                return cls(int(match.group(1)), kind, index)
        raise PeriodParseError(
            gettext("%r is not a reporting period: use 2026, 2026-H1, 2026-Q3 or 2026-07.") % text
        )

    @classmethod
    def month_of(cls, day: date) -> ReportingPeriod:
        """Return the month that contains ``day``."""
        return cls(day.year, PeriodKind.MONTH, day.month)

    def __str__(self) -> str:
        if self.kind is PeriodKind.YEAR:
            return f"{self.year:04d}"
        if self.kind is PeriodKind.HALF:
            return f"{self.year:04d}-H{self.index}"
        if self.kind is PeriodKind.QUARTER:
            return f"{self.year:04d}-Q{self.index}"
        return f"{self.year:04d}-{self.index:02d}"

    @property
    def start(self) -> date:
        """First day of the period."""
        first_month = (self.index - 1) * _MONTHS_PER[self.kind] + 1
        return date(self.year, first_month, 1)

    @property
    def end(self) -> date:
        """Last day of the period."""
        last_month = self.index * _MONTHS_PER[self.kind]
        return date(self.year, last_month, calendar.monthrange(self.year, last_month)[1])

    def contains(self, day: date) -> bool:
        """True when ``day`` falls in the period."""
        return self.start <= day <= self.end

    def overlaps(self, first: date | None, last: date | None) -> bool:
        """True when the period meets the closed interval [first, last] (open ends allowed)."""
        return (first is None or self.end >= first) and (last is None or self.start <= last)


if TYPE_CHECKING:
    _CharField = models.CharField[ReportingPeriod | str, ReportingPeriod]
else:
    _CharField = models.CharField


class ReportingPeriodField(_CharField):
    """Stores a :class:`ReportingPeriod` in its canonical text form."""

    description = _("Reporting period (2026, 2026-H1, 2026-Q3, 2026-07)")

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max_length", 7)
        super().__init__(*args, **kwargs)

    def deconstruct(self) -> Any:
        name, path, args, kwargs = super().deconstruct()
        if kwargs.get("max_length") == 7:
            del kwargs["max_length"]
        return name, path, args, kwargs

    def from_db_value(self, value: str | None, *args: Any) -> ReportingPeriod | None:
        return None if value is None else ReportingPeriod.parse(value)

    def to_python(self, value: Any) -> ReportingPeriod | None:
        if value is None or isinstance(value, ReportingPeriod):
            return value
        try:
            return ReportingPeriod.parse(str(value))
        except PeriodParseError as exc:
            raise ValidationError(str(exc), code="invalid_period") from None

    def get_prep_value(self, value: Any) -> str | None:
        period = self.to_python(value)
        return None if period is None else str(period)

    def value_to_string(self, obj: models.Model) -> str:
        return str(self.value_from_object(obj) or "")
