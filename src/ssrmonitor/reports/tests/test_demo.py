"""The demo loader of the reports app writes nothing and lists the countries with reports."""

from __future__ import annotations

from typing import Any

import pytest

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.reports.demo import load_demo
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories_reports import ReportWorld

pytestmark = pytest.mark.django_db


def test_load_demo_lists_countries_and_writes_nothing(world: ReportWorld) -> None:
    before = AuditEvent.objects.count()
    summary: dict[str, Any] = load_demo(acting_user=SYSTEM)
    assert summary == load_demo(acting_user=SYSTEM)
    assert summary["pages"] == {"CF": "/reports/c/CF/", "HT": "/reports/c/HT/"}
    assert AuditEvent.objects.count() == before
