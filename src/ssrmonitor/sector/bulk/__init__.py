"""Bulk entry from CSV/XLSX templates: institutions, personnel returns, budget lines.

Every import runs in two phases:

1. **Validation.** Every row is read and checked (types, allowed values, institutions that
   exist, the importer's rights in the country). *All* problems are collected, each with its
   row number (the header is row 1) and column, and the file is refused if there is any —
   nothing is written.
2. **Writing.** The rows are written through the sector services in one transaction: if a
   service still refuses a row, everything is rolled back and that error is reported.

Imports are idempotent: a row that says what the database already holds changes nothing and
writes no audit row, so importing the same file twice changes nothing the second time.
Institutions are matched by ``key``; a row whose details differ from the current version
records a change valid from ``valid_from`` (the history is kept). Personnel rows are grouped
by institution and period, and each group replaces that period's return. Budget lines are
matched by institution, fiscal year, economic classification, COFOG and funding source.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Callable
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent, Country
from ssrmonitor.core.writes import require
from ssrmonitor.sector.bulk.files import (
    COLUMNS,
    KINDS,
    Checker,
    ImportRefused,
    ImportReport,
    Row,
    RowError,
    read_rows,
    template_csv,
    template_xlsx,
    to_records,
)
from ssrmonitor.sector.models import (
    Cofog,
    Coverage,
    EconomicClass,
    FundingSource,
    GradeMapping,
    Institution,
    InstitutionKind,
    InstitutionStatus,
    RankCategory,
    Sex,
)
from ssrmonitor.sector.permissions import can_import_sector
from ssrmonitor.sector.services.expenditure import write_budget_line
from ssrmonitor.sector.services.institutions import (
    current_version,
    write_change,
    write_institution,
)
from ssrmonitor.sector.services.personnel import CountIn, write_personnel_return


def _institution_fields(check: Checker, known: dict[str, Institution | None]) -> dict[str, Any]:
    names = {"en": check.text("name_en"), "fr": check.text("name_fr")}
    if not names["en"] and not names["fr"]:
        check.fail("name_en", _("Give at least an English or a French name."))
    parent_key = check.text("parent_key")
    if parent_key and parent_key not in known:
        check.fail("parent_key", _("No institution has this key (define it on an earlier row)."))
    return {
        "names": {code: name for code, name in names.items() if name},
        "acronym": check.text("acronym", limit=30),
        "kind": check.choice("kind", InstitutionKind.values),
        "parent": parent_key or None,
        "legal_basis_text": check.text("legal_basis_text", limit=5000),
        "legal_basis_reference": check.text("legal_basis_reference", limit=250),
        "mandate": check.text("mandate", limit=5000),
        "head": check.text("head", limit=200),
        "coverage": check.choice("coverage", Coverage.values, Coverage.NATIONAL),
        "status": check.choice("status", InstitutionStatus.values, InstitutionStatus.ACTIVE),
        "source": check.text("source"),
    }


def _known_institutions(country: Country) -> dict[str, Institution | None]:
    return {i.key: i for i in Institution.objects.filter(country=country)}


def _plan_institutions(
    country: Country, records: list[tuple[int, Row]], errors: list[RowError]
) -> list[tuple[int, dict[str, Any]]]:
    known = _known_institutions(country)
    plan = []
    for number, row in records:
        check = Checker(number, row, errors)
        key = check.text("key", required=True, limit=40)
        fields = _institution_fields(check, known)
        item = {
            "key": key,
            "valid_from": check.day("valid_from"),
            "is_public": check.boolean("is_public", default=True),
            "is_illustrative": check.boolean("is_illustrative"),
            **fields,
        }
        known.setdefault(key, None)
        plan.append((number, item))
    return plan


def _write_institution(country: Country, item: dict[str, Any], acting_user: Actor) -> None:
    institutions = _known_institutions(country)
    parent = institutions.get(item.pop("parent")) if item.get("parent") else None
    item["parent"] = parent
    key = item.pop("key")
    found = institutions.get(key)
    if found is None:
        write_institution(acting_user=acting_user, country=country, key=key, **item)
        return
    valid_from = item.pop("valid_from")
    item.pop("is_public"), item.pop("is_illustrative")
    current = current_version(found)
    if all(getattr(current, name) == value for name, value in item.items()):
        return
    write_change(
        found,
        acting_user=acting_user,
        valid_from=valid_from,
        change_note=_("Bulk import"),
        **item,
    )


def _rank(check: Checker, grades: dict[str, str]) -> str:
    value = check.row.get("rank", "").strip()
    if value.lower() in RankCategory.values:
        return value.lower()
    if value in grades:
        return grades[value]
    check.fail(
        "rank", _("%r is neither a rank category nor a mapped grade of the institution.") % value
    )
    return ""


def _plan_personnel(
    country: Country, records: list[tuple[int, Row]], errors: list[RowError]
) -> list[tuple[int, dict[str, Any]]]:
    known = _known_institutions(country)
    grades: dict[str, dict[str, str]] = defaultdict(dict)
    for mapping in GradeMapping.objects.filter(institution__country=country).select_related(
        "institution"
    ):
        grades[mapping.institution.key][mapping.grade] = mapping.rank
    groups: dict[tuple[str, str], dict[str, Any]] = {}
    seen: set[tuple[str, ...]] = set()
    for number, row in records:
        check = Checker(number, row, errors)
        key = check.text("institution_key", required=True)
        if key and known.get(key) is None:
            check.fail("institution_key", _("No institution of this country has this key."))
        period = check.period("period")
        item = CountIn(
            unit=check.text("unit", limit=100),
            rank=_rank(check, grades[key]),
            sex=check.choice("sex", Sex.values),
            count=check.integer("count"),
            age_band=check.text("age_band", limit=20),
            region=check.text("region", limit=100),
        )
        cell = (key, str(period), *item.cell)
        if cell in seen:
            check.fail("count", _("The same cell is given on an earlier row."))
        seen.add(cell)
        group = groups.setdefault(
            (key, str(period)),
            {
                "row": number,
                "key": key,
                "period": period,
                "counts": [],
                "source": "",
                "is_illustrative": False,
            },
        )
        group["counts"].append(item)
        group["source"] = group["source"] or check.text("source")
        group["is_illustrative"] = group["is_illustrative"] or check.boolean("is_illustrative")
    return [(group.pop("row"), group) for group in groups.values()]


def _write_personnel(country: Country, item: dict[str, Any], acting_user: Actor) -> None:
    institution = Institution.objects.get(country=country, key=item.pop("key"))
    write_personnel_return(institution, acting_user=acting_user, **item)


def _plan_budget(
    country: Country, records: list[tuple[int, Row]], errors: list[RowError]
) -> list[tuple[int, dict[str, Any]]]:
    known = _known_institutions(country)
    plan = []
    for number, row in records:
        check = Checker(number, row, errors)
        key = check.text("institution_key", required=True)
        if key and known.get(key) is None:
            check.fail("institution_key", _("No institution of this country has this key."))
        funding = check.choice("funding_source", FundingSource.values)
        reference = check.text("support_reference", limit=150)
        if reference and funding != FundingSource.EXTERNAL_OFF_BUDGET:
            check.fail(
                "support_reference",
                _("Only external off-budget funding is linked to a support activity."),
            )
        currency = check.text("currency", required=True, limit=3).upper()
        plan.append(
            (
                number,
                {
                    "key": key,
                    "fiscal_year": check.integer("fiscal_year"),
                    "economic": check.choice("economic", EconomicClass.values),
                    "cofog": check.choice("cofog", Cofog.values),
                    "funding_source": funding,
                    "allocated": check.decimal("allocated", required=True),
                    "revised": check.decimal("revised"),
                    "executed": check.decimal("executed"),
                    "currency": currency,
                    "support_reference": reference,
                    "source": check.text("source"),
                    "is_illustrative": check.boolean("is_illustrative"),
                },
            )
        )
    return plan


def _write_budget(country: Country, item: dict[str, Any], acting_user: Actor) -> None:
    institution = Institution.objects.get(country=country, key=item.pop("key"))
    write_budget_line(institution, acting_user=acting_user, **item)


Planner = Callable[
    [Country, list[tuple[int, Row]], list[RowError]], list[tuple[int, dict[str, Any]]]
]


Writer = Callable[[Country, dict[str, Any], Actor], None]


STEPS: dict[str, tuple[Planner, Writer]] = {
    "institutions": (_plan_institutions, _write_institution),
    "personnel": (_plan_personnel, _write_personnel),
    "budget": (_plan_budget, _write_budget),
}


def validate_file(
    country: Country, kind: str, content: bytes, filename: str
) -> list[tuple[int, dict[str, Any]]]:
    """Phase 1: every row checked; :class:`ImportRefused` with all errors, or the plan."""
    planner, _writer = STEPS[kind]
    errors: list[RowError] = []
    plan = planner(country, to_records(kind, read_rows(content, filename)), errors)
    if errors:
        raise ImportRefused(sorted(errors, key=lambda e: (e.row, e.column)))
    return plan


@transaction.atomic(durable=True)
def import_file(
    country: Country, kind: str, content: bytes, filename: str, *, acting_user: Actor
) -> ImportReport:
    """Validate a template file completely, then write all its rows in one transaction.

    Args:
        country: the country the file is for (institution keys are looked up there).
        kind: ``institutions``, ``personnel`` or ``budget``.
        content: the file's bytes (CSV in UTF-8 or XLSX).
        filename: its name (``.xlsx`` selects the XLSX reader).
        acting_user: an actor holding ``sector.import`` (and ``sector.edit``) in the country.

    Raises:
        ImportRefused: with every error (row, column, reason); nothing is written.
        Denied: when the user may not import for the country.
    """
    require(can_import_sector(acting_user, country.pk))
    if kind not in STEPS:
        raise ImportRefused([RowError(0, "__kind__", _("Unknown template."))])
    plan = validate_file(country, kind, content, filename)
    _planner, writer = STEPS[kind]
    before = AuditEvent.objects.count()
    for number, item in plan:
        try:
            writer(country, item, acting_user)
        except ValidationFailed as exc:
            transaction.set_rollback(True)
            raise ImportRefused([RowError(number, e.field, e.reason) for e in exc.errors]) from None
    return ImportReport(kind, len(plan), AuditEvent.objects.count() - before)


__all__ = [
    "COLUMNS",
    "KINDS",
    "ImportRefused",
    "ImportReport",
    "RowError",
    "import_file",
    "template_csv",
    "template_xlsx",
    "validate_file",
]
