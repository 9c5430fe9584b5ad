"""Every sector service refuses an actor without the action, before writing anything.

Each case builds real institutions of Haiti with the factories, so that the same call would
succeed for an actor holding the action (an editor of Haiti, ``sector.import`` for the bulk
import; a superuser, or the system holding ``sector.import``, for the reference statistics).
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.sector import bulk
from ssrmonitor.sector.fieldwork import import_personnel_submissions
from ssrmonitor.sector.models import (
    Institution,
    InstitutionKind,
    OversightInstrument,
    OversightRelation,
    SecurityFunction,
)
from ssrmonitor.sector.services import expenditure, institutions, personnel, reference, roles
from ssrmonitor.sector.services.personnel import CountIn
from ssrmonitor.testing.actors import SYSTEM, DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_sector import make_institution

INSTITUTIONS_CSV = (
    "key,name_en,name_fr,acronym,kind,parent_key,valid_from,status\n"
    "PNH,Haitian National Police,Police nationale d'Haïti,PNH,police,,1995-06-01,active\n"
)
NEW_INSTITUTION = {
    "key": "PNH",
    "valid_from": date(1995, 6, 1),
    "names": {"en": "Haitian National Police", "fr": "Police nationale d'Haïti"},
    "kind": InstitutionKind.POLICE,
}
CHANGE = {"valid_from": date(2020, 7, 1), "change_note": "New law", "mandate": "Public order"}
LINE = {
    "fiscal_year": 2024,
    "economic": "personnel",
    "cofog": "03",
    "funding_source": "domestic",
    "allocated": Decimal(1000),
    "currency": "HTG",
}
COUNTS = [CountIn("", "officer", "female", 3), CountIn("", "officer", "male", 40)]


def _inspectorate() -> Institution:
    return make_institution(key="IGPNH", kind=InstitutionKind.INSPECTORATE)


def _function() -> SecurityFunction:
    return roles.create_function(
        acting_user=SYSTEM, country=country("HT"), code="public_order", names={"en": "Order"}
    )


def _relation() -> OversightRelation:
    return roles.add_oversight(
        acting_user=SYSTEM,
        overseer=_inspectorate(),
        overseen=make_institution(),
        instrument=OversightInstrument.INSPECTIONS,
    )


def _return() -> dict[str, object]:
    return {"period": ReportingPeriod.parse("2024"), "counts": COUNTS, "source": "HR"}


CASES: list[DeniedCase] = [
    # --- institutions (sector.edit) ----------------------------------------------------------
    DeniedCase(
        institutions.write_institution, lambda: call(country=country("HT"), **NEW_INSTITUTION)
    ),
    DeniedCase(
        institutions.create_institution, lambda: call(country=country("HT"), **NEW_INSTITUTION)
    ),
    DeniedCase(institutions.write_change, lambda: call(make_institution(), **CHANGE)),
    DeniedCase(institutions.change_institution, lambda: call(make_institution(), **CHANGE)),
    DeniedCase(
        institutions.correct_institution_version,
        lambda: call(make_institution().versions.get(), head="Commissioner"),
    ),
    DeniedCase(
        institutions.merge_institutions,
        lambda: call([_inspectorate()], into=make_institution(), on=date(2019, 1, 1)),
    ),
    # --- functions, roles, oversight (sector.edit) -------------------------------------------
    DeniedCase(
        roles.write_function,
        lambda: call(country=country("HT"), code="public_order", names={"en": "Public order"}),
    ),
    DeniedCase(
        roles.create_function,
        lambda: call(country=country("HT"), code="public_order", names={"en": "Public order"}),
    ),
    DeniedCase(roles.write_role, lambda: call(_function(), make_institution(), role="lead")),
    DeniedCase(roles.set_role, lambda: call(_function(), make_institution(), role="lead")),
    DeniedCase(
        roles.add_oversight,
        lambda: call(
            overseer=_inspectorate(),
            overseen=make_institution(),
            instrument=OversightInstrument.INSPECTIONS,
        ),
    ),
    DeniedCase(roles.remove_oversight, lambda: call(_relation())),
    # --- personnel (sector.edit) -------------------------------------------------------------
    DeniedCase(personnel.write_personnel_return, lambda: call(make_institution(), **_return())),
    DeniedCase(personnel.record_personnel_return, lambda: call(make_institution(), **_return())),
    DeniedCase(
        personnel.set_grade_mapping,
        lambda: call(make_institution(), grade="Inspecteur", rank="officer"),
    ),
    DeniedCase(
        personnel.set_personnel_target,
        lambda: call(make_institution(), rank="", target_share=Decimal(11), source="Plan"),
    ),
    # --- budgets (sector.edit) ---------------------------------------------------------------
    DeniedCase(expenditure.write_budget_line, lambda: call(make_institution(), **LINE)),
    DeniedCase(expenditure.record_budget_line, lambda: call(make_institution(), **LINE)),
    DeniedCase(
        expenditure.set_fiscal_context,
        lambda: call(country("HT"), fiscal_year=2024, currency="HTG", gdp=Decimal(100000)),
    ),
    # --- imports: templates (sector.import), reference statistics (superuser or system) -----
    DeniedCase(
        bulk.import_file,
        lambda: call(country("HT"), "institutions", INSTITUTIONS_CSV.encode(), "data.csv"),
    ),
    DeniedCase(reference.import_reference_statistics, lambda: call()),
    # --- field submissions (ODK Central, KoboToolbox) of personnel returns ----------------
    DeniedCase(
        import_personnel_submissions,
        lambda: call(make_institution(), content=b"period,_id,_uuid\n2026-Q2,1,a1\n"),
    ),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)
