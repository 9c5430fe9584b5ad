"""Aggregate statistics of vetting and age screening, with small cells suppressed.

Three tables per country, each a two-way table with all its totals:

* **cases by violation category × state** and **cases by institution × state** (the state of
  a case: identity to check, not the person, in progress, under appeal, cleared, excluded,
  retained with conditions — the decision counts once final, or once taken while open to
  appeal);
* **age assessments by quarter × outcome**, by the quarter the decision was recorded:
  eligible, not eligible (under age — rejected *and* referred to child protection), referred
  and awaiting a child protection officer, referred then found eligible, referred then treated
  as a child.

**Disclosure control** mirrors :mod:`ssrmonitor.sector.disclosure` (same equations and
complement rule) with two additions for these small, sensitive counts:

1. *Primary suppression* hides **every** published count from 1 to 4 — totals included, since
   a row total of 3 tells as much as a cell of 3. A hidden count is shown as "<5".
2. *Secondary suppression* then hides, in every line (``total = part₁ + … + partₙ``) with
   exactly one hidden member, one more member, until no line has exactly one: a hidden count
   cannot be recomputed from the others. The two case tables share the state totals, so a
   state total hidden in one is hidden in the other too (the two are suppressed again until
   they agree), and neither can be used to undo the other.

Tables hold counts only; nothing here reads or returns a name, a date of birth or a note.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ssrmonitor.core.models import Country
from ssrmonitor.sector.disclosure import (
    TOTAL,
    Key,
    SuppressedTable,
    dimension_values,
    equations,
    full_table,
)
from ssrmonitor.sector.models import Institution
from ssrmonitor.sector.selectors import institution_name
from ssrmonitor.vetting.models import (
    AgeAssessment,
    AgeOutcome,
    Case,
    CaseStatus,
    ViolationCategory,
)
from ssrmonitor.vetting.services.age import RESOLVED_CHILD, RESOLVED_ELIGIBLE

K = 5
HIDDEN = "<5"
NO_INSTITUTION = "-"

CASE_STATES: dict[str, Any] = {
    "open": _("Identity to check"),
    "not_the_person": _("Not the person"),
    "in_progress": _("In progress"),
    "appealed": _("Under appeal"),
    "cleared": _("Cleared"),
    "excluded": _("Excluded"),
    "conditional": _("Retained with conditions"),
}
AGE_OUTCOMES: dict[str, Any] = {
    "eligible": _("Eligible"),
    "under_age": _("Under age: rejected and referred"),
    "referred_open": _("Referred: awaiting child protection"),
    "referred_eligible": _("Referred, then eligible"),
    "referred_child": _("Referred, then treated as a child"),
}


# --- disclosure control -------------------------------------------------------------------


def _complement(members: list[Key], hidden: set[Key], table: Mapping[Key, int]) -> Key:
    """The member of a line to hide next: the smallest non-zero visible part, else any."""
    visible = [m for m in members[1:] if m not in hidden]
    non_zero = sorted((table[m], m) for m in visible if table[m] > 0)
    if non_zero:
        return non_zero[0][1]
    return sorted(visible)[0] if visible else members[0]


def suppress(
    cells: Mapping[Key, int], *, k: int = K, forced: Iterable[Key] = ()
) -> SuppressedTable:
    """Primary suppression of every count 1 to ``k − 1`` (totals too), then secondary.

    Args:
        cells: counts keyed by one value per dimension (no key may use ``*``).
        k: the smallest count that may be shown.
        forced: keys (cells or totals) to hide in any case, e.g. a total hidden in a linked
            table.
    """
    if not cells:
        return SuppressedTable({}, frozenset(), frozenset())
    values = dimension_values(cells)
    table = full_table(cells, values)
    primary = {key for key, count in table.items() if 0 < count < k}
    hidden = primary | (set(forced) & set(table))
    lines = [[line.total, *line.parts] for line in equations(values)]
    changed = True
    while changed:
        changed = False
        for members in lines:
            if sum(member in hidden for member in members) == 1:
                hidden.add(_complement(members, hidden, table))
                changed = True
    return SuppressedTable(table, frozenset(primary), frozenset(hidden - primary))


def shown(table: SuppressedTable, key: Key) -> str:
    """A count as published: the number, or "<5" when hidden."""
    value = table.shown(key)
    return HIDDEN if value is None else str(value)


def is_protected(table: SuppressedTable, k: int = K) -> bool:
    """No count 1 to k − 1 shown, and no line with exactly one hidden member."""
    if any(0 < v < k and key not in table.hidden for key, v in table.values.items()):
        return False
    cells = {key: v for key, v in table.values.items() if TOTAL not in key}
    if not cells:
        return True
    for line in equations(dimension_values(cells)):
        if sum(m in table.hidden for m in (line.total, *line.parts)) == 1:
            return False
    return True


# --- counting -----------------------------------------------------------------------------


def case_state(case: Case) -> str:
    """The state a case is counted in (see the module docstring)."""
    status = case.status
    if status == CaseStatus.OPEN:
        return "open"
    if status == CaseStatus.NOT_THE_PERSON:
        return "not_the_person"
    if status == CaseStatus.APPEALED:
        return "appealed"
    if status == CaseStatus.FINAL and case.final_outcome:
        return str(case.final_outcome)
    if status == CaseStatus.DECIDED and case.outcome:
        return str(case.outcome)
    return "in_progress"


def age_class(assessment: AgeAssessment) -> str | None:
    """The outcome an assessment is counted in, ``None`` while pending."""
    outcome, reason = assessment.outcome, assessment.outcome_reason
    if outcome == AgeOutcome.PENDING:
        return None
    if outcome == AgeOutcome.REFERRED:
        return "referred_open"
    if reason == RESOLVED_ELIGIBLE:
        return "referred_eligible"
    if reason == RESOLVED_CHILD:
        return "referred_child"
    return "eligible" if outcome == AgeOutcome.ELIGIBLE else "under_age"


def quarter_of(day: date) -> str:
    return f"{day.year}-Q{(day.month - 1) // 3 + 1}"


def quarters_between(start: date, end: date) -> list[str]:
    """The quarters from the one of ``start`` to the one of ``end``, in order."""
    found, year, q = [], start.year, (start.month - 1) // 3
    while (year, q) <= (end.year, (end.month - 1) // 3):
        found.append(f"{year}-Q{q + 1}")
        year, q = (year + 1, 0) if q == 3 else (year, q + 1)
    return found


@dataclass(frozen=True)
class Breakdown:
    """One published two-way table: row keys, column keys, and the suppressed counts."""

    rows: list[str]
    columns: list[str]
    table: SuppressedTable

    def value(self, row: str, column: str) -> str:
        return shown(self.table, (row, column))

    def as_data(self) -> dict[str, Any]:
        """JSON-ready: every row (and the total row) with its shown counts, as text."""
        rows = [*self.rows, TOTAL]
        columns = [*self.columns, TOTAL]
        return {
            "rows": self.rows,
            "columns": self.columns,
            "values": [[self.value(r, c) for c in columns] for r in rows],
        }


def _cells(pairs: Iterable[tuple[str, str]]) -> dict[Key, int]:
    return dict(Counter(pairs))


def _breakdown(cells: dict[Key, int], columns: list[str], forced: Iterable[Key] = ()) -> Breakdown:
    if not cells:
        return Breakdown([], columns, SuppressedTable({}, frozenset(), frozenset()))
    seeded = dict(cells)
    first_row = next(iter(cells))[0]
    for column in columns:  # every column appears, with zeros where nothing is counted
        seeded.setdefault((first_row, column), 0)
    table = suppress(seeded, forced=forced)
    rows = sorted({key[0] for key in cells})
    return Breakdown(rows, columns, table)


def cases_of(country: Country, until: date | None = None) -> QuerySet[Case]:
    cases = Case.objects.filter(country=country)
    if until is not None:
        cases = cases.filter(opened_at__date__lte=until)
    return cases.select_related("record", "person")


def _institution_labels(country: Country) -> dict[int, str]:
    return {inst.pk: institution_name(inst) for inst in Institution.objects.filter(country=country)}


def case_breakdowns(country: Country, until: date | None = None) -> tuple[Breakdown, Breakdown]:
    """Cases by category × state and by institution × state, suppressed together."""
    labels = _institution_labels(country)
    by_category: list[tuple[str, str]] = []
    by_institution: list[tuple[str, str]] = []
    for case in cases_of(country, until):
        state = case_state(case)
        by_category.append((case.record.category, state))
        institution = case.person.institution_id
        by_institution.append((labels.get(institution or 0, NO_INSTITUTION), state))
    columns = list(CASE_STATES)
    first = _breakdown(_cells(by_category), columns)
    second = _breakdown(_cells(by_institution), columns)
    for _round in range(10):  # make the shared state totals agree (converges fast)
        shared = {(TOTAL, c) for c in columns}
        hidden = (first.table.hidden | second.table.hidden) & shared
        if hidden <= first.table.hidden and hidden <= second.table.hidden:
            break
        first = _breakdown(_cells(by_category), columns, first.table.hidden | hidden)
        second = _breakdown(_cells(by_institution), columns, second.table.hidden | hidden)
    return first, second


def age_breakdown(
    country: Country, start: date | None = None, end: date | None = None
) -> Breakdown:
    """Decided age assessments by quarter × outcome (``start``/``end`` bound the decision day)."""
    found = AgeAssessment.objects.filter(country=country, decided_at__isnull=False)
    pairs = []
    for assessment in found.only("outcome", "outcome_reason", "decided_at"):
        decided = timezone.localdate(assessment.decided_at)
        if (start and decided < start) or (end and decided > end):
            continue
        outcome = age_class(assessment)
        if outcome is not None:
            pairs.append((quarter_of(decided), outcome))
    return _breakdown(_cells(pairs), list(AGE_OUTCOMES))


def category_label(code: str) -> str:
    if code == TOTAL:
        return str(_("All categories"))
    return str(ViolationCategory(code).label) if code in ViolationCategory.values else code


@dataclass(frozen=True)
class CountryStatistics:
    """The three tables of a country."""

    by_category: Breakdown
    by_institution: Breakdown
    age: Breakdown


def country_statistics(
    country: Country, start: date | None = None, end: date | None = None
) -> CountryStatistics:
    """All three tables, suppressed (cases up to ``end``; decisions from ``start`` to ``end``)."""
    by_category, by_institution = case_breakdowns(country, end)
    return CountryStatistics(by_category, by_institution, age_breakdown(country, start, end))
