"""The thematic report across countries, the pages around it, and the `report` command."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from django.urls import reverse

from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.core.sections.document import Table
from ssrmonitor.reports.builder import build_document
from ssrmonitor.reports.generate import thematic_payload
from ssrmonitor.reports.services import freeze_snapshot
from ssrmonitor.testing.factories_reports import DRAFT_VALUE, INTERNAL_TITLE, ReportWorld

pytestmark = pytest.mark.django_db


def overview_rows(payload: dict[str, Any]) -> list[list[str]]:
    document = build_document(payload, "en")
    table = document.sections[0].blocks[0]
    assert isinstance(table, Table)
    return [row.cells for row in table.rows]


def test_thematic_overview_counts_benchmarks_by_rating(root: Any, world: ReportWorld) -> None:
    rows = overview_rows(thematic_payload(root, "2019"))
    # Country, benchmarks, on track, at risk, off track, no data, overall.
    assert rows == [
        ["Central African Republic", "1", "0", "0", "1", "0", "Off track"],
        ["Haiti", "4", "1", "0", "2", "1", "Off track"],
    ]


def test_thematic_report_covers_only_countries_the_user_reports_on(
    alice: Any, bob: Any, world: ReportWorld
) -> None:
    assert [row[0] for row in overview_rows(thematic_payload(alice, "2019"))] == ["Haiti"]
    assert [row[0] for row in overview_rows(thematic_payload(bob, "2019"))] == [
        "Central African Republic"
    ]
    public = overview_rows(thematic_payload(None, "2019", "public"))
    assert [row[:2] for row in public] == [["Central African Republic", "1"], ["Haiti", "3"]]
    with pytest.raises(NotFound):
        thematic_payload(None, "2019", "internal")


def test_pages_render(alice: Any, world: ReportWorld, client: Client) -> None:
    client.force_login(alice)
    page = client.get(reverse("reports:country", args=["HT"]))
    assert page.status_code == 200 and "2019-H2" in page.content.decode()
    preview = client.get(reverse("reports:preview", args=["HT"]) + "?period=2019-H2&lang=fr")
    text = preview.content.decode()
    assert preview.status_code == 200 and "Sur les 4 critères de référence" in text
    assert DRAFT_VALUE not in text
    thematic = client.get(reverse("reports:thematic") + "?period=2019")
    assert thematic.status_code == 200 and "Haiti" in thematic.content.decode()
    download = client.get(reverse("reports:thematic_download", args=["docx"]) + "?period=2019")
    assert download.status_code == 200
    assert (
        download["Content-Disposition"] == 'attachment; filename="ssr-report-thematic-2019-en.docx"'
    )


def test_command_writes_each_format(alice: Any, world: ReportWorld, tmp_path: Path) -> None:
    for fmt, magic in (("pdf", b"%PDF"), ("docx", b"PK"), ("html", b"<!doctype html>")):
        out = tmp_path / f"r.{fmt}"
        call_command("report", "HT", "--period", "2019-H2", "--format", fmt, "--lang", "fr",
                     "--user", "alice", "-o", str(out))  # fmt: skip
        assert out.read_bytes().startswith(magic)
    html = (tmp_path / "r.html").read_text()
    assert INTERNAL_TITLE in html and DRAFT_VALUE not in html


def test_command_refuses_what_the_user_may_not_see(
    bob: Any, world: ReportWorld, tmp_path: Path
) -> None:
    out = tmp_path / "r.pdf"
    with pytest.raises(CommandError):
        call_command("report", "HT", "--period", "2019-H2", "--user", "bob", "-o", str(out))
    call_command("report", "HT", "--period", "2019-H2", "--format", "html", "-o", str(out))
    assert INTERNAL_TITLE not in out.read_text()  # no --user: the public edition


def test_command_regenerates_a_snapshot(alice: Any, world: ReportWorld, tmp_path: Path) -> None:
    snapshot = freeze_snapshot(world.published.country, ReportingPeriod.parse("2019-H2"),
                               title="t", acting_user=alice)  # fmt: skip
    first, second = tmp_path / "a.docx", tmp_path / "b.docx"
    for out in (first, second):
        call_command("report", "HT", "--snapshot", str(snapshot.pk), "--format", "docx",
                     "--user", "alice", "-o", str(out))  # fmt: skip
    assert first.read_bytes() == second.read_bytes()


def test_public_thematic_report_of_a_member_holds_public_data_only(
    alice: Any, world: ReportWorld
) -> None:
    rows = overview_rows(thematic_payload(alice, "2019", "public"))
    assert ["Haiti", "3"] in [row[:2] for row in rows]
