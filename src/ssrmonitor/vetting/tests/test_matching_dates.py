"""Dates of birth as intervals: parsing and the evidence for or against one identity."""

from __future__ import annotations

from datetime import date

import pytest

from ssrmonitor.vetting.matching import BirthDate, Precision
from ssrmonitor.vetting.matching.dates import compare_birth_dates, compare_one


def d(text: str) -> BirthDate:
    parsed = BirthDate.parse(text)
    assert parsed is not None
    return parsed


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("1980-05-02", date(1980, 5, 2), date(1980, 5, 2), Precision.DAY),
        ("1980-02", date(1980, 2, 1), date(1980, 2, 29), Precision.MONTH),
        ("1980", date(1980, 1, 1), date(1980, 12, 31), Precision.YEAR),
        ("1980/1982", date(1980, 1, 1), date(1982, 12, 31), Precision.RANGE),
    ],
)
def test_parse(text: str, earliest: date, latest: date, precision: Precision) -> None:
    assert BirthDate.parse(text) == BirthDate(earliest, latest, precision)


def test_empty_is_unknown() -> None:
    assert BirthDate.parse("  ") is None


@pytest.mark.parametrize("text", ["1980-13", "1980-02-30", "82", "1982/1980", "May 1980"])
def test_bad_dates_are_refused(text: str) -> None:
    with pytest.raises(ValueError):
        BirthDate.parse(text)


def test_json_round_trip() -> None:
    value = d("1980/1982")
    assert value.to_json() == {
        "earliest": "1980-01-01",
        "latest": "1982-12-31",
        "precision": "range",
    }
    assert BirthDate.from_json(value.to_json()) == value


def test_same_day_is_strong_evidence_for() -> None:
    weight, detail = compare_one(d("1974-05-02"), d("1974-05-02"))
    assert weight == 9.0 and detail == "1974-05-02 = 1974-05-02"


def test_year_only_against_an_exact_date_in_that_year_counts_as_a_year() -> None:
    assert compare_one(d("1974"), d("1974-05-02"))[0] == 4.5
    assert compare_one(d("1974-05"), d("1974-05-02"))[0] == 6.5


def test_a_range_gives_less_the_wider_it_is() -> None:
    narrow = compare_one(d("1974"), d("1973/1975"))
    wide = compare_one(d("1974"), d("1965/1984"))
    assert 0 < wide[0] < narrow[0] < 3.0
    assert narrow[1] == "1974 within 1973/1975"


def test_first_of_january_counts_as_the_year_only() -> None:
    assert compare_one(d("1974-01-01"), d("1974-06-07"))[0] == 4.5
    assert compare_one(d("1974-01-01"), d("1974-01-01"))[0] == 4.5


def test_day_month_swap_is_evidence_for_but_less() -> None:
    weight, detail = compare_one(d("1974-05-02"), d("1974-02-05"))
    assert 0 < weight < 9.0 and "swapped" in detail


def test_one_year_slip_of_the_same_day_is_evidence_for() -> None:
    assert 0 < compare_one(d("1974-05-02"), d("1975-05-02"))[0] < 9.0


def test_contradictory_dates_are_evidence_against_growing_with_the_gap() -> None:
    close = compare_one(d("1974"), d("1976"))[0]
    far = compare_one(d("1960-03-04"), d("1980-03-04"))[0]
    assert far < close < 0


def test_close_years_are_only_weak_evidence_against() -> None:
    assert -1.5 <= compare_one(d("1974-12-20"), d("1975-03-01"))[0] < 0


def test_two_exact_dates_of_the_same_year_are_weak_evidence_for() -> None:
    assert (
        0 < compare_one(d("1974-03-20"), d("1974-11-02"))[0] < compare_one(d("1974"), d("1974"))[0]
    )


def test_the_best_of_several_listed_dates_counts() -> None:
    weight, _ = compare_birth_dates((d("1961-03-13"),), (d("1980"), d("1961-03-13")))
    assert weight == 9.0


def test_unknown_on_either_side_is_no_evidence() -> None:
    assert compare_birth_dates((), (d("1980"),)) == (0.0, "unknown")
