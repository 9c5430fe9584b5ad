"""Disclosure control of personnel tables: primary and secondary cell suppression.

A published personnel table shows, for one institution and period, the number of persons in
each *unit × rank category × sex* cell and every total over any of these dimensions (the
total of a unit, of a rank, of a sex, and the grand total). Nobody may learn from it that
fewer than ``k`` persons (default 5, security anchors §3.15) are in a cell.

**Primary suppression.** A cell with 1 to ``k − 1`` persons is hidden. Empty cells (0) are
shown: they reveal nobody.

**Secondary suppression.** Every total is an equation ``total = part₁ + … + partₙ``. If exactly
one member of an equation is hidden, it can be recomputed from the others, so one more member
is hidden: the smallest non-zero visible part (the least information lost), else a visible
zero part, else the total itself. This is repeated until no equation has exactly one hidden
member, which also protects the complements (a hidden total is treated like a hidden cell).
It is the usual "at least two suppressed per line" rule, applied to every line of the
three-dimensional table; it does not guard against an attacker who also knows other
published tables of the same population, which is why finer breakdowns (age band, region)
are never published.

The module is pure: it takes counts keyed by tuples and returns what may be shown.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping, Sequence
from dataclasses import dataclass
from itertools import product

TOTAL = "*"
DEFAULT_K = 5

Key = tuple[str, ...]


@dataclass(frozen=True)
class Equation:
    """``total`` is the sum of ``parts`` (one line of the table)."""

    total: Key
    parts: tuple[Key, ...]


@dataclass(frozen=True)
class SuppressedTable:
    """Every cell and total of the table; ``shown`` has ``None`` where a value is hidden."""

    values: dict[Key, int]
    primary: frozenset[Key]
    secondary: frozenset[Key]

    @property
    def hidden(self) -> frozenset[Key]:
        return self.primary | self.secondary

    def shown(self, key: Key) -> int | None:
        """The value to publish for ``key`` (a cell or a total), ``None`` when suppressed."""
        return None if key in self.hidden else self.values.get(key, 0)


def dimension_values(cells: Mapping[Key, int]) -> list[list[str]]:
    """The values met on each dimension, sorted."""
    width = len(next(iter(cells)))
    return [sorted({key[d] for key in cells}) for d in range(width)]


def full_table(cells: Mapping[Key, int], values: Sequence[Sequence[str]]) -> dict[Key, int]:
    """Every cell (missing ones are 0) and every total, keyed with ``*`` on summed dimensions."""
    table: dict[Key, int] = {}
    options = [[*dim, TOTAL] for dim in values]
    for key in product(*options):
        table[key] = sum(
            count
            for cell, count in cells.items()
            if all(want in (TOTAL, got) for want, got in zip(key, cell, strict=True))
        )
    return table


def equations(values: Sequence[Sequence[str]]) -> Iterator[Equation]:
    """One equation per total and per dimension it sums over."""
    options = [[*dim, TOTAL] for dim in values]
    for key in product(*options):
        for d, value in enumerate(key):
            if value == TOTAL:
                parts = tuple((*key[:d], v, *key[d + 1 :]) for v in values[d])
                yield Equation(key, parts)


def _complement(equation: Equation, hidden: set[Key], table: Mapping[Key, int]) -> Key:
    """The member to hide so that the equation has two hidden members."""
    visible = [part for part in equation.parts if part not in hidden]
    non_zero = sorted((table[p], p) for p in visible if table[p] > 0)
    if non_zero:
        return non_zero[0][1]
    if visible:
        return sorted(visible)[0]
    return equation.total


def suppress(cells: Mapping[Key, int], *, k: int = DEFAULT_K) -> SuppressedTable:
    """Apply primary and secondary suppression to ``cells`` (see the module rules).

    Args:
        cells: persons per cell, keyed by one value per dimension (e.g. unit, rank, sex);
            no key may use ``*``.
        k: the smallest number of persons a published cell may hold (cells of 1 to k − 1
            are suppressed).
    """
    if not cells:
        return SuppressedTable({}, frozenset(), frozenset())
    values = dimension_values(cells)
    table = full_table(cells, values)
    lines = list(equations(values))
    primary = {key for key, count in cells.items() if 0 < count < k}
    hidden = set(primary)
    changed = bool(hidden)
    while changed:
        changed = False
        for line in lines:
            members = (line.total, *line.parts)
            if sum(member in hidden for member in members) == 1:
                hidden.add(_complement(line, hidden, table))
                changed = True
    return SuppressedTable(table, frozenset(primary), frozenset(hidden - primary))


def is_protected(table: SuppressedTable) -> bool:
    """True when no line of the table has exactly one hidden member (used by tests)."""
    cells = {key: count for key, count in table.values.items() if TOTAL not in key}
    if not cells:
        return True
    for line in equations(dimension_values(cells)):
        members = (line.total, *line.parts)
        if sum(member in table.hidden for member in members) == 1:
            return False
    return True
