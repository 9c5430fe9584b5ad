"""The screening files: roster and records CSV, hits CSV, UN list XML; errors name the spot."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from ssrmonitor.vetting.matching import (
    Band,
    BirthDate,
    Evidence,
    FileError,
    Hit,
    read_record_rows,
    read_records,
    read_roster,
    read_un_list,
    write_hits,
)

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures"


def write(tmp_path: Path, text: str, name: str = "file.csv", bom: bool = False) -> Path:
    path = tmp_path / name
    path.write_bytes((b"\xef\xbb\xbf" if bom else b"") + text.encode("utf-8"))
    return path


def test_read_roster_fixture() -> None:
    roster = read_roster(FIXTURES / "vetting" / "roster.csv")
    assert [p.id for p in roster][:2] == ["P001", "P002"]
    first = roster[0]
    assert first.names == ("Abdoulaye Issène",)
    assert first.birth_dates == (BirthDate.parse("1967"),)
    assert (first.place_of_birth, first.sex, first.nationality) == ("Ndélé", "M", "CF")
    assert first.unit == "1st Infantry Battalion"


def test_roster_needs_only_id_and_name_and_accepts_a_bom(tmp_path: Path) -> None:
    path = write(tmp_path, "full_name,person_id\nAli Darassa,7\n", bom=True)
    [person] = read_roster(path)
    assert (person.id, person.names, person.birth_dates) == ("7", ("Ali Darassa",), ())


def test_read_records_fixture_with_aliases_and_several_dates() -> None:
    rows = read_record_rows(FIXTURES / "vetting" / "records.csv")
    third = rows[2]
    assert third.entry.names == ("NOURREDINE ADAM", "Nureldine Adam", "Nourreddine Adam")
    assert [str(b) for b in third.entry.birth_dates] == ["1970", "1969", "1971"]
    assert third.category == "other_human_rights"
    assert third.source == "UN Panel of Experts"
    assert next(r.id for r in read_records(FIXTURES / "vetting" / "records.csv")) == "R-CF-1"


@pytest.mark.parametrize(
    ("text", "line", "field", "reason"),
    [
        ("person_id,full_name\nP1,\n", 2, "full_name", "required"),
        ("person_id,full_name\n,Ali\n", 2, "person_id", "required"),
        (
            "person_id,full_name,date_of_birth\nP1,Ali,1980\nP2,Omar,80-01-02\n",
            3,
            "date_of_birth",
            "not a date",
        ),
        ("person_id,full_name,sex\nP1,Ali,male\n", 2, "sex", "not M, F, X"),
        ("person_id,full_name\nP1,Ali\nP1,Omar\n", 3, "person_id", "twice"),
        ("person_id,full_name,rank\nP1,Ali,major\n", 1, "rank", "unknown column"),
        ("person_id,name\nP1,Ali\n", 1, "name", "unknown column"),
        ("person_id\nP1\n", 1, "full_name", "required"),
        ("person_id,full_name\nP1,Ali,extra\n", 2, "", "3 values for 2 columns"),
        ("", 1, "", "empty"),
    ],
)
def test_bad_roster_names_line_field_and_reason(
    tmp_path: Path, text: str, line: int, field: str, reason: str
) -> None:
    path = write(tmp_path, text)
    with pytest.raises(FileError) as caught:
        read_roster(path)
    error = caught.value
    assert (error.path, error.line, error.field) == (str(path), line, field)
    assert reason in error.reason
    assert str(path) in str(error) and f"line {line}" in str(error)


def test_a_file_with_one_bad_row_is_rejected_whole(tmp_path: Path) -> None:
    rows = "".join(f"P{i},Name {i},1980\n" for i in range(50))
    path = write(tmp_path, "person_id,full_name,date_of_birth\n" + rows + "P99,Bad,1980-02-31\n")
    with pytest.raises(FileError) as caught:
        read_roster(path)
    assert caught.value.line == 52


def test_not_utf8_is_refused_with_its_line(tmp_path: Path) -> None:
    path = tmp_path / "latin1.csv"
    path.write_bytes("person_id,full_name\nP1,Ali\nP2,Eugène\n".encode("latin-1"))
    with pytest.raises(FileError) as caught:
        read_roster(path)
    assert caught.value.line == 3 and "UTF-8" in caught.value.reason


def test_bad_records_file_names_the_field(tmp_path: Path) -> None:
    path = write(tmp_path, "record_id,full_name,date_of_birth\nR1,Ali,1970;197\n")
    with pytest.raises(FileError) as caught:
        read_records(path)
    assert (caught.value.line, caught.value.field) == (2, "date_of_birth")


def hit(score: float, person: str = "P1", record: str = "R1") -> Hit:
    evidence = (Evidence("names", score, "ALI=ALI"), Evidence("sex", 0.0, "unknown"))
    return Hit(person, record, score, Band.POSSIBLE, evidence)


def test_write_hits_sorted_by_score_with_explanation() -> None:
    out = io.StringIO()
    count = write_hits(out, [hit(15.0, "P2"), hit(31.5, "P1", "R9")])
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert count == 2
    assert rows[0] == ["person_id", "record_id", "score", "band", "explanation"]
    assert rows[1] == ["P1", "R9", "31.50", "possible", "names: +31.5 (ALI=ALI); sex: 0 (unknown)"]
    assert rows[2][0] == "P2"


def test_read_un_list_individuals_with_aliases_dates_and_places() -> None:
    people = {
        p.id: p for p in read_un_list(FIXTURES / "sanctions" / "un_sc_excerpt_2026-05-08.xml")
    }
    assert len(people) == 26  # individuals only: the entities are left out
    yekatom = people["CFi.004"]
    assert yekatom.names[:2] == ("ALFRED YEKATOM", "Alfred Yekatom Saragba")
    assert "Colonel Rambo" in yekatom.weak_names  # Low-quality alias
    assert yekatom.birth_dates == (BirthDate.parse("1976-06-23"),)
    assert yekatom.nationality == "Central African Republic"
    kony = people["CFi.009"]
    assert {str(b) for b in kony.birth_dates} >= {"1959", "1964-09-18"}
    assert "Palaro" in kony.place_of_birth
    assert people["GBi.001"].sex == "M"
    # an alias field packing several aliases is split
    assert "Mohammad Bakr Zolkadr" in people["IRi.043"].names


def test_read_un_list_refuses_a_broken_file(tmp_path: Path) -> None:
    path = write(tmp_path, "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL>", "broken.xml")
    with pytest.raises(FileError):
        read_un_list(path)


def test_read_un_list_does_not_resolve_entities(tmp_path: Path) -> None:
    secret = write(tmp_path, "TOPSECRET", "secret.txt")
    text = (
        f'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY e SYSTEM "file://{secret}">]>'
        "<CONSOLIDATED_LIST><INDIVIDUALS><INDIVIDUAL><DATAID>1</DATAID>"
        "<FIRST_NAME>&e;</FIRST_NAME><SECOND_NAME>Ali</SECOND_NAME></INDIVIDUAL>"
        "</INDIVIDUALS></CONSOLIDATED_LIST>"
    )
    path = write(tmp_path, text, "evil.xml")
    try:
        people = read_un_list(path)
    except FileError:
        return
    assert all("TOPSECRET" not in " ".join(p.names) for p in people)
