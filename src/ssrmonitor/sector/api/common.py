"""Serialisation shared by the sector API routes."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone
from ninja import Router

from ssrmonitor.core.actors import Viewer
from ssrmonitor.sector import selectors
from ssrmonitor.sector.models import (
    BudgetLine,
    Institution,
    InstitutionVersion,
    PersonnelReturn,
)

# One router for reads and writes: a path with a GET and a POST must live in one router.
router = Router(tags=["sector"])


def as_at_or_today(on: date | None) -> date:
    """The ``on`` filter, or today."""
    return on or timezone.localdate()


def institution_out(institution: Institution, version: InstitutionVersion) -> dict[str, Any]:
    """An institution as described by ``version``."""
    return {
        "id": institution.pk,
        "country": institution.country.iso2,
        "key": institution.key,
        "names": version.names,
        "acronym": version.acronym,
        "kind": version.kind,
        "parent_id": version.parent_id,
        "legal_basis_text": version.legal_basis_text,
        "legal_basis_reference": version.legal_basis_reference,
        "mandate": version.mandate,
        "head": version.head,
        "coverage": version.coverage,
        "status": version.status,
        "valid_from": version.valid_from,
        "valid_to": version.valid_to,
        "is_public": institution.is_public,
        "is_illustrative": institution.is_illustrative,
    }


def return_out(user: Viewer, found: PersonnelReturn) -> dict[str, Any]:
    """A return's cells as ``user`` may see them (suppressed or not)."""
    table = selectors.personnel_table(user, found)
    cells = []
    for key in sorted(table.table.values):
        shown = table.table.shown(key) if table.suppressed else table.table.values[key]
        unit, rank, sex = key
        cells.append(
            {"unit": unit, "rank": rank, "sex": sex, "persons": shown, "suppressed": shown is None}
        )
    return {
        "institution_id": found.institution_id,
        "period": str(found.period),
        "source": found.source,
        "is_illustrative": found.is_illustrative,
        "suppressed": table.suppressed,
        "cells": cells,
    }


def line_out(line: BudgetLine) -> dict[str, Any]:
    """A budget line as JSON numbers."""

    def num(value: Decimal | None) -> float | None:
        return None if value is None else float(value)

    return {
        "id": line.pk,
        "institution_id": line.institution_id,
        "fiscal_year": line.fiscal_year,
        "economic": line.economic,
        "cofog": line.cofog,
        "funding_source": line.funding_source,
        "allocated": float(line.allocated),
        "revised": num(line.revised),
        "executed": num(line.executed),
        "currency": line.currency,
        "is_illustrative": line.is_illustrative,
    }
