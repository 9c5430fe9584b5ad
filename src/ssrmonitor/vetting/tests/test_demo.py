"""The synthetic vetting demo: loads through the services, idempotent, clearly synthetic."""

from __future__ import annotations

import csv

import pytest

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country, member
from ssrmonitor.vetting import demo
from ssrmonitor.vetting.models import (
    AgeAssessment,
    AgeOutcome,
    Case,
    CaseStatus,
    Person,
    ViolationRecord,
)


@pytest.fixture
def demo_accounts(db: None) -> None:
    member("demo-vetting-officer", "HT", "vetting_officer")
    member("demo-vetting-reviewer", "HT", "vetting_reviewer")


def test_roster_is_fixed_and_drawn_from_the_bundled_names() -> None:
    first, again = demo.roster(), demo.roster()
    assert first == again
    assert len(first) == demo.ROSTER_SIZE
    with (demo.DATA / "demo_forenames_ht.csv").open(encoding="utf-8") as handle:
        forenames = {row["forename"] for row in csv.DictReader(handle)}
    with (demo.DATA / "demo_surnames_fr.csv").open(encoding="utf-8") as handle:
        surnames = {row["surname"].upper() for row in csv.DictReader(handle)}
    for person in first:
        forename, surname = person["names"][0].split(" ", 1)
        assert forename in forenames and surname in surnames
        assert person["reference"].startswith("DEMO-")


def test_load_demo_is_idempotent(demo_accounts: None) -> None:
    country("HT")
    summary = demo.load_demo(acting_user=SYSTEM)
    assert summary.personnel == demo.ROSTER_SIZE
    assert summary.records == 6
    assert summary.age_assessments == 4
    assert Person.objects.count() == demo.ROSTER_SIZE
    assert ViolationRecord.objects.count() == 6
    assert all(r.narrative == demo.SYNTHETIC for r in ViolationRecord.objects.all())
    cases = Case.objects.count()
    assert cases == summary.cases
    assert cases >= 1  # the exact record of a roster member is found
    assert Case.objects.filter(status=CaseStatus.NOTIFIED).count() == 1
    outcomes = sorted(AgeAssessment.objects.values_list("outcome", flat=True))
    assert outcomes == sorted(
        [AgeOutcome.ELIGIBLE, AgeOutcome.UNDER_AGE, AgeOutcome.REFERRED, AgeOutcome.PENDING]
    )
    events = AuditEvent.objects.count()
    again = demo.load_demo(acting_user=SYSTEM)
    assert (again.personnel, again.records, again.cases, again.age_assessments) == (0, 0, 0, 0)
    assert Person.objects.count() == demo.ROSTER_SIZE
    assert AuditEvent.objects.count() == events


def test_without_haiti_nothing_is_loaded(db: None) -> None:
    assert demo.load_demo(acting_user=SYSTEM) == demo.DemoSummary()


def test_without_demo_accounts_cases_stay_open(db: None) -> None:
    country("HT")
    summary = demo.load_demo(acting_user=SYSTEM)
    assert summary.case_steps == 0
    assert not Case.objects.exclude(status=CaseStatus.OPEN).exists()
