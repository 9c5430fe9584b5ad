"""Sector services: history kept as versions, merger, permissions, idempotent writes, audit."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pytest

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.permissions import Denied
from ssrmonitor.sector import selectors, services
from ssrmonitor.sector.models import InstitutionStatus, InstitutionVersion
from ssrmonitor.sector.services.personnel import CountIn
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_sector import make_budget_line, make_institution, make_return

pytestmark = pytest.mark.django_db


def test_editor_creates_an_institution_with_its_first_version_audited(alice: Any) -> None:
    institution = services.create_institution(
        acting_user=alice,
        country=country("HT"),
        key="PNH",
        names={"en": "Haitian National Police", "fr": "Police nationale d'Haïti"},
        kind="police",
        valid_from=date(1995, 6, 1),
        mandate="Public order",
    )
    version = institution.versions.get()
    assert version.valid_to is None
    assert version.names["fr"] == "Police nationale d'Haïti"
    events = AuditEvent.objects.filter(country_iso2="HT", action="create")
    assert {e.object_type for e in events} == {"sector.institution", "sector.institutionversion"}


def test_editor_of_another_country_is_denied(bob: Any) -> None:
    with pytest.raises(Denied):
        services.create_institution(
            acting_user=bob,
            country=country("HT"),
            key="X",
            names={"en": "X"},
            kind="police",
            valid_from=date(2020, 1, 1),
        )


def test_a_name_in_english_or_french_is_required() -> None:
    with pytest.raises(ValidationFailed) as caught:
        make_institution(names={"es": "Policía"})
    assert caught.value.errors[0].field == "names"


def test_a_change_of_mandate_keeps_the_past(alice: Any) -> None:
    police = make_institution(mandate="Public order", valid_from=date(2010, 1, 1))
    services.change_institution(
        police,
        acting_user=alice,
        valid_from=date(2020, 7, 1),
        change_note="New police law",
        mandate="Public order and border control",
    )
    old, new = InstitutionVersion.objects.filter(institution=police).order_by("valid_from")
    assert (old.valid_to, old.mandate) == (date(2020, 7, 1), "Public order")
    assert (new.valid_to, new.mandate) == (None, "Public order and border control")
    before = selectors.entries_at(None, police.country, date(2020, 6, 30))[police.pk]
    after = selectors.entries_at(None, police.country, date(2020, 7, 1))[police.pk]
    assert before.version.mandate == "Public order"
    assert after.version.mandate == "Public order and border control"
    assert selectors.entries_at(None, police.country, date(2009, 12, 31)) == {}


def test_the_same_change_twice_writes_nothing(alice: Any) -> None:
    police = make_institution(head="A")
    services.change_institution(
        police, acting_user=alice, valid_from=date(2021, 1, 1), change_note="", head="B"
    )
    count = AuditEvent.objects.count()
    services.change_institution(
        police, acting_user=alice, valid_from=date(2022, 1, 1), change_note="", head="B"
    )
    assert AuditEvent.objects.count() == count
    assert police.versions.count() == 2


def test_a_change_cannot_start_before_the_current_version(alice: Any) -> None:
    police = make_institution(valid_from=date(2015, 1, 1))
    with pytest.raises(ValidationFailed) as caught:
        services.change_institution(
            police, acting_user=alice, valid_from=date(2014, 1, 1), change_note="", head="B"
        )
    assert caught.value.errors[0].field == "valid_from"


def test_a_merger_closes_the_merged_institutions() -> None:
    a = make_institution(key="A")
    b = make_institution(key="B")
    into = make_institution(key="AB", valid_from=date(2019, 1, 1))
    services.merge_institutions([a, b], into=into, on=date(2019, 1, 1), acting_user=SYSTEM)
    current = selectors.entries_at(None, a.country, date(2019, 6, 1))
    assert current[a.pk].version.status == InstitutionStatus.MERGED
    assert current[a.pk].version.merged_into_id == into.pk
    past = selectors.entries_at(None, a.country, date(2018, 6, 1))
    assert past[a.pk].version.status == InstitutionStatus.ACTIVE
    assert into.pk not in past


def test_a_merged_institution_no_longer_leads_a_function() -> None:
    a = make_institution(key="A")
    b = make_institution(key="B")
    function = services.create_function(
        acting_user=SYSTEM, country=a.country, code="public_order", names={"en": "Public order"}
    )
    services.set_role(function, a, acting_user=SYSTEM, role="lead")
    services.set_role(function, b, acting_user=SYSTEM, role="lead")
    assert selectors.roles_matrix(None, a.country, date(2020, 1, 1)).analysis.overlaps
    services.merge_institutions([a], into=b, on=date(2021, 1, 1), acting_user=SYSTEM)
    later = selectors.roles_matrix(None, a.country, date(2021, 1, 2)).analysis
    assert later.overlaps == {}
    assert later.leads[str(function.pk)] == [str(b.pk)]


def test_roles_refuse_institutions_of_another_country() -> None:
    haiti = make_institution(key="A")
    car = make_institution("CF", key="B")
    function = services.create_function(
        acting_user=SYSTEM, country=haiti.country, code="f", names={"en": "F"}
    )
    with pytest.raises(ValidationFailed):
        services.set_role(function, car, acting_user=SYSTEM, role="lead")


def test_recording_the_same_return_twice_changes_nothing() -> None:
    police = make_institution()
    make_return(police)
    count = AuditEvent.objects.count()
    make_return(police)
    assert AuditEvent.objects.count() == count
    assert police.personnel_returns.get().counts.count() == 6


def test_a_new_return_for_the_period_replaces_the_counts() -> None:
    police = make_institution()
    make_return(police)
    make_return(police, cells={("", "officer", "female"): 7, ("", "officer", "male"): 9})
    counts = police.personnel_returns.get().counts.all()
    assert sorted(c.count for c in counts) == [7, 9]
    assert AuditEvent.objects.filter(action="replace").count() == 1


def test_a_return_refuses_repeated_or_unknown_cells() -> None:
    police = make_institution()
    with pytest.raises(ValidationFailed) as caught:
        services.record_personnel_return(
            police,
            acting_user=SYSTEM,
            period=ReportingPeriod.parse("2024"),
            counts=[
                CountIn("", "officer", "female", 1),
                CountIn("", "officer", "female", 2),
                CountIn("", "general", "female", 2),
            ],
        )
    assert {e.field for e in caught.value.errors} == {"counts.1", "counts.2.rank"}


def test_budget_lines_are_updated_by_their_key() -> None:
    police = make_institution()
    make_budget_line(police)
    make_budget_line(police, executed=Decimal(950))
    line = police.budget_lines.get()
    assert line.executed == Decimal(950)


def test_support_reference_only_for_off_budget_funding() -> None:
    police = make_institution()
    with pytest.raises(ValidationFailed) as caught:
        make_budget_line(police, support_reference="XM-DAC-41114-1")
    assert caught.value.errors[0].field == "support_reference"


def test_personnel_target_progress_uses_published_shares() -> None:
    police = make_institution()
    make_return(police, "2023", {("", "other", "female"): 80, ("", "other", "male"): 920})
    make_return(police, "2024", {("", "other", "female"): 100, ("", "other", "male"): 900})
    target = services.set_personnel_target(
        police,
        acting_user=SYSTEM,
        rank="",
        target_share=Decimal(12),
        baseline_share=Decimal(8),
        baseline_date=date(2023, 1, 1),
        target_date=date(2026, 12, 31),
        source="National action plan",
    )
    tables = [selectors.personnel_table(None, r) for r in police.personnel_returns.all()]
    result = selectors.target_progress(tables, target)
    assert result.progress.percent == Decimal("50.0")  # (10 − 8) / (12 − 8)
