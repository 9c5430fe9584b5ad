"""Money across currencies: converted to US dollars only with a loaded rate, never silently.

A value keeps its currency and value date. :class:`RateTable` converts a value with the rate of
its value date if one is loaded, else the rate of its year; with neither, the value stays in its
own currency. :class:`MoneyBag` sums what it can convert in USD and keeps the rest per currency,
so a total never adds euros to dollars.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from ssrmonitor.core.numbers import plain
from ssrmonitor.support.models import ExchangeRate

USD = "USD"


class RateTable:
    """The exchange rates in the database, read once, by (currency, day) and (currency, year)."""

    def __init__(self) -> None:
        self.by_day: dict[tuple[str, date], Decimal] = {}
        self.by_year: dict[tuple[str, int], Decimal] = {}
        for rate in ExchangeRate.objects.all():
            if rate.day is not None:
                self.by_day[(rate.currency, rate.day)] = rate.rate_to_usd
            elif rate.year is not None:
                self.by_year[(rate.currency, rate.year)] = rate.rate_to_usd

    def rate(self, currency: str, value_date: date) -> Decimal | None:
        """USD per unit of ``currency`` on ``value_date`` (day rate first, then year rate)."""
        if currency == USD:
            return Decimal(1)
        day_rate = self.by_day.get((currency, value_date))
        if day_rate is not None:
            return day_rate
        return self.by_year.get((currency, value_date.year))

    def to_usd(self, value: Decimal, currency: str, value_date: date) -> Decimal | None:
        rate = self.rate(currency, value_date)
        return None if rate is None else value * rate


@dataclass
class MoneyBag:
    """A sum: the part converted to USD and, per currency, what had no rate."""

    usd: Decimal = Decimal(0)
    unconverted: dict[str, Decimal] = field(default_factory=lambda: defaultdict(Decimal))

    def add(self, value: Decimal, currency: str, value_date: date, rates: RateTable) -> None:
        converted = rates.to_usd(value, currency, value_date)
        if converted is None:
            self.unconverted[currency] += value
        else:
            self.usd += converted

    def merge(self, other: MoneyBag) -> None:
        self.usd += other.usd
        for currency, value in other.unconverted.items():
            self.unconverted[currency] += value

    @property
    def is_empty(self) -> bool:
        return not self.usd and not any(self.unconverted.values())

    @property
    def fully_converted(self) -> bool:
        return not any(self.unconverted.values())

    def parts(self) -> list[tuple[str, Decimal]]:
        """``[("USD", …), ("EUR", …)]``: the USD total first, then each unconverted currency."""
        found = [(USD, self.usd)] if self.usd or self.fully_converted else []
        found.extend((c, v) for c, v in sorted(self.unconverted.items()) if v)
        return found

    def __str__(self) -> str:
        return " + ".join(
            f"{currency} {plain(value.quantize(Decimal(1)))}" for currency, value in self.parts()
        )
