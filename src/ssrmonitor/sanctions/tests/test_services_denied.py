"""Every sanctions service refuses an actor without the action, before writing anything.

Each case builds real measures, requests and support activities of Haiti with the factories,
so that the same call would succeed for an actor holding the action (an editor of Haiti; a
superuser, or the system holding ``sanctions.edit``, for the UN list).
"""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrmonitor.sanctions.models import EquipmentFlag, EquipmentKind, ExemptionProcedure
from ssrmonitor.sanctions.services import embargo, unlist
from ssrmonitor.support.models import Activity
from ssrmonitor.testing.actors import SYSTEM, DeniedCase, assert_denied, call
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_sanctions import EmbargoMeasureFactory, ExemptionRequestFactory
from ssrmonitor.testing.factories_support import national_activity, partner

UN_LIST = (
    Path(__file__).resolve().parents[4]
    / "tests"
    / "fixtures"
    / "sanctions"
    / "un_sc_excerpt_2020-11-30.xml"
)
MEASURE = {
    "title": "Arms embargo on Haiti",
    "resolutions": "S/RES/2653 (2022)",
    "scope": "Arms and related materiel to designated individuals and entities.",
    "exemption_procedure": "Advance notification to the Committee.",
}
REQUEST = {
    "reference": "EX-HT-001",
    "purpose": "Equipment for a police unit trained under the SSR programme.",
    "items": [{"description": "VHF radio handsets", "quantity": 40}],
    "supplier": "Supplier State",
    "end_user": "National police, public order unit",
    "procedure": ExemptionProcedure.NOTIFICATION,
}


def _activity() -> Activity:
    return national_activity(country("HT"), partner("XM-TEST-1"), "radios")


def _flag() -> EquipmentFlag:
    return embargo.flag_activity(
        _activity(), acting_user=SYSTEM, country=country("HT"), kind=EquipmentKind.SECURITY
    )


CASES: list[DeniedCase] = [
    # --- embargo measures, exemption requests, equipment flags (sanctions.edit) --------------
    DeniedCase(embargo.create_measure, lambda: call(country=country("HT"), **MEASURE)),
    DeniedCase(
        embargo.update_measure, lambda: call(EmbargoMeasureFactory(), title="Arms embargo (2024)")
    ),
    DeniedCase(embargo.create_exemption, lambda: call(EmbargoMeasureFactory(), **REQUEST)),
    DeniedCase(
        embargo.update_exemption, lambda: call(ExemptionRequestFactory(), notes="Called back")
    ),
    DeniedCase(
        embargo.flag_activity,
        lambda: call(_activity(), country=country("HT"), kind=EquipmentKind.SECURITY),
    ),
    DeniedCase(embargo.remove_flag, lambda: call(_flag())),
    # --- the UN consolidated list (a superuser, or the system holding sanctions.edit) -------
    DeniedCase(unlist.import_un_list, lambda: call(UN_LIST)),
]


@pytest.mark.django_db
@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_refuses_an_actor_without_the_action(case: DeniedCase) -> None:
    assert_denied(case)
