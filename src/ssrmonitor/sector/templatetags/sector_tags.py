"""Template helpers of the sector pages: personnel table rows and suppressed cells."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from django import template
from django.utils.translation import gettext as _

from ssrmonitor.core.charts import number
from ssrmonitor.sector.disclosure import TOTAL
from ssrmonitor.sector.selectors import PersonnelTable

register = template.Library()
SUPPRESSED = "×"


@dataclass(frozen=True)
class Row:
    """One line of a published personnel table."""

    unit: str
    rank: str
    female: int | None
    male: int | None
    total: int | None
    share: Decimal | None
    is_total: bool


def _row(table: PersonnelTable, unit: str, rank: str, unit_label: str, rank_label: str) -> Row:
    return Row(
        unit_label,
        rank_label,
        table.value(unit, rank, "female"),
        table.value(unit, rank, "male"),
        table.value(unit, rank, TOTAL),
        table.share(rank, unit),
        TOTAL in (unit, rank),
    )


@register.filter
def table_rows(table: PersonnelTable, ranks: list[tuple[str, str]]) -> list[Row]:
    """Rows unit × rank, a total per unit, then the national totals per rank and overall."""
    rows: list[Row] = []
    units = table.units if len(table.units) > 1 else []
    for unit in units:
        for rank, label in ranks:
            rows.append(_row(table, unit, rank, unit or "—", str(label)))
        rows.append(_row(table, unit, TOTAL, unit or "—", _("All ranks")))
    everything = _("All units")
    for rank, label in ranks:
        rows.append(_row(table, TOTAL, rank, everything, str(label)))
    rows.append(_row(table, TOTAL, TOTAL, everything, _("All ranks")))
    return rows


@register.filter
def cell(value: int | Decimal | None, unit: str = "") -> str:
    """A published value, ``×`` when suppressed; at most two decimals."""
    if value is None:
        return SUPPRESSED
    amount = Decimal(value)
    if amount.as_tuple().exponent < -2:  # type: ignore[operator]
        amount = amount.quantize(Decimal("0.01"))  # statistics stored with 8 decimals
    return f"{number(amount)}{unit}"
