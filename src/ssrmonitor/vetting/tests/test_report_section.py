"""The vetting section of the country report: aggregates only, suppressed, never a name."""

from __future__ import annotations

import json
from datetime import date
from typing import Any

from django.contrib.auth.models import AnonymousUser

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.sections import CollectContext, provider
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_vetting import CaseFactory, PersonFactory, ViolationRecordFactory
from ssrmonitor.vetting.services import age as age_services

NAME = "Jolicoeur Desrosiers"


def context(viewer: Any, audience: str = "internal") -> CollectContext:
    return CollectContext(
        viewer=viewer,
        period=ReportingPeriod.parse("2026"),
        audience=audience,
        country=country("HT"),
    )


def setup_data(vera: Any) -> None:
    haiti = country("HT")
    for _n in range(7):
        person = PersonFactory(names=[NAME], place_of_birth="Gonaïves")
        CaseFactory(country=haiti, person=person, record=ViolationRecordFactory(names=[NAME]))
    CaseFactory(record=ViolationRecordFactory(category="corruption"))
    found = age_services.start_assessment(
        acting_user=vera, country=haiti, enlistment_date=date(2026, 6, 15), candidate_names=[NAME]
    )
    age_services.add_evidence(found, acting_user=vera, kind="national_id", birth_date="2010")
    age_services.decide(found, acting_user=vera)


def test_registered() -> None:
    assert provider("country", "vetting") is not None


def test_section_has_suppressed_aggregates_and_no_name(vera: Any, ada: Any) -> None:
    setup_data(vera)
    section = provider("country", "vetting")
    assert section is not None
    data = section.collect(context(ada))
    assert data is not None
    dumped = json.dumps(data, ensure_ascii=False)
    assert NAME not in dumped and "Desrosiers" not in dumped and "Gonaïves" not in dumped
    assert "<5" in dumped
    parts = section.build(json.loads(dumped))  # rebuilt from the snapshot alone
    text = json.dumps([str(block) for s in parts.body for block in s.blocks], ensure_ascii=False)
    assert NAME not in text
    assert any("8" in sentence for sentence in parts.summary)
    tables = [b for b in parts.body[0].blocks if getattr(b, "kind", "") == "table"]
    assert len(tables) == 3
    assert tables[0].rows[-1].cells[-1] == "8"


def test_public_report_leaves_it_out(vera: Any, ada: Any) -> None:
    setup_data(vera)
    section = provider("country", "vetting")
    assert section is not None
    assert section.collect(context(ada, "public")) is None
    assert section.collect(context(AnonymousUser())) is None


def test_nothing_to_report(ada: Any) -> None:
    section = provider("country", "vetting")
    assert section is not None
    assert section.collect(context(ada)) is None
