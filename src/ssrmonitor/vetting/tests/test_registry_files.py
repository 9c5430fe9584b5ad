"""Imports of rosters and watchlists from files, and the vetting commands."""

from __future__ import annotations

import json
import re
from io import StringIO
from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.factories import country, member
from ssrmonitor.testing.factories_vetting import PersonFactory
from ssrmonitor.vetting.models import (
    Case,
    Person,
    ScreeningRun,
    ViolationCategory,
    ViolationRecord,
    Watchlist,
)
from ssrmonitor.vetting.services import registry, registry_files, screening

pytestmark = pytest.mark.django_db

SANCTIONS = Path(__file__).resolve().parents[4] / "tests" / "fixtures" / "sanctions"


@pytest.fixture(autouse=True)
def _fresh_screeners() -> None:
    screening.forget_screeners()


def _audit_dump() -> str:
    rows = AuditEvent.objects.values_list("object_repr", "before", "after")
    return json.dumps(list(rows), ensure_ascii=False)


def _write(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


# --- files -------------------------------------------------------------------------------

ROSTER = (
    "person_id,full_name,date_of_birth,place_of_birth,sex,nationality,unit\n"
    "P1,Jean-Baptiste Pierre Louis,1985-03-14,Jacmel,M,HT,CIMO\n"
    "P2,Marie-Claire Dorval,1990,,F,HT,BLTS\n"
    "P3,Youssouf Ould Ahmed,1978/1982,,M,,\n"
)


def test_import_roster_creates_then_updates_by_person_id(tmp_path: Path, vera: Any) -> None:
    ht = country("HT")
    path = _write(tmp_path, "roster.csv", ROSTER)
    summary = registry_files.import_roster(path, acting_user=vera, country=ht)
    assert (summary.created, summary.updated) == (3, 0)
    changed = ROSTER.replace("BLTS", "UDMO")
    path = _write(tmp_path, "r2.csv", changed)
    summary = registry_files.import_roster(path, acting_user=vera, country=ht)
    assert (summary.created, summary.updated) == (0, 3)
    person = Person.objects.get(reference_hash=registry.person_hash("P2"))
    assert person.unit == "UDMO"
    assert person.birth_date["precision"] == "year"
    assert (
        Person.objects.get(reference_hash=registry.person_hash("P3")).birth_date["precision"]
        == "range"
    )
    assert "Dorval" not in _audit_dump()
    event = AuditEvent.objects.filter(action="import").first()
    assert event is not None and event.after is not None
    assert event.after["created"] == 0


def test_a_bad_roster_line_rejects_the_file_naming_line_and_field(
    tmp_path: Path, vera: Any
) -> None:
    bad = ROSTER.replace("1990,", "1990-13,")
    path = _write(tmp_path, "tmp123.csv", bad)
    with pytest.raises(ValidationFailed) as caught:
        registry_files.import_roster(
            path, acting_user=vera, country=country("HT"), file_name="hnp.csv"
        )
    reason = caught.value.by_field()["file"][0]
    assert "hnp.csv" in reason
    assert "line 3" in reason
    assert "date_of_birth" in reason
    assert not Person.objects.exists()


RECORDS = (
    "record_id,full_name,aliases,date_of_birth,place_of_birth,sex,nationality,category,source\n"
    "R1,Jean-Baptiste Pierre Louis,Ti Jean;JB Louis,1985,Jacmel,M,HT,sexual_violence,HRS 2019\n"
    "R2,Abubakar Sani Musa,,1974,,M,,children_recruitment,CTFMR\n"
    "R3,Marie Thérèse Lafleur,,,,F,,,\n"
)


def test_import_records_csv_as_a_watchlist(tmp_path: Path, vera: Any) -> None:
    path = _write(tmp_path, "records.csv", RECORDS)
    watchlist, summary = registry_files.import_records(
        path, acting_user=vera, country=country("HT"), name="HRS list"
    )
    assert summary.created == 3
    assert watchlist.kind == Watchlist.Kind.RECORDS_CSV
    assert watchlist.entry_count == 3
    r1 = ViolationRecord.objects.get(reference_hash=registry.record_hash("R1"))
    assert r1.names == ["Jean-Baptiste Pierre Louis", "Ti Jean", "JB Louis"]
    assert r1.category == ViolationCategory.SEXUAL_VIOLENCE
    assert r1.source == "HRS 2019"
    assert r1.watchlist == watchlist
    r3 = ViolationRecord.objects.get(reference_hash=registry.record_hash("R3"))
    assert r3.category == ViolationCategory.OTHER_HUMAN_RIGHTS


def test_unknown_category_rejects_the_records_file(tmp_path: Path, vera: Any) -> None:
    bad = RECORDS.replace("children_recruitment", "looting")
    path = _write(tmp_path, "records.csv", bad)
    with pytest.raises(ValidationFailed) as caught:
        registry_files.import_records(path, acting_user=vera, country=country("HT"), name="L")
    reason = caught.value.by_field()["file"][0]
    assert "line 3" in reason
    assert "category" in reason
    assert not ViolationRecord.objects.exists()
    assert not Watchlist.objects.exists()


def _individual_ids(path: Path) -> set[str]:
    """Reference numbers of the individuals, read without the importer (a plain regex)."""
    text = path.read_text(encoding="utf-8")
    blocks = re.findall(r"<INDIVIDUAL>(.*?)</INDIVIDUAL>", text, flags=re.S)
    return {re.search(r"<REFERENCE_NUMBER>\s*(.*?)\s*<", b).group(1) for b in blocks}  # type: ignore[union-attr]


def test_reimporting_the_un_list_replaces_its_records_but_keeps_those_in_a_case(
    vera: Any,
) -> None:
    ht = country("HT")
    old, new = (
        SANCTIONS / "un_sc_excerpt_2020-11-30.xml",
        SANCTIONS / "un_sc_excerpt_2024-09-26.xml",
    )
    old_ids, new_ids = _individual_ids(old), _individual_ids(new)
    watchlist, summary = registry_files.import_un_list(old, acting_user=vera, country=ht, name="UN")
    assert summary.created == len(old_ids) == watchlist.entry_count
    record = watchlist.records.first()
    assert record is not None
    assert record.category == ViolationCategory.SANCTIONS_LISTING
    delisted = sorted(old_ids - new_ids)
    in_case = ViolationRecord.objects.get(reference_hash=registry.record_hash(delisted[0]))
    Case.objects.create(
        country=ht, person=PersonFactory(), record=in_case, score=30, band="probable"
    )
    watchlist, summary = registry_files.import_un_list(new, acting_user=vera, country=ht, name="UN")
    assert summary.updated == len(old_ids & new_ids)
    assert summary.created == len(new_ids - old_ids)
    assert summary.removed == len(delisted) - 1
    assert summary.kept == 1
    assert watchlist.records.count() == len(new_ids) + 1
    assert watchlist.entry_count == len(new_ids)


def test_un_list_entries_keep_low_quality_aliases_apart(vera: Any) -> None:
    path = SANCTIONS / "un_sc_excerpt_2020-11-30.xml"
    registry_files.import_un_list(path, acting_user=vera, country=country("HT"), name="UN")
    text = path.read_text(encoding="utf-8")
    low = len(re.findall(r"<QUALITY>Low</QUALITY>", text))
    assert low > 0
    weak = sum(len(r.weak_aliases) for r in ViolationRecord.objects.all())
    assert 0 < weak <= low


# --- commands ----------------------------------------------------------------------------


def test_commands_import_and_screen(tmp_path: Path, vera: Any) -> None:
    country("HT")
    out = StringIO()
    roster = _write(tmp_path, "roster.csv", ROSTER)
    records = _write(tmp_path, "records.csv", RECORDS)
    call_command("import_personnel", "ht", str(roster), "--user", "vera", stdout=out)
    call_command("import_violation_records", "HT", str(records), "--name", "HRS", stdout=out)
    un = SANCTIONS / "un_sc_excerpt_2024-09-26.xml"
    call_command("import_watchlist", "HT", str(un), stdout=out)
    call_command("screen_registry", "HT", stdout=out)
    text = out.getvalue()
    assert "3 registered, 0 updated" in text
    assert "HRS: 3 new" in text
    assert f"{len(_individual_ids(un))} new" in text
    run = ScreeningRun.objects.get()
    assert run.persons_screened == 3
    assert run.probable_hits >= 1  # P1 is R1
    assert Case.objects.filter(person__in=Person.objects.all()).exists()
    with pytest.raises(CommandError, match="No active user"):
        call_command("screen_registry", "HT", "--user", "nobody")
    member("ada", "HT", "administrator")
    with pytest.raises(CommandError, match="vetting officers"):
        call_command("screen_registry", "HT", "--user", "ada")
