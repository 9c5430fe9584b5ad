"""Candidate generation in arrays (issue 18, items 4 and 5): the vectorised bound drops no pair
that can reach "possible", and survives a missing or shifted date, a dropped middle name, a
repeated name, an initial."""

from __future__ import annotations

import random
from datetime import date

import numpy as np

from ssrmonitor.vetting.matching import BirthDate, Entry, Screener
from ssrmonitor.vetting.matching.arrays import against_array, date_cap
from ssrmonitor.vetting.matching.dates import against, day_weight
from ssrmonitor.vetting.matching.entry import prepare

# Spellings that share an index key (a reading or a skeleton) but not always the same reading.
GIVEN = [
    "Moussa",
    "Musa",
    "Ibrahim",
    "Ibrahima",
    "Amadou",
    "Ahmadou",
    "Fatoumata",
    "Jean",
    "Kavira",
]
FAMILY = [
    "Traore",
    "Traoré",
    "Diallo",
    "Dialo",
    "Mbemba",
    "Kabila",
    "Kavira",
    "Yekatom",
    "Ngaissona",
]
DATES = ["", "1974", "1974-03-02", "1975-03-02", "1974-02-03", "1974-03", "1970/1976", "1990-01-01"]


def _entry(rng: random.Random, key: str) -> Entry:
    tokens = [rng.choice(GIVEN)]
    if rng.random() < 0.5:
        tokens.append(rng.choice(GIVEN)[0] if rng.random() < 0.2 else rng.choice(GIVEN))
    tokens.append(rng.choice(FAMILY))
    text = rng.choice(DATES)
    return Entry(
        key,
        (" ".join(tokens),),
        birth_dates=_dob(text),
        sex=rng.choice(["", "M", "F"]),
        nationality=rng.choice(["", "ML", "CD"]),
        place_of_birth=rng.choice(["", "Bamako", "Goma"]),
        unit=rng.choice(["", "1er bataillon", "2e bataillon"]),
    )


def test_the_bound_drops_no_pair_that_can_reach_possible() -> None:
    rng = random.Random(18)
    records = [_entry(rng, f"R{i}") for i in range(150)]
    persons = [_entry(rng, f"P{i}") for i in range(150)]
    screener = Screener(records)
    possible = screener.thresholds.possible
    missed = []
    reachable = 0
    for person in persons:
        prepared = prepare(person)
        ranked = {row for _, row in screener._ranked(prepared, screener.stats)}
        for row, record in enumerate(screener.records):
            if screener._score(prepared, record, screener.stats)[0] >= possible:
                reachable += 1
                if row not in ranked:
                    missed.append((person.names, record.entry.names))
    assert reachable > 100  # the test exercises the bound
    assert missed == []


def _dob(text: str) -> tuple[BirthDate, ...]:
    parsed = BirthDate.parse(text)
    return (parsed,) if parsed else ()


def test_a_true_pair_survives_a_missing_date_a_dropped_middle_name_and_a_repeated_name() -> None:
    records = [
        Entry("R1", ("Ousmane Bakary Sangare",), birth_dates=_dob("1980-05-02")),
        Entry("R2", ("Kavira wa Kavira",), birth_dates=_dob("2004-04-19")),
        Entry("R3", ("H Oumarou Hadiza",), birth_dates=_dob("1986-11-20")),
        Entry("R4", ("Amadou Bocoum",), birth_dates=_dob("1979-06-11")),
    ]
    records += [Entry(f"X{i}", (f"Kavira Mumbere{i}",)) for i in range(40)]
    screener = Screener(records)
    cases = {
        "missing date, middle name dropped": ("R1", Entry("P1", ("Ousmane Sangare",))),
        "repeated name": ("R2", Entry("P2", ("Kavira Kavira",), birth_dates=_dob("2004-04-19"))),
        "initial": ("R3", Entry("P3", ("Hadiza Oumarou",), birth_dates=_dob("1986-11-20"))),
        "a year off": ("R4", Entry("P4", ("Amadou Bocoum",), birth_dates=_dob("1980-06-11"))),
    }
    for case, (expected, person) in cases.items():
        assert expected in {h.record_id for h in screener.screen_one(person)}, case


def test_vectorised_date_weights_are_the_engines() -> None:
    gaps = [0.0, 0.5, 1.0, 1.5, 2.0, 3.0, 5.0, 5.5, 9.0]
    assert list(against_array(np.array(gaps))) == [against(g) for g in gaps]
    day = date(1974, 3, 2)
    others = [
        date(1974, 3, 2),
        date(1974, 2, 3),
        date(1975, 3, 2),
        date(1974, 3, 9),
        date(1974, 7, 1),
    ]
    records = [
        Entry(f"R{i}", ("Moussa Traore",), birth_dates=(BirthDate.exact(d),))
        for i, d in enumerate(others)
    ]
    screener = Screener(records)
    person = prepare(Entry("P", ("Moussa Traore",), birth_dates=(BirthDate.exact(day),)))
    rows = np.arange(len(records))
    assert list(screener.arrays._day_weight(person, rows)) == [day_weight(day, d) for d in others]
    assert date_cap(_dob("1974")) == 4.5
    assert date_cap(_dob("1974-01-01")) == 4.5  # a 1 January placeholder counts as its year
    assert date_cap(_dob("1974-03")) == 6.5
    assert date_cap(_dob("1974-03-02")) == 9.0
