"""Shared fixtures of the support tests: the real IATI files and a few countries."""

from __future__ import annotations

from pathlib import Path

import pytest

from ssrmonitor.testing.factories import country

ROOT = Path(__file__).resolve().parents[4]
FIXTURES = ROOT / "tests" / "fixtures" / "support" / "iati"
SHARED_ACTIVITIES = ROOT.parent / "shared" / "data" / "iati" / "activities"


@pytest.fixture
def fixtures() -> Path:
    return FIXTURES


@pytest.fixture
def countries(db: None) -> None:
    """The real countries the fixtures name (HT, CF, CD, SS, TL)."""
    for iso2 in ("HT", "CF", "CD", "SS", "TL"):
        country(iso2)
