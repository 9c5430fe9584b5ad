"""Every import command is safe to schedule: a run with nothing new exits 0 and says so
(issue 17, operations). ``call_command`` raising ``CommandError`` is the command's exit 1."""

from __future__ import annotations

import io
from pathlib import Path

import pytest
from django.core.management import call_command

from ssrmonitor.sanctions.models import ListImport
from ssrmonitor.testing.factories import country

pytestmark = pytest.mark.django_db
FIXTURES = Path(__file__).resolve().parent / "fixtures"
UN_LIST = FIXTURES / "sanctions" / "un_sc_excerpt_2024-09-26.xml"
IATI = FIXTURES / "support" / "iati" / "doj-haiti.xml"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command(*args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def test_the_un_list_imported_again_exits_0_and_says_nothing_is_new() -> None:
    first = run("import_un_sanctions", str(UN_LIST))
    assert "added" in first
    again = run("import_un_sanctions", str(UN_LIST))
    assert "has already been imported" in again
    assert "Nothing new." in again
    assert ListImport.objects.count() == 1


def test_an_iati_file_imported_again_exits_0_and_reports_it_unchanged() -> None:
    country("HT")
    args = ("import_iati", str(IATI), "--all", "--country", "HT")
    assert "created: 1" in run(*args)
    again = run(*args)
    assert "created: 0  updated: 0  unchanged: 1" in again


def test_reference_statistics_imported_again_exit_0_and_report_them_unchanged() -> None:
    country("HT")
    first = run("import_statistics")
    assert " created" in first
    again = run("import_statistics")
    assert ": 0 created, 0 updated" in again
    assert all(" 0 created, 0 updated" in line for line in again.splitlines() if "created" in line)
