"""``ssrmonitor screen``: files in, hits out, nothing in the database unless --save."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.test.utils import CaptureQueriesContext

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures"
ROSTER = FIXTURES / "vetting" / "roster.csv"
RECORDS = FIXTURES / "vetting" / "records.csv"
UN_2026 = FIXTURES / "sanctions" / "un_sc_excerpt_2026-05-08.xml"


def run(*args: str) -> str:
    out = io.StringIO()
    call_command("screen", *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


@pytest.mark.django_db
def test_screen_files_writes_hits_and_touches_no_database(tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    with CaptureQueriesContext(connection) as queries:
        summary = run(
            str(ROSTER),
            "--against",
            str(RECORDS),
            "--against-un-list",
            str(UN_2026),
            "--out",
            str(out),
        )
    assert len(queries) == 0
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    pairs = {(r["person_id"], r["record_id"]) for r in rows}
    assert {
        ("P001", "R-CF-1"),
        ("P002", "R-CF-2"),
        ("P002", "CFi.004"),
        ("P004", "R-CF-4"),
    } <= pairs
    assert ("P006", "R-CF-2") not in pairs  # Marie Yekatom: a woman, not Alfred
    scores = [float(r["score"]) for r in rows]
    assert scores == sorted(scores, reverse=True)
    assert {r["band"] for r in rows} <= {"probable", "possible"}
    assert all(r["explanation"].startswith("names: ") for r in rows)
    assert "8 persons screened against 32 records" in summary


def test_thresholds_from_the_command_line(tmp_path: Path) -> None:
    out = tmp_path / "hits.csv"
    run(
        str(ROSTER),
        "--against",
        str(RECORDS),
        "--out",
        str(out),
        "--probable",
        "100",
        "--possible",
        "20",
    )
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows and all(r["band"] == "possible" and float(r["score"]) >= 20 for r in rows)


def test_a_bad_file_stops_the_command_and_writes_nothing(tmp_path: Path) -> None:
    bad = tmp_path / "roster.csv"
    bad.write_text(
        "person_id,full_name,date_of_birth\nP1,Ali,1980\nP2,Omar,1980-14\n", encoding="utf-8"
    )
    out = tmp_path / "hits.csv"
    with pytest.raises(CommandError, match=r"line 3, field date_of_birth"):
        run(str(bad), "--against", str(RECORDS), "--out", str(out))
    assert not out.exists()


def test_save_needs_a_country(tmp_path: Path) -> None:
    with pytest.raises(CommandError, match="--country"):
        run(str(ROSTER), "--against", str(RECORDS), "--out", str(tmp_path / "h.csv"), "--save")


@pytest.mark.django_db
def test_save_opens_cases_in_the_registry(tmp_path: Path) -> None:
    from ssrmonitor.testing.factories import country
    from ssrmonitor.vetting.models import Case, Person, ViolationRecord

    country("HT")
    out = tmp_path / "hits.csv"
    run(str(ROSTER), "--against", str(RECORDS), "--out", str(out), "--save", "--country", "HT")
    hits = list(csv.DictReader(out.open(encoding="utf-8")))
    assert Person.objects.count() == 8
    assert ViolationRecord.objects.count() == 6
    assert Case.objects.count() == len(hits) > 0
