"""Read side of the sector app: the map, the roles matrix, personnel tables and spending.

Every function starts from :mod:`ssrmonitor.sector.permissions`, so pages, API routes and
exports show the same things to the same people. Personnel figures are suppressed
(:mod:`ssrmonitor.sector.disclosure`) unless the user may see them unsuppressed.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from typing import NamedTuple

from django.db.models import Q, QuerySet

from ssrmonitor.core.actors import Viewer
from ssrmonitor.core.models import Country
from ssrmonitor.core.progress import Progress
from ssrmonitor.sector import disclosure, matrix, spending, workforce
from ssrmonitor.sector.models import (
    BudgetLine,
    FiscalContext,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    InstitutionVersion,
    OversightRelation,
    PersonnelCount,
    PersonnelReturn,
    PersonnelTarget,
    RankCategory,
    ReferenceValue,
    RoleAssignment,
    SecurityFunction,
    Sex,
)
from ssrmonitor.sector.permissions import (
    can_view_unsuppressed,
    institution_filter,
    institutions_visible_to,
)

EXISTING = (InstitutionStatus.ACTIVE, InstitutionStatus.SUSPENDED)


def versions_at(institutions: Iterable[Institution], day: date) -> dict[int, InstitutionVersion]:
    """The version of each institution that applies on ``day`` (absent when none does)."""
    ids = [institution.pk for institution in institutions]
    rows = InstitutionVersion.objects.filter(institution_id__in=ids, valid_from__lte=day).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gt=day)
    )
    return {version.institution_id: version for version in rows}


@dataclass
class Entry:
    """An institution as at a date."""

    institution: Institution
    version: InstitutionVersion

    @property
    def name(self) -> str:
        return self.version.display_name


@dataclass
class SectorMap:
    """A country's institutions at a date, grouped by type, with their oversight links."""

    country: Country
    day: date
    groups: list[tuple[str, list[Entry]]]
    oversight: list[OversightRelation]
    entries: dict[int, Entry]


def visible_institutions(user: Viewer, country: Country) -> QuerySet[Institution]:
    """The institutions of ``country`` that ``user`` may see."""
    return institutions_visible_to(user).filter(country=country).select_related("country")


def entries_at(user: Viewer, country: Country, day: date) -> dict[int, Entry]:
    """Every visible institution of the country that existed on ``day``, by id."""
    institutions = list(visible_institutions(user, country))
    versions = versions_at(institutions, day)
    return {
        institution.pk: Entry(institution, versions[institution.pk])
        for institution in institutions
        if institution.pk in versions
    }


def sector_map(user: Viewer, country: Country, day: date) -> SectorMap:
    """The sector map of ``country`` as at ``day``."""
    entries = entries_at(user, country, day)
    grouped: dict[str, list[Entry]] = defaultdict(list)
    for entry in entries.values():
        grouped[entry.version.kind].append(entry)
    groups = [
        (str(label), sorted(grouped[value], key=lambda e: e.name))
        for value, label in InstitutionKind.choices
        if grouped.get(value)
    ]
    oversight = [
        relation
        for relation in OversightRelation.objects.filter(
            overseer_id__in=entries, overseen_id__in=entries
        ).order_by("overseer_id", "overseen_id", "instrument")
    ]
    return SectorMap(country, day, groups, oversight, entries)


@dataclass
class RolesMatrix:
    """Functions × institutions with each role, and the analysis (overlaps, gaps)."""

    functions: list[SecurityFunction]
    columns: list[Entry]
    roles: dict[tuple[int, int], str]
    analysis: matrix.MatrixAnalysis
    illustrative: bool = False

    def role(self, function_id: int, institution_id: int) -> str:
        return self.roles.get((function_id, institution_id), "")


def roles_matrix(user: Viewer, country: Country, day: date) -> RolesMatrix:
    """The roles matrix as at ``day``: only institutions that exist then count."""
    entries = entries_at(user, country, day)
    existing = {pk: e for pk, e in entries.items() if e.version.status in EXISTING}
    functions = list(SecurityFunction.objects.filter(country=country))
    assignments = list(
        RoleAssignment.objects.filter(function__in=functions, institution_id__in=existing)
    )
    roles = {(a.function_id, a.institution_id): a.role for a in assignments}
    analysis = matrix.analyse(
        [str(f.pk) for f in functions],
        [matrix.Assignment(str(a.function_id), str(a.institution_id), a.role) for a in assignments],
    )
    used = {a.institution_id for a in assignments}
    columns = sorted((existing[pk] for pk in used), key=lambda e: e.version.acronym or e.name)
    illustrative = any(a.is_illustrative for a in assignments)
    return RolesMatrix(functions, columns, roles, analysis, illustrative)


# --- personnel ----------------------------------------------------------------------------

RANKS = [value for value, _label in RankCategory.choices]
SEXES = [value for value, _label in Sex.choices]
ALL = (disclosure.TOTAL, disclosure.TOTAL, disclosure.TOTAL)


@dataclass
class PersonnelTable:
    """One return as published to ``user``: unit × rank × sex with totals."""

    personnel_return: PersonnelReturn
    table: disclosure.SuppressedTable
    units: list[str]
    suppressed: bool
    detail: list[PersonnelCount] = field(default_factory=list)

    def value(self, unit: str, rank: str, sex: str) -> int | None:
        key = (unit, rank, sex)
        return self.table.shown(key) if self.suppressed else self.table.values.get(key, 0)

    def share(self, rank: str = disclosure.TOTAL, unit: str = disclosure.TOTAL) -> Decimal | None:
        """Women's share (%) from published figures only (``None`` if one is suppressed)."""
        women = self.value(unit, rank, "female")
        everyone = self.value(unit, rank, disclosure.TOTAL)
        if women is None or everyone is None or everyone == 0:
            return None
        return (Decimal(100) * women / everyone).quantize(Decimal("0.1"))


def _cells(counts: Iterable[PersonnelCount]) -> dict[disclosure.Key, int]:
    cells: dict[disclosure.Key, int] = defaultdict(int)
    for count in counts:
        cells[(count.unit, count.rank, count.sex)] += count.count
    first_unit = min((unit for unit, _rank, _sex in cells), default="")
    for rank in RANKS:  # every rank and sex is a column, even when nobody is in it
        for sex in SEXES:
            cells.setdefault((first_unit, rank, sex), 0)
    return dict(cells)


def personnel_table(user: Viewer, personnel_return: PersonnelReturn) -> PersonnelTable:
    """The return's table, suppressed unless ``user`` may see it unsuppressed."""
    counts = list(personnel_return.counts.all())
    cells = _cells(counts)
    table = disclosure.suppress(cells)
    units = sorted({unit for unit, _rank, _sex in cells})
    internal = can_view_unsuppressed(user, personnel_return.institution.country_id)
    detail = [c for c in counts if c.age_band or c.region] if internal else []
    return PersonnelTable(personnel_return, table, units, not internal, detail)


def returns_visible_to(user: Viewer) -> QuerySet[PersonnelReturn]:
    """Personnel returns of the institutions ``user`` may see."""
    return PersonnelReturn.objects.filter(institution_filter(user))


@dataclass
class TargetProgress:
    """A target for women's share and its progress on the published shares."""

    target: PersonnelTarget
    series: dict[date, Decimal | None]
    progress: Progress


def target_progress(tables: Sequence[PersonnelTable], target: PersonnelTarget) -> TargetProgress:
    """Rate ``target`` on the women's shares of ``tables`` (the institution's returns)."""
    rank = target.rank or disclosure.TOTAL
    series = {t.personnel_return.period_end: t.share(rank) for t in tables}
    spec = workforce.Target(
        target.target_share, target.baseline_share, target.baseline_date, target.target_date
    )
    return TargetProgress(target, series, workforce.target_progress(spec, series))


class SharePoint(NamedTuple):
    """Women's share (%) of one personnel return: what a personnel-fed indicator plots."""

    day: date
    share: Decimal
    period: str
    total: int


def _publishable(table: disclosure.SuppressedTable, rank: str) -> tuple[int, int] | None:
    """Women and everyone of ``rank`` as the sector's public table shows them, else ``None``."""
    women = table.shown((disclosure.TOTAL, rank, "female"))
    everyone = table.shown((disclosure.TOTAL, rank, disclosure.TOTAL))
    if women is None or everyone is None or everyone < disclosure.DEFAULT_K:
        return None
    return women, everyone


def women_share_series(
    institution_id: int, rank: str = "", *, published: bool = True
) -> list[SharePoint]:
    """Women's share (%, to 0.1) of ``rank`` (all ranks when empty) in each return, oldest first.

    Every recorded return of the institution counts (the sector app has no approval step for
    personnel returns). With ``published`` (the default), a point is dropped when the sector's
    public table would not show both figures it is computed from: the total of the rank is
    below :data:`~ssrmonitor.sector.disclosure.DEFAULT_K`, or the women's figure or the total
    is suppressed (primary or secondary). One query, whatever the number of returns.
    """
    by_return: dict[int, list[PersonnelCount]] = defaultdict(list)
    returns: dict[int, PersonnelReturn] = {}
    counts = PersonnelCount.objects.filter(
        personnel_return__institution_id=institution_id
    ).select_related("personnel_return")
    for count in counts:
        by_return[count.personnel_return_id].append(count)
        returns[count.personnel_return_id] = count.personnel_return
    key = rank or disclosure.TOTAL
    points = []
    for return_id, rows in by_return.items():
        table = disclosure.suppress(_cells(rows))
        if published:
            figures = _publishable(table, key)
        else:
            everyone = table.values.get((disclosure.TOTAL, key, disclosure.TOTAL), 0)
            women = table.values.get((disclosure.TOTAL, key, "female"), 0)
            figures = (women, everyone) if everyone else None
        if figures is None:
            continue
        found = returns[return_id]
        share = (Decimal(100) * figures[0] / figures[1]).quantize(Decimal("0.1"))
        points.append(SharePoint(found.period_end, share, str(found.period), figures[1]))
    return sorted(points)


def institution_name(institution: Institution) -> str:
    """The institution's name in the active language, from its latest version."""
    latest = institution.versions.order_by("-valid_from").first()
    return latest.display_name if latest else institution.key


# --- expenditure --------------------------------------------------------------------------


def budget_lines_visible_to(user: Viewer) -> QuerySet[BudgetLine]:
    """Budget lines of the institutions ``user`` may see."""
    return BudgetLine.objects.filter(institution_filter(user))


@dataclass
class YearSpending:
    """Spending of one fiscal year on two bases, with what it is compared with."""

    fiscal_year: int
    currency: str
    lines: list[BudgetLine]
    allocated: spending.Indicators
    executed: spending.Indicators
    context: FiscalContext | None
    illustrative: bool


def _line(line: BudgetLine) -> spending.Line:
    return spending.Line(
        line.economic, line.funding_source, line.allocated, line.revised, line.executed
    )


def _strength(user: Viewer, country: Country, year: int) -> int | None:
    """Published strength in ``year``: the latest return of each institution that year.

    ``None`` when a grand total is suppressed for ``user`` (a sum over institutions would
    otherwise reveal it) or when there is no return.
    """
    latest: dict[int, PersonnelReturn] = {}
    returns = returns_visible_to(user).filter(institution__country=country, period_end__year=year)
    for found in returns.select_related("institution").order_by("period_end"):
        latest[found.institution_id] = found
    if not latest:
        return None
    totals = [personnel_table(user, found).value(*ALL) for found in latest.values()]
    if any(total is None for total in totals):
        return None
    return sum(total or 0 for total in totals)


def spending_by_year(user: Viewer, country: Country) -> list[YearSpending]:
    """Derived indicators of the country's visible budget lines, year by year."""
    lines = list(
        budget_lines_visible_to(user)
        .filter(institution__country=country)
        .order_by("fiscal_year", "institution_id", "economic", "funding_source")
    )
    contexts = {c.fiscal_year: c for c in FiscalContext.objects.filter(country=country)}
    by_year: dict[int, list[BudgetLine]] = defaultdict(list)
    for line in lines:
        by_year[line.fiscal_year].append(line)
    result = []
    for year, year_lines in sorted(by_year.items()):
        found = contexts.get(year)
        context = spending.Context(
            gdp=found.gdp if found else None,
            total_public_expenditure=found.total_public_expenditure if found else None,
            population=found.population if found else None,
            personnel=_strength(user, country, year),
        )
        pure = [_line(line) for line in year_lines]
        result.append(
            YearSpending(
                fiscal_year=year,
                currency=year_lines[0].currency,
                lines=year_lines,
                allocated=spending.indicators(pure, context, "allocated"),
                executed=spending.indicators(pure, context, "executed"),
                context=found,
                illustrative=any(line.is_illustrative for line in year_lines)
                or bool(found and found.is_illustrative),
            )
        )
    return result


def reference_values(country: Country) -> dict[str, list[ReferenceValue]]:
    """Public reference statistics of the country, by series code (public data)."""
    rows = ReferenceValue.objects.filter(country=country).select_related("series")
    grouped: dict[str, list[ReferenceValue]] = defaultdict(list)
    for row in rows.order_by("series__code", "year"):
        grouped[row.series.code].append(row)
    return dict(grouped)
