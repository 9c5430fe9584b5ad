"""The sector demo: real institution lists, flagged illustrative figures, idempotent."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.progress import Rating
from ssrmonitor.sector import selectors
from ssrmonitor.sector.demo import load_demo
from ssrmonitor.sector.models import (
    Institution,
    PersonnelReturn,
    PersonnelTarget,
    ReferenceValue,
    RoleAssignment,
)
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories_sector import real_country

pytestmark = pytest.mark.django_db


def test_demo_loads_real_lists_and_is_idempotent() -> None:
    for iso2 in ("LR", "HT", "CF", "CD", "SO"):
        real_country(iso2)
    summary = load_demo(acting_user=SYSTEM)
    assert summary["institutions"] == 42
    events = AuditEvent.objects.count()
    assert load_demo(acting_user=SYSTEM) == {"reference_values": 0}
    assert AuditEvent.objects.count() == events

    liberia = real_country("LR")
    names = {e.name for e in selectors.entries_at(None, liberia, date(2010, 1, 1)).values()}
    assert {"Liberia National Police", "Armed Forces of Liberia", "National Fire Service"} <= names
    analysis = selectors.roles_matrix(None, liberia, date(2010, 1, 1)).analysis
    assert len(analysis.overlaps) == 1  # intelligence: NSA and the Ministry
    assert len(analysis.gaps) == 1  # child protection units
    assert RoleAssignment.objects.filter(is_illustrative=False).count() == 0

    somalia = Institution.objects.get(country__iso2="SO", key="SNA")
    assert "18,000" in somalia.versions.get(valid_to__isnull=False).mandate
    assert somalia.versions.get(valid_to__isnull=True).mandate == "At least 30,000 soldiers."

    pnh = Institution.objects.get(country__iso2="HT", key="PNH")
    latest = PersonnelReturn.objects.get(institution=pnh, period="2019-09")
    assert latest.is_illustrative
    assert sum(c.count for c in latest.counts.filter(sex="female")) == 1611  # S/2019/805
    tables = [selectors.personnel_table(None, r) for r in pnh.personnel_returns.all()]
    progress = selectors.target_progress(tables, PersonnelTarget.objects.get(institution=pnh))
    assert progress.progress.percent == Decimal("75.0")  # (10.5 − 9) / (11 − 9)
    assert progress.progress.rating is Rating.AT_RISK

    assert (
        ReferenceValue.objects.filter(
            country__iso2__in=["LR", "CD", "CF", "SO", "HT"], series__code="WB:MS.MIL.XPND.GD.ZS"
        )
        .values("country")
        .distinct()
        .count()
        >= 3
    )
