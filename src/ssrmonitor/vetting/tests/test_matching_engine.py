"""Scoring, explanations, bands, candidate generation and recall on real fixtures."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from ssrmonitor.vetting.matching import (
    NAME_MATCH_THRESHOLD,
    Band,
    BirthDate,
    Entry,
    Screener,
    Thresholds,
    compare_names,
    engine,
    read_un_list,
)

FIXTURES = Path(__file__).resolve().parents[4] / "tests" / "fixtures"
UN_2026 = FIXTURES / "sanctions" / "un_sc_excerpt_2026-05-08.xml"


def dob(text: str) -> tuple[BirthDate, ...]:
    parsed = BirthDate.parse(text)
    return (parsed,) if parsed else ()


def test_explanation_lists_every_field() -> None:
    record = Entry("R1", ("Abubakar Sani Musa",), birth_dates=dob("1973/1975"), sex="M")
    person = Entry("P1", ("Boubacar Sani Moussa",), birth_dates=dob("1974"), sex="")
    score, evidence = Screener([record]).score(person, record)
    fields = [e.field for e in evidence]
    assert fields == ["names", "date of birth", "sex"]
    names = evidence[0]
    assert "BOUBACAR≈ABUBAKAR" in names.detail and "SANI=SANI" in names.detail
    assert str(evidence[1]) == "date of birth: +2.9 (1974 within 1973/1975)"
    assert str(evidence[2]) == "sex: 0 (unknown)"
    assert score == pytest.approx(sum(e.weight for e in evidence), abs=0.01)


def test_hit_explanation_joins_the_evidence() -> None:
    record = Entry("R1", ("Alfred Yekatom",), birth_dates=dob("1976-06-23"))
    [hit] = Screener([record]).screen_one(
        Entry("P1", ("Alfred Ekatom",), birth_dates=dob("1976-06-23"))
    )
    assert hit.explanation.startswith("names: +")
    assert "date of birth: +9.0 (1976-06-23 = 1976-06-23)" in hit.explanation


def test_sex_mismatch_is_strong_evidence_against() -> None:
    record = Entry("R1", ("Alfred Yekatom",), birth_dates=dob("1976-06-23"), sex="M")
    screener = Screener([record])
    same, _ = screener.score(Entry("P", ("Alfred Yekatom",), sex="M"), record)
    other, evidence = screener.score(Entry("P", ("Alfred Yekatom",), sex="F"), record)
    assert same - other >= 8
    assert "sex: -8.0 (F≠M)" in [str(e) for e in evidence]


def test_contradictory_date_of_birth_lowers_the_score() -> None:
    record = Entry("R1", ("Habib Soussou",), birth_dates=dob("1980-03-13"))
    screener = Screener([record])
    agree, _ = screener.score(Entry("P", ("Habib Soussou",), birth_dates=dob("1980-03-13")), record)
    unknown, _ = screener.score(Entry("P", ("Habib Soussou",)), record)
    against, _ = screener.score(Entry("P", ("Habib Soussou",), birth_dates=dob("1961")), record)
    assert agree > unknown > against


def test_name_order_and_missing_parts_are_tolerated_conflicts_are_not() -> None:
    record = Entry("R1", ("Isa Bin Tarif Al Bin Ali Hamad",))
    screener = Screener([record])
    swapped, _ = screener.score(Entry("P", ("AL BEN ALI, Isa Ben Tarif",)), record)
    fewer, _ = screener.score(Entry("P", ("Isa Tarif",)), record)
    conflicting, _ = screener.score(Entry("P", ("AL BEN MAHMOUD, Isa Ben Tarif",)), record)
    assert swapped > fewer > conflicting


def test_initials_agree_weakly_and_conflicting_initials_count_against() -> None:
    record = Entry("R1", ("Hans Joachim Friedrich",))
    screener = Screener([record])
    same, _ = screener.score(Entry("P", ("Hans J Friedrich",)), record)
    other, _ = screener.score(Entry("P", ("Hans O Friedrich",)), record)
    assert same > other


def test_common_names_weigh_less_than_rare_ones() -> None:
    records = [Entry(f"C{i}", (f"Mohamed Ali {i}",)) for i in range(300)]
    records.append(Entry("R1", ("Mohamed Ngaikosset",)))
    screener = Screener(records)
    _, common = screener.score(Entry("P", ("Mohamed",)), records[-1])
    _, rare = screener.score(Entry("P", ("Ngaikosset",)), records[-1])
    assert common[0].weight < rare[0].weight


def test_bands_follow_the_thresholds() -> None:
    thresholds = Thresholds(probable=20, possible=10)
    assert thresholds.band(25) is Band.PROBABLE
    assert thresholds.band(12) is Band.POSSIBLE
    assert thresholds.band(3) is Band.NO_MATCH
    assert Band.PROBABLE.value == "probable"
    with pytest.raises(ValueError):
        Thresholds(probable=5, possible=10)


def test_thresholds_an_administrator_sets_change_the_bands() -> None:
    record = Entry("R1", ("Alfred Yekatom",), birth_dates=dob("1976-06-23"))
    person = Entry("P1", ("Alfred Yekatom",), birth_dates=dob("1976-06-23"))
    score = Screener([record]).screen_one(person)[0].score
    assert (
        Screener([record], Thresholds(score + 1, score - 1)).screen_one(person)[0].band
        == "possible"
    )
    assert Screener([record], Thresholds(score + 2, score + 1)).screen_one(person) == []


def test_every_good_alias_of_the_un_excerpt_finds_its_person_in_the_top_3() -> None:
    people = read_un_list(UN_2026)
    screener = Screener(people, Thresholds(probable=1000, possible=-1000))
    missed = []
    for person in people:
        for alias in person.names[1:]:
            hits = screener.screen_one(Entry("q", (alias,)), limit=3)
            if person.id not in {h.record_id for h in hits}:
                missed.append((alias, person.id))
    assert missed == []


def test_batch_finds_each_listed_person_under_another_name() -> None:
    people = read_un_list(UN_2026)
    roster = [
        Entry(f"P{i}", (p.names[-1],), birth_dates=p.birth_dates[:1]) for i, p in enumerate(people)
    ]
    hits = list(Screener(people).screen(roster))
    found = {h.person_id for h in hits if people[int(h.person_id[1:])].id == h.record_id}
    assert len(found) == len(roster)
    assert all(h.score >= Thresholds.default().possible for h in hits)


def test_batch_runs_over_two_processes(monkeypatch: pytest.MonkeyPatch) -> None:
    people = read_un_list(UN_2026)
    roster = [
        Entry(f"P{i}", (p.names[0],), birth_dates=p.birth_dates[:1]) for i, p in enumerate(people)
    ]
    screener = Screener(people)
    serial = sorted((h.person_id, h.record_id, h.score) for h in screener.screen(roster, workers=1))
    monkeypatch.setattr(engine, "BATCH_CHUNK", 5)
    parallel = sorted(
        (h.person_id, h.record_id, h.score) for h in screener.screen(roster, workers=2)
    )
    assert parallel == serial and serial


def test_no_records_no_hits() -> None:
    assert Screener([]).screen_one(Entry("P", ("Alfred Yekatom",))) == []


def test_nomenklatura_person_pairs_f1() -> None:
    path = FIXTURES / "vetting" / "nomenklatura_person_cases.csv"
    tp = fp = fn = 0
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle):
            said = compare_names(row["name1"], row["name2"]) >= NAME_MATCH_THRESHOLD
            truth = row["is_match"] == "true"
            tp += said and truth
            fp += said and not truth
            fn += truth and not said
    f1 = 2 * tp / (2 * tp + fp + fn)
    assert f1 >= F1_FLOOR, f1


# The goal; measured 0.813 (204 true positives, 51 false, 43 missed) at the threshold.
F1_FLOOR = 0.80
