"""The pure rules of age assessment: calendar ages, intervals, intersection, the decision."""

from __future__ import annotations

from datetime import date

import pytest

from ssrmonitor.vetting.age import (
    BirthInterval,
    Item,
    Precision,
    Rule,
    Verdict,
    age_on,
    assess,
    earliest_birth_for_age,
    latest_birth_for_age,
)

ENLIST = date(2026, 6, 15)


def doc(text: str, kind: str = "birth_certificate") -> Item:
    interval = BirthInterval.parse(text)
    assert interval is not None
    return Item(kind, interval)


# --- calendar arithmetic --------------------------------------------------------------------


def test_age_is_completed_years() -> None:
    assert age_on(date(2008, 6, 15), date(2026, 6, 15)) == 18
    assert age_on(date(2008, 6, 16), date(2026, 6, 15)) == 17
    assert age_on(date(2008, 6, 14), date(2026, 6, 15)) == 18


def test_29_february_birthday_falls_on_1_march_in_common_years() -> None:
    born = date(2008, 2, 29)
    assert age_on(born, date(2026, 2, 28)) == 17
    assert age_on(born, date(2026, 3, 1)) == 18
    assert age_on(born, date(2028, 2, 29)) == 20  # a leap year: the day itself


def test_birth_bounds_for_an_age_on_29_february() -> None:
    leap_day = date(2024, 2, 29)
    assert latest_birth_for_age(18, leap_day) == date(2006, 2, 28)
    assert age_on(date(2006, 2, 28), leap_day) == 18
    assert age_on(date(2006, 3, 1), leap_day) == 17
    assert earliest_birth_for_age(18, leap_day) == date(2005, 3, 1)
    assert age_on(date(2005, 3, 1), leap_day) == 18
    assert age_on(date(2005, 2, 28), leap_day) == 19


# --- parsing --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "earliest", "latest", "precision"),
    [
        ("2008-06-15", date(2008, 6, 15), date(2008, 6, 15), Precision.DAY),
        ("2008-02", date(2008, 2, 1), date(2008, 2, 29), Precision.MONTH),
        ("2007-12", date(2007, 12, 1), date(2007, 12, 31), Precision.MONTH),
        ("2008", date(2008, 1, 1), date(2008, 12, 31), Precision.YEAR),
        ("2005/2008", date(2005, 1, 1), date(2008, 12, 31), Precision.RANGE),
    ],
)
def test_parse_forms(text: str, earliest: date, latest: date, precision: Precision) -> None:
    assert BirthInterval.parse(text) == BirthInterval(earliest, latest, precision)


@pytest.mark.parametrize("text", ["2008-13-01", "2007-02-29", "08", "2008/2005", "soon"])
def test_parse_refuses_nonsense(text: str) -> None:
    with pytest.raises(ValueError, match=r".+"):
        BirthInterval.parse(text)


def test_parse_empty_is_none() -> None:
    assert BirthInterval.parse("  ") is None


def test_json_round_trip() -> None:
    interval = BirthInterval(date(2001, 1, 1), date(2001, 12, 31), Precision.YEAR)
    assert BirthInterval.from_json(interval.to_json("school_record")) == interval
    assert interval.to_json("x")["evidence"] == "x"


def test_medical_estimate_with_margin() -> None:
    examined = date(2026, 6, 1)
    interval = BirthInterval.from_age(19, 2, examined)
    # 17 to 21 completed years on the day of the examination
    assert interval.lowest_age(examined) == 17
    assert interval.highest_age(examined) == 21
    assert interval.latest == date(2009, 6, 1)  # exactly 17 on the day
    assert interval.earliest == date(2004, 6, 2)  # one day short of 22
    with pytest.raises(ValueError, match="margin"):
        BirthInterval.from_age(3, 5, examined)


# --- the decision ---------------------------------------------------------------------------


def test_17_years_364_days_is_not_eligible() -> None:
    result = assess([doc("2008-06-16")], ENLIST)
    assert result.verdict == Verdict.UNDER_AGE
    assert result.rule == Rule.UNDER_AGE
    assert result.lowest_age == 17
    assert result.referral  # a child found is referred to child protection


def test_exactly_18_on_the_enlistment_day_is_eligible() -> None:
    result = assess([doc("2008-06-15")], ENLIST)
    assert result.verdict == Verdict.ELIGIBLE
    assert result.rule == Rule.ELIGIBLE
    assert result.lowest_age == 18
    assert not result.referral


def test_year_only_uses_31_december() -> None:
    # born "2008": latest 2008-12-31, so under 18 on 15 June 2026 at the youngest, but up to
    # 18 at the oldest (born 1 January 2008): uncertain, referred
    result = assess([doc("2008", "national_id")], ENLIST)
    assert result.interval is not None
    assert result.interval.latest == date(2008, 12, 31)
    assert result.lowest_age == 17
    assert result.highest_age == 18
    assert result.verdict == Verdict.REFERRED
    assert result.rule == Rule.UNCERTAIN


def test_year_only_eligible_once_31_december_is_18() -> None:
    assert assess([doc("2008", "national_id")], date(2026, 12, 31)).verdict == Verdict.ELIGIBLE
    assert assess([doc("2008", "national_id")], date(2026, 12, 30)).verdict == Verdict.REFERRED


def test_range_judged_by_its_latest_end() -> None:
    assert assess([doc("2000/2007", "school_record")], ENLIST).verdict == Verdict.ELIGIBLE
    assert assess([doc("2000/2008", "school_record")], ENLIST).rule == Rule.UNCERTAIN
    assert assess([doc("2009/2010", "school_record")], ENLIST).verdict == Verdict.UNDER_AGE


def test_intersection_narrows_to_the_common_dates() -> None:
    # a school record says 2007 or 2008; the certificate gives the day; together: the day
    items = [doc("2007/2008", "school_record"), doc("2007-03", "baptism_record")]
    result = assess(items, ENLIST)
    assert result.interval == BirthInterval(date(2007, 3, 1), date(2007, 3, 31), Precision.MONTH)
    assert result.verdict == Verdict.ELIGIBLE


def test_intersection_can_make_an_uncertain_candidate_eligible() -> None:
    year_only = doc("2008", "national_id")
    assert assess([year_only], ENLIST).verdict == Verdict.REFERRED
    early = Item("school_record", BirthInterval(date(2008, 1, 1), date(2008, 5, 31)))
    result = assess([year_only, early], ENLIST)
    assert result.verdict == Verdict.ELIGIBLE
    assert result.interval == BirthInterval(date(2008, 1, 1), date(2008, 5, 31), Precision.DAY)


def test_conflicting_items_are_referred() -> None:
    result = assess([doc("2001-04-02"), doc("2009", "school_record")], ENLIST)
    assert result.verdict == Verdict.REFERRED
    assert result.rule == Rule.CONFLICTING
    assert result.interval is None
    assert result.referral


def test_conflict_found_after_a_first_overlap() -> None:
    items = [doc("2000/2005", "school_record"), doc("2003"), doc("2004", "national_id")]
    assert assess(items, ENLIST).rule == Rule.CONFLICTING


def test_interview_alone_cannot_establish_adulthood() -> None:
    said = Item("interview", BirthInterval.from_age(22, 0, date(2026, 6, 1)))
    result = assess([said], ENLIST)
    assert result.lowest_age is not None and result.lowest_age >= 18
    assert result.verdict == Verdict.REFERRED
    assert result.rule == Rule.INTERVIEW_ONLY


def test_interview_saying_child_is_under_age() -> None:
    said = Item("interview", BirthInterval.from_age(15, 0, date(2026, 6, 1)))
    result = assess([said], ENLIST)
    assert result.verdict == Verdict.UNDER_AGE
    assert result.referral


def test_medical_estimate_margin_gives_the_benefit_of_the_doubt() -> None:
    examined = date(2026, 6, 1)
    # 20 ± 1: 19 at the youngest, eligible
    assert assess(
        [Item("medical_estimate", BirthInterval.from_age(20, 1, examined))], ENLIST
    ).eligible
    # 19 ± 2: 17 at the youngest, 21 at the oldest: uncertain, referred
    result = assess([Item("medical_estimate", BirthInterval.from_age(19, 2, examined))], ENLIST)
    assert result.rule == Rule.UNCERTAIN
    # with an interview the medical estimate still decides (interview is not alone)
    items = [
        Item("medical_estimate", BirthInterval.from_age(20, 1, examined)),
        Item("interview", BirthInterval.from_age(19, 0, examined)),
    ]
    assert assess(items, ENLIST).eligible


def test_no_evidence_is_referred() -> None:
    result = assess([], ENLIST)
    assert result.verdict == Verdict.REFERRED
    assert result.rule == Rule.NO_EVIDENCE


def test_29_february_candidate_on_28_february_is_under_age() -> None:
    born = doc("2008-02-29")
    assert assess([born], date(2026, 2, 28)).verdict == Verdict.UNDER_AGE
    assert assess([born], date(2026, 3, 1)).verdict == Verdict.ELIGIBLE


def test_interval_refuses_reversed_ends() -> None:
    with pytest.raises(ValueError, match="before"):
        BirthInterval(date(2008, 1, 2), date(2008, 1, 1))
