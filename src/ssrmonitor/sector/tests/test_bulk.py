"""Bulk import from templates: every error reported with row and column, atomic, idempotent."""

from __future__ import annotations

import io
from datetime import date
from typing import Any

import pytest
from openpyxl import Workbook

from ssrmonitor.core.models import AuditEvent
from ssrmonitor.core.permissions import Denied
from ssrmonitor.sector import bulk, services
from ssrmonitor.sector.models import Institution, PersonnelCount
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country
from ssrmonitor.testing.factories_sector import make_institution

pytestmark = pytest.mark.django_db

INSTITUTIONS = (
    "key,name_en,name_fr,acronym,kind,parent_key,valid_from,status\n"
    "PNH,Haitian National Police,Police nationale d'Haïti,PNH,police,,1995-06-01,active\n"
    "IGPNH,General Inspectorate,Inspection générale,IGPNH,inspectorate,PNH,2000-01-01,active\n"
)


def run(kind: str, text: str, user: Any = SYSTEM, name: str = "data.csv") -> bulk.ImportReport:
    return bulk.import_file(country("HT"), kind, text.encode(), name, acting_user=user)


def test_institutions_are_created_with_their_parent(alice: Any) -> None:
    report = run("institutions", INSTITUTIONS, alice)
    assert report.rows == 2
    child = Institution.objects.get(key="IGPNH").versions.get()
    assert child.parent == Institution.objects.get(key="PNH")
    assert child.names == {"en": "General Inspectorate", "fr": "Inspection générale"}


def test_the_same_file_twice_changes_nothing(alice: Any) -> None:
    run("institutions", INSTITUTIONS, alice)
    events = AuditEvent.objects.count()
    report = run("institutions", INSTITUTIONS, alice)
    assert report.changes == 0
    assert AuditEvent.objects.count() == events


def test_a_changed_row_records_a_new_version(alice: Any) -> None:
    run("institutions", INSTITUTIONS, alice)
    changed = INSTITUTIONS.replace("1995-06-01,active", "2024-01-01,suspended")
    run("institutions", changed, alice)
    versions = Institution.objects.get(key="PNH").versions.order_by("valid_from")
    assert [v.status for v in versions] == ["active", "suspended"]


def test_every_error_is_reported_with_row_and_column_and_nothing_is_written(alice: Any) -> None:
    text = (
        "key,name_en,kind,valid_from,parent_key,is_public\n"
        "A,Alpha,police,2020-01-01,,true\n"
        ",Beta,navy,2020-13-01,ZZ,maybe\n"
        "C,,police,2020-01-01,,\n"
    )
    with pytest.raises(bulk.ImportRefused) as caught:
        run("institutions", text, alice)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {
        (3, "key"),
        (3, "kind"),
        (3, "valid_from"),
        (3, "parent_key"),
        (3, "is_public"),
        (4, "name_en"),
    }
    assert not Institution.objects.exists()


def test_unknown_and_missing_columns_are_refused(alice: Any) -> None:
    with pytest.raises(bulk.ImportRefused) as caught:
        run("budget", "institution_key,fiscal_year,colour\n", alice)
    columns = {e.column for e in caught.value.errors}
    assert "colour" in columns
    assert {"economic", "cofog", "funding_source", "allocated", "currency"} <= columns


def test_a_failure_while_writing_rolls_back_the_whole_file(alice: Any) -> None:
    make_institution(key="OLD", valid_from=date(2020, 1, 1))
    text = (
        "key,name_en,kind,valid_from\n"
        "NEW,New body,police,2021-01-01\n"
        "OLD,Renamed but dated before its current version,police,2019-01-01\n"
    )
    with pytest.raises(bulk.ImportRefused) as caught:
        run("institutions", text, alice)
    assert caught.value.errors[0].row == 3
    assert caught.value.errors[0].column == "valid_from"
    assert not Institution.objects.filter(key="NEW").exists()


def test_personnel_rows_are_grouped_into_returns_and_grades_mapped(alice: Any) -> None:
    police = make_institution()
    services.set_grade_mapping(police, acting_user=SYSTEM, grade="Inspecteur", rank="officer")
    text = (
        "institution_key,period,unit,rank,sex,count\n"
        "PNH,2024,,Inspecteur,female,4\n"
        "PNH,2024,,Inspecteur,male,40\n"
        "PNH,2024,,other,female,20\n"
        "PNH,2024-H1,,other,male,30\n"
    )
    report = run("personnel", text, alice)
    assert report.rows == 2
    assert PersonnelCount.objects.filter(rank="officer").count() == 2
    assert run("personnel", text, alice).changes == 0


def test_personnel_errors_name_the_row(alice: Any) -> None:
    make_institution()
    text = (
        "institution_key,period,rank,sex,count\n"
        "PNH,2024,Commissaire,female,4\n"
        "XX,2024-Q5,officer,woman,-1\n"
        "PNH,2024,officer,male,2.5\n"
    )
    with pytest.raises(bulk.ImportRefused) as caught:
        run("personnel", text, alice)
    found = {(e.row, e.column) for e in caught.value.errors}
    assert found == {
        (2, "rank"),
        (3, "institution_key"),
        (3, "period"),
        (3, "sex"),
        (3, "count"),
        (4, "count"),
    }


def test_budget_lines_from_xlsx(alice: Any) -> None:
    make_institution()
    workbook = Workbook()
    sheet = workbook.active
    assert sheet is not None
    sheet.append([c.name for c in bulk.COLUMNS["budget"]])
    sheet.append(["PNH", 2024, "personnel", "03", "domestic", 1000, None, 950, "htg"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    report = bulk.import_file(
        country("HT"), "budget", buffer.getvalue(), "lines.xlsx", acting_user=alice
    )
    assert report.rows == 1
    line = Institution.objects.get(key="PNH").budget_lines.get()
    assert (line.currency, line.executed) == ("HTG", 950)


def test_semicolon_csv_is_read(alice: Any) -> None:
    make_institution()
    text = "institution_key;fiscal_year;economic;cofog;funding_source;allocated;currency\n"
    text += "PNH;2024;capital;03;domestic;500;HTG\n"
    assert run("budget", text, alice).rows == 1


def test_viewer_may_not_import(victor: Any) -> None:
    with pytest.raises(Denied):
        run("institutions", INSTITUTIONS, victor)


def test_templates_have_the_columns() -> None:
    assert bulk.template_csv("personnel").lstrip("\ufeff").startswith("institution_key,period")
    assert bulk.template_xlsx("budget")[:2] == b"PK"
