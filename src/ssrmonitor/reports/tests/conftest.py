"""Shared fixtures of the reports tests."""

from __future__ import annotations

import pytest

from ssrmonitor.testing.factories_reports import ReportWorld, report_world


@pytest.fixture
def world(db: None) -> ReportWorld:
    return report_world()
