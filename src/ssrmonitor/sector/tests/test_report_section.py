"""The sector sections of the reports: women's participation, expenditure, trends."""

from __future__ import annotations

import json
from decimal import Decimal
from typing import Any

import pytest

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.sections.document import Document, Table
from ssrmonitor.reports.builder import (
    build_document,
    collect_country_report,
    collect_thematic_report,
)
from ssrmonitor.reports.render import render
from ssrmonitor.sector.services.expenditure import set_fiscal_context
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_sector import make_budget_line, make_institution, make_return

pytestmark = pytest.mark.django_db
Y2024 = ReportingPeriod.parse("2024")
SECRET = "Secret unit"


@pytest.fixture
def sector_case() -> dict[str, Any]:
    """Haiti: the national police (public, 2023 and 2024 returns, a 2024 budget line with its
    fiscal context) and a non-public institution with a return of its own."""
    police = make_institution("HT", "PNH", names={"en": "National Police", "fr": "Police"})
    make_return(
        police,
        "2023",
        {
            ("", "officer", "female"): 10,
            ("", "officer", "male"): 90,
            ("", "nco", "female"): 20,
            ("", "nco", "male"): 180,
            ("", "other", "female"): 50,
            ("", "other", "male"): 650,
        },
    )
    make_return(police, "2024")  # officers: 3 women (suppressed in public), 40 men; 75 / 595
    secret = make_institution("HT", "SEC", is_public=False, names={"en": SECRET, "fr": SECRET})
    make_return(secret, "2024")
    make_budget_line(police, allocated=Decimal(1000), executed=Decimal(900))
    set_fiscal_context(
        country("HT"),
        acting_user=SYSTEM,
        fiscal_year=2024,
        currency="HTG",
        gdp=Decimal(100000),
        total_public_expenditure=Decimal(10000),
    )
    return {"haiti": country("HT")}


def _table(document: Document, caption: str) -> list[list[str]]:
    for section in document.sections:
        for block in section.blocks:
            if isinstance(block, Table) and block.caption == caption:
                return [row.cells for row in block.rows]
    raise AssertionError(caption)


def _ranks(payload: dict[str, Any], name: str) -> dict[str, Any]:
    institutions = payload["sections"]["women_participation"]["institutions"]
    found = next(item for item in institutions if item["institution"] == name)
    return {rank["rank"]: rank for rank in found["ranks"]}


def test_internal_report_shows_raw_figures(alice: Any, sector_case: dict[str, Any]) -> None:
    payload = collect_country_report(alice, sector_case["haiti"], Y2024, "internal")
    ranks = _ranks(payload, "National Police")
    assert (ranks["officer"]["women"], ranks["officer"]["total"]) == (3, 43)
    assert (ranks["*"]["women"], ranks["*"]["total"], ranks["*"]["share"]) == (75, 595, "12.6")
    assert payload["sections"]["women_participation"]["suppressed"] is False
    assert SECRET in json.dumps(payload)
    document = build_document(payload, "en")
    rows = _table(document, "Women and men by rank category")
    assert ["Officers", "3", "43", "7%"] in rows
    assert "Women make up 12.6% of the personnel of National Police." in document.summary


def test_public_report_shows_suppressed_cells_and_no_internal_institution(
    alice: Any, sector_case: dict[str, Any]
) -> None:
    payload = collect_country_report(alice, sector_case["haiti"], Y2024, "public")
    ranks = _ranks(payload, "National Police")
    assert ranks["officer"]["women"] is None  # 3 persons: primary suppression
    assert ranks["officer"]["share"] is None
    assert payload["sections"]["women_participation"]["suppressed"] is True
    text = json.dumps(payload)
    assert SECRET not in text
    document = build_document(payload, "en")
    rows = _table(document, "Women and men by rank category")
    assert rows[1][0] == "Officers" and rows[1][1] == "hidden"
    html = render(document, "html").content.decode()
    assert "figures of fewer than 5 persons" in html
    assert SECRET not in html


def test_expenditure_highlights_of_the_latest_year(alice: Any, sector_case: dict[str, Any]) -> None:
    payload = collect_country_report(alice, sector_case["haiti"], Y2024, "internal")
    data = payload["sections"]["public_expenditure"]
    assert data["fiscal_year"] == 2024
    assert data["execution_rate"] == "90"
    assert data["bases"]["allocated"] == {
        "total": "1000",
        "security_share": "10",
        "share_of_gdp": "1",
    }
    assert data["bases"]["executed"]["security_share"] == "9"
    document = build_document(payload, "fr")
    assert any("90 %" in line or "90\u00a0%" in line for line in document.summary)


def test_sections_left_out_without_data(alice: Any, sector_case: dict[str, Any]) -> None:
    payload = collect_country_report(
        alice, sector_case["haiti"], ReportingPeriod.parse("2019"), "internal"
    )
    assert "women_participation" not in payload["sections"]
    assert "public_expenditure" not in payload["sections"]
    assert (
        "women_participation_trends"
        not in collect_thematic_report(alice, [country("CF")], Y2024, "internal")["sections"]
    )


def test_thematic_trend(alice: Any, sector_case: dict[str, Any]) -> None:
    payload = collect_thematic_report(alice, [sector_case["haiti"]], Y2024, "public")
    rows = payload["sections"]["women_participation_trends"]["institutions"]
    assert [
        (r["institution"], r["first"]["share"], r["last"]["share"], r["trend"]) for r in rows
    ] == [("National Police", "8", "12.6", "improving")]
    document = build_document(payload, "en")
    assert "Women's participation trends" in [s.title for s in document.sections]


def test_a_frozen_public_snapshot_keeps_suppressed_cells(
    alice: Any, sector_case: dict[str, Any]
) -> None:
    from ssrmonitor.reports.models import Snapshot
    from ssrmonitor.reports.services import freeze_snapshot, is_intact

    haiti = sector_case["haiti"]
    snapshot = freeze_snapshot(haiti, Y2024, title="Public", acting_user=alice, audience="public")
    assert _ranks(snapshot.payload, "National Police")["officer"]["women"] is None
    document = build_document(snapshot.payload, "fr")
    at_freeze = {fmt: render(document, fmt).content for fmt in ("html", "pdf", "docx")}
    again = Snapshot.objects.get(pk=snapshot.pk)
    assert is_intact(again)
    for fmt, content in at_freeze.items():
        assert render(build_document(again.payload, "fr"), fmt).content == content  # type: ignore[arg-type]
