"""Every table of the route matrix, for the completeness test and the figures."""

from __future__ import annotations

from tests.routes import (
    table_accounts,
    table_admin,
    table_benchmarks,
    table_core,
    table_lessons,
    table_perceptions,
    table_reports,
    table_sanctions,
    table_sector,
    table_support,
    table_transitions,
    table_vetting,
    table_vetting_oversight,
)
from tests.routes.kit import Case

TABLES: dict[str, list[Case]] = {
    "core": [*table_core.CASES, *table_accounts.CASES],
    "benchmarks": table_benchmarks.CASES,
    "support": table_support.CASES,
    "sector": table_sector.CASES,
    "transitions": table_transitions.CASES,
    "sanctions": table_sanctions.CASES,
    "lessons": table_lessons.CASES,
    "perceptions": table_perceptions.CASES,
    "reports": table_reports.CASES,
    "vetting": [*table_vetting.CASES, *table_vetting_oversight.CASES],
    "admin": table_admin.CASES,
}
ALL_CASES: list[Case] = [case for cases in TABLES.values() for case in cases]
