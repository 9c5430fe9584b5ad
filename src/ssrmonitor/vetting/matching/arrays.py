"""The records' fields as numpy arrays, for bounding many candidates of one person at once.

:meth:`~ssrmonitor.vetting.matching.engine.Screener._ranked` bounds every candidate record of a
person — what its name conflicts must cost, the best its date of birth can give, sex — before
any is scored in full. These arrays (one entry per record, built once per
:class:`~ssrmonitor.vetting.matching.engine.Screener`) let that be a few vectorised operations
instead of a Python loop over the candidates; the weights are those of :mod:`.dates` and
:mod:`.score`, and ``test_matching_arrays`` checks that the bound drops no pair whose full
score reaches "possible" (for names whose agreeing tokens share an index key).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

import numpy as np

from ssrmonitor.vetting.matching.dates import (
    ONE_YEAR_SLIP,
    SAME_DAY,
    SAME_MONTH,
    SAME_MONTH_OTHER_DAY,
    SAME_YEAR,
    SAME_YEAR_OTHER_DAY,
    SWAPPED_DAY_MONTH,
    BirthDate,
    Precision,
)
from ssrmonitor.vetting.matching.entry import Prepared
from ssrmonitor.vetting.matching.score import (
    CONFLICT,
    INITIAL_WEIGHT,
    NATIONALITY_AGREE,
    NATIONALITY_DIFFER,
    SEX_AGREE,
    SEX_DIFFER,
    TokenStats,
)

IntArray = Any  # numpy.ndarray (numpy's own stubs are not required by the type check)
FloatArray = Any
BoolArray = Any
_SEX_CODE = {"": 0, "M": 1, "F": 2}
NO_YEAR = -(10**6)


def against_array(gap: FloatArray) -> FloatArray:
    """:func:`.dates.against` of an array of gaps (years)."""
    return np.where(gap <= 1.0, -1.5, np.where(gap <= 2.0, -3.0, np.where(gap <= 5.0, -5.0, -7.0)))


def date_cap(dates: Sequence[BirthDate]) -> float:
    """The most two overlapping dates of birth can give, by the finer of these dates: an exact
    day (not 1 January) 9, a month 6.5, a year or a range 4.5 (:func:`.dates.compare_one`)."""
    cap = 0.0
    for d in dates:
        if d.precision is Precision.DAY and not d.is_placeholder:
            return SAME_DAY
        cap = max(cap, SAME_MONTH if d.precision is Precision.MONTH else SAME_YEAR)
    return cap


def initials(prepared: Prepared) -> int:
    """The most initials (one-letter tokens) one of the entry's names gives."""
    return max((sum(len(t) == 1 for t in name) for name in prepared.all_names), default=0)


class RecordArrays:
    """Per-record arrays: shortest name, years, exact days, known fields, sex (see module)."""

    def __init__(self, records: Sequence[Prepared]) -> None:
        n = len(records)
        self.shortest = np.array([r.shortest for r in records], dtype=np.int16)
        self.fields = np.array([r.fields for r in records], dtype=np.int8)
        self.initials = np.array([initials(r) for r in records], dtype=np.int16)
        self.date_cap = np.array([date_cap(r.entry.birth_dates) for r in records])
        self.sex = np.array([_SEX_CODE.get(r.sex, 0) for r in records], dtype=np.int8)
        #: Nationalities as numbers (0: unknown).
        self.nationality_codes: dict[str, int] = {}
        for r in records:
            if r.nationality:
                self.nationality_codes.setdefault(r.nationality, len(self.nationality_codes) + 1)
        self.nationality = np.array(
            [self.nationality_codes.get(r.nationality, 0) for r in records], dtype=np.int32
        )
        self.has_years = np.array([r.years is not None for r in records], dtype=bool)
        self.first_year = np.array(
            [r.years[0] if r.years else NO_YEAR for r in records], dtype=np.int32
        )
        self.last_year = np.array(
            [r.years[1] if r.years else NO_YEAR for r in records], dtype=np.int32
        )
        # Exact days (all of the record's dates are exact), padded with the first one.
        width = max((len(r.exact) for r in records), default=0) or 1
        self.has_exact = np.array([bool(r.exact) for r in records], dtype=bool)
        ordinal = np.zeros((n, width), dtype=np.int32)
        ymd = np.zeros((3, n, width), dtype=np.int32)
        for i, r in enumerate(records):
            if r.exact:
                days = list(r.exact) + [r.exact[0]] * (width - len(r.exact))
                ordinal[i] = [d.toordinal() for d in days]
                ymd[0, i] = [d.year for d in days]
                ymd[1, i] = [d.month for d in days]
                ymd[2, i] = [d.day for d in days]
        self.exact_ordinal = ordinal
        self.exact_ymd = ymd
        # Exact days among the dates (1 January aside), padded with -1.
        width = max((len(r.days) for r in records), default=0) or 1
        self.has_days = np.array([bool(r.days) for r in records], dtype=bool)
        self.days = np.full((n, width), -1, dtype=np.int32)
        for i, r in enumerate(records):
            if r.days:
                self.days[i, : len(r.days)] = sorted(r.days)

    def window(self, first: int, last: int, vague_only: bool) -> BoolArray:
        """Records without a date of birth, or whose years meet ``first``…``last`` (only those
        without exact days if ``vague_only``)."""
        meets = self.has_years & (self.first_year <= last) & (self.last_year >= first)
        if vague_only:
            meets &= ~self.has_exact
        result: BoolArray = meets | ~self.has_years
        return result

    def bound(
        self, person: Prepared, rows: IntArray, matched: IntArray, stats: TokenStats
    ) -> FloatArray:
        """The name conflicts, the date of birth and sex terms of the candidates' bounds."""
        out = np.zeros(len(rows), dtype=np.float64)
        # An initial of either side may agree (+0.8) and leave no conflict.
        loose = initials(person) + self.initials[rows]
        out += INITIAL_WEIGHT * loose
        shortest = np.minimum(person.shortest, self.shortest[rows])
        conflicts = shortest - matched.astype(np.int16) - loose
        out += CONFLICT * np.maximum(conflicts, 0)
        years = person.years
        if years is not None:
            has_years = self.has_years[rows]
            exact = np.zeros(len(rows), dtype=bool)
            if person.exact:
                exact = self.has_exact[rows]
                if exact.any():
                    out[exact] += self._day_weight(person, rows[exact])
            vague = has_years & ~exact
            if vague.any():
                picked = rows[vague]
                gap = np.maximum(
                    years[0] - self.last_year[picked], self.first_year[picked] - years[1]
                )
                cap = np.minimum(self.date_cap[picked], date_cap(person.entry.birth_dates))
                if person.days:
                    theirs = self.days[picked]
                    shared = np.zeros(len(picked), dtype=bool)
                    for day in person.days:  # one or two: cheaper than numpy.isin
                        shared |= (theirs == day).any(axis=1)
                    swapped = self.has_days[picked] & ~shared
                    cap = np.where(swapped, np.minimum(cap, SWAPPED_DAY_MONTH), cap)
                weight = np.where(gap > 0, against_array(gap - 1.0), cap)
                out[vague] += weight
        if person.nationality and person.fields & 2:
            # Both known and different: not the most (counted by the caller) but against.
            theirs = self.nationality[rows]
            mine = self.nationality_codes.get(person.nationality, -1)
            most = stats.value_weight("n:" + person.nationality, 0.95, NATIONALITY_AGREE)
            differ = (theirs != 0) & (theirs != mine) & ((self.fields[rows] & 2) != 0)
            out -= differ * (most - NATIONALITY_DIFFER)
        if person.sex:
            code = _SEX_CODE.get(person.sex, 0)
            agree = stats.value_weight("x:" + person.sex, 0.98, SEX_AGREE)
            theirs = self.sex[rows]
            out += np.where(theirs == 0, 0.0, np.where(theirs == code, agree, SEX_DIFFER))
        return out

    def _day_weight(self, person: Prepared, rows: IntArray) -> FloatArray:
        """:func:`.dates.day_weight` of the person's first exact day against each record's
        exact days, the best of them per record."""
        day = person.exact[0]
        ordinal = self.exact_ordinal[rows]
        year, month, dom = self.exact_ymd[0][rows], self.exact_ymd[1][rows], self.exact_ymd[2][rows]
        weight = against_array(np.abs(ordinal - day.toordinal()) / 365.25)
        slip = (month == day.month) & (dom == day.day) & (np.abs(year - day.year) == 1)
        weight = np.where(slip, ONE_YEAR_SLIP, weight)
        same_year = np.where(
            (month == day.day) & (dom == day.month),
            SWAPPED_DAY_MONTH,
            np.where(month == day.month, SAME_MONTH_OTHER_DAY, SAME_YEAR_OTHER_DAY),
        )
        weight = np.where(year == day.year, same_year, weight)
        weight = np.where(ordinal == day.toordinal(), SAME_DAY, weight)
        best: FloatArray = weight.max(axis=1)
        return best
