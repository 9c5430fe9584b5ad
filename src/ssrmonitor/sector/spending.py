"""Derived indicators of security sector public expenditure, as pure functions.

The definitions follow the World Bank / UN guide to security sector public expenditure
reviews ("Securing Development", 2017). Every ratio is a percentage rounded to 0.1, or
``None`` when its denominator is missing or zero — a number is never invented.

* **Execution rate** = executed ÷ revised budget (the allocation when there is no revision).
* **Personnel share** = personnel spending ÷ total spending.
* **Security share of public expenditure** = security spending ÷ total public expenditure.
* **Share of GDP** = security spending ÷ GDP.
* **Per capita** and **per member of personnel** = spending ÷ population or ÷ strength (two
  decimals, in the budget's currency).
* **External share** = external (on- and off-budget) funding ÷ all funding; the rest is
  domestic.

Amounts are summed on one *basis*: ``allocated``, ``revised`` or ``executed``. Lines without
an amount on that basis are left out, and how many is reported, so a partly executed budget is
never compared with a full allocation unknowingly.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from decimal import Decimal

PERSONNEL = "personnel"
DOMESTIC = "domestic"
_HUNDRED = Decimal(100)
_PERCENT = Decimal("0.1")
_MONEY = Decimal("0.01")
BASES = ("allocated", "revised", "executed")


@dataclass(frozen=True)
class Line:
    """What the indicators need of a budget line."""

    economic: str
    funding_source: str
    allocated: Decimal
    revised: Decimal | None = None
    executed: Decimal | None = None

    def amount(self, basis: str) -> Decimal | None:
        """The amount on ``basis`` (``allocated``, ``revised`` or ``executed``)."""
        if basis not in BASES:
            raise ValueError(basis)
        value: Decimal | None = getattr(self, basis)
        return value


def percent(part: Decimal | None, whole: Decimal | None) -> Decimal | None:
    """``100 × part ÷ whole`` to 0.1, ``None`` when either is missing or ``whole`` is 0."""
    if part is None or whole is None or whole == 0:
        return None
    return (_HUNDRED * part / whole).quantize(_PERCENT)


def ratio(amount: Decimal | None, count: Decimal | int | None) -> Decimal | None:
    """``amount ÷ count`` to two decimals, ``None`` when missing or zero."""
    if amount is None or count is None or count == 0:
        return None
    return (amount / Decimal(count)).quantize(_MONEY)


def total(lines: Iterable[Line], basis: str) -> tuple[Decimal, int]:
    """The sum on ``basis`` and how many lines had no amount on it."""
    amount, missing = Decimal(0), 0
    for line in lines:
        value = line.amount(basis)
        if value is None:
            missing += 1
        else:
            amount += value
    return amount, missing


def execution_rate(lines: Sequence[Line]) -> Decimal | None:
    """Executed ÷ revised (or allocated), over the lines that report an execution."""
    executed = [line for line in lines if line.executed is not None]
    if not executed:
        return None
    spent = sum((line.executed or Decimal(0) for line in executed), Decimal(0))
    planned = sum(
        (line.revised if line.revised is not None else line.allocated for line in executed),
        Decimal(0),
    )
    return percent(spent, planned)


def personnel_share(lines: Sequence[Line], basis: str) -> Decimal | None:
    """Personnel spending as a percentage of all spending on ``basis``."""
    whole, _missing = total(lines, basis)
    part, _ = total((line for line in lines if line.economic == PERSONNEL), basis)
    return percent(part, whole)


def external_share(lines: Sequence[Line], basis: str) -> Decimal | None:
    """External (on- and off-budget) funding as a percentage of all funding on ``basis``."""
    whole, _missing = total(lines, basis)
    part, _ = total((line for line in lines if line.funding_source != DOMESTIC), basis)
    return percent(part, whole)


@dataclass(frozen=True)
class Context:
    """What the spending is compared with (any may be unknown)."""

    gdp: Decimal | None = None
    total_public_expenditure: Decimal | None = None
    population: int | None = None
    personnel: int | None = None


@dataclass(frozen=True)
class Indicators:
    """The derived indicators of a set of budget lines on one basis."""

    basis: str
    total: Decimal
    lines_without_amount: int
    execution_rate: Decimal | None
    personnel_share: Decimal | None
    external_share: Decimal | None
    security_share: Decimal | None
    share_of_gdp: Decimal | None
    per_capita: Decimal | None
    per_personnel: Decimal | None


def indicators(lines: Sequence[Line], context: Context, basis: str) -> Indicators:
    """Every derived indicator of ``lines`` on ``basis`` (see the module rules).

    The ratios to public expenditure, GDP and population use only domestic and external
    on-budget funding, because off-budget aid is not part of public expenditure.
    """
    amount, missing = total(lines, basis)
    on_budget, _ = total(
        (line for line in lines if line.funding_source != "external_off_budget"), basis
    )
    return Indicators(
        basis=basis,
        total=amount,
        lines_without_amount=missing,
        execution_rate=execution_rate(lines),
        personnel_share=personnel_share(lines, basis),
        external_share=external_share(lines, basis),
        security_share=percent(on_budget, context.total_public_expenditure),
        share_of_gdp=percent(on_budget, context.gdp),
        per_capita=ratio(on_budget, context.population),
        per_personnel=ratio(amount, context.personnel),
    )
