"""The rules of age assessment at recruitment (pure: no database, no clock, no settings).

Resolution 2553 (OP 8) asks for "effective age assessment mechanisms to prevent underage
recruitment". An assessment gathers **evidence items** (birth certificate, national identity
document, school or baptism record, medical estimate, interview); each gives the interval of
dates of birth it supports (:class:`BirthInterval`). The rules:

1. **Intersection.** The assessed date of birth is the intersection of the items' intervals:
   every item must be true at once. An empty intersection means the items contradict each
   other (**conflicting evidence**) → referral to a child protection officer.
2. **Lowest plausible age (benefit of the doubt).** The age that counts is the age on the
   enlistment date computed from the *latest* plausible date of birth, i.e. the youngest the
   candidate can be. The doubt always goes to the child.
3. **Eligibility.** A candidate is eligible only if the lowest plausible age is 18 or more
   on the enlistment date, and the evidence includes at least one item other than an
   interview (a candidate's own word, or "other", cannot establish adulthood alone:
   **insufficient evidence** → referral).
4. **Under age.** When even the *highest* plausible age (from the earliest plausible date of
   birth) is under 18, every piece of evidence agrees that the candidate is a child: the
   candidate is **not eligible (under age)**. Under UN practice a child found at
   recruitment must be referred to child protection services (separation and reintegration,
   e.g. the DRC age-verification SOPs of 2016 and Afghanistan's 2015 guidelines, factor 5
   "referral to services and reintegration"), so an under-age outcome is a rejection
   **and** a referral (:attr:`Assessment.referral` is true).
5. **Uncertain.** When the lowest plausible age is under 18 but the highest is 18 or more,
   the evidence does not settle the question (**insufficient evidence**): not eligible as it
   stands, and referred to a child protection officer, who may gather more evidence.
6. **No evidence** → referral.

**Ages are exact calendar ages.** A person is ``n`` years old from their ``n``-th birthday
(inclusive). Somebody born on **29 February** has their birthday on 1 March in common years
(:func:`age_on`): in a common year they turn 18 on 1 March, not on 28 February. This is the
later of the two conventions in use, so it errs on the side of the child.

Nothing here decides: :func:`assess` computes the assessment, a person records the decision
(:mod:`ssrmonitor.vetting.services.age`).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, timedelta
from enum import StrEnum
from typing import Any

from django.utils.translation import gettext_lazy as _

from ssrmonitor.vetting.matching.dates import BirthDate, Precision

MINIMUM_AGE = 18


class Rule(StrEnum):
    """Which rule decided (stored in ``AgeAssessment.outcome_reason``)."""

    ELIGIBLE = "lowest_age_18_or_more"
    UNDER_AGE = "highest_age_under_18"
    UNCERTAIN = "uncertain_either_side_of_18"
    CONFLICTING = "conflicting_evidence"
    INTERVIEW_ONLY = "interview_only"
    NO_EVIDENCE = "no_evidence"


RULE_TEXT: dict[Rule, Any] = {
    Rule.ELIGIBLE: _(
        "Eligible: the lowest plausible age on the enlistment date (from the latest plausible "
        "date of birth) is 18 or more."
    ),
    Rule.UNDER_AGE: _(
        "Not eligible: even the highest plausible age on the enlistment date is under 18. "
        "A child found at recruitment is referred to child protection."
    ),
    Rule.UNCERTAIN: _(
        "Insufficient evidence: the candidate may be under 18 on the enlistment date (lowest "
        "plausible age under 18, highest 18 or more). Referred to a child protection officer."
    ),
    Rule.CONFLICTING: _(
        "Conflicting evidence: the items allow no common date of birth. Referred to a child "
        "protection officer."
    ),
    Rule.INTERVIEW_ONLY: _(
        "Insufficient evidence: an interview (or other unverified statement) alone cannot "
        "establish that the candidate is 18. Referred to a child protection officer."
    ),
    Rule.NO_EVIDENCE: _("No evidence recorded. Referred to a child protection officer."),
}


class Verdict(StrEnum):
    """The computed outcome; values equal :class:`~ssrmonitor.vetting.models.AgeOutcome`'s."""

    ELIGIBLE = "eligible"
    UNDER_AGE = "under_age"
    REFERRED = "referred"


# Kinds of evidence that cannot establish adulthood on their own.
WEAK_KINDS = frozenset({"interview", "other"})


def _years_before(day: date, years: int) -> date:
    """``day`` moved back ``years`` calendar years (29 February → 28 February if need be)."""
    target = day.year - years
    try:
        return day.replace(year=target)
    except ValueError:  # 29 February in a common year
        return date(target, 2, 28)


def age_on(birth: date, day: date) -> int:
    """Exact age in completed years on ``day`` of somebody born on ``birth``.

    The birthday of 29 February falls on 1 March in common years: (2, 28) < (2, 29), so the
    year is not yet completed on 28 February.
    """
    return day.year - birth.year - ((day.month, day.day) < (birth.month, birth.day))


def latest_birth_for_age(age: int, on: date) -> date:
    """The latest date of birth of somebody at least ``age`` years old on ``on``."""
    return _years_before(on, age)


def earliest_birth_for_age(age: int, on: date) -> date:
    """The earliest date of birth of somebody at most ``age`` years old on ``on``."""
    return _years_before(on, age + 1) + timedelta(days=1)


@dataclass(frozen=True)
class BirthInterval:
    """The dates of birth an item of evidence allows, both ends included."""

    earliest: date
    latest: date
    precision: Precision = Precision.DAY

    def __post_init__(self) -> None:
        if self.latest < self.earliest:
            raise ValueError("the latest date of birth is before the earliest")

    @classmethod
    def parse(cls, text: str) -> BirthInterval | None:
        """``YYYY-MM-DD``, ``YYYY-MM``, ``YYYY`` or ``YYYY/YYYY``; ``None`` when empty.

        Raises :class:`ValueError` for anything else (or an impossible date).
        """
        found = BirthDate.parse(text)  # the one reader of these forms (screening uses it too)
        return None if found is None else cls(found.earliest, found.latest, found.precision)

    @classmethod
    def from_age(cls, age: int, margin: int, on: date) -> BirthInterval:
        """A medical estimate (or a stated age): ``age`` ± ``margin`` years on ``on``.

        The plausible ages run from ``age − margin`` to ``age + margin`` completed years: the
        latest date of birth makes the candidate exactly ``age − margin`` on ``on``, the
        earliest one day short of ``age + margin + 1``.
        """
        if age < 0 or margin < 0 or margin > age:
            raise ValueError("the age and its margin must be whole years, margin ≤ age")
        return cls(
            earliest_birth_for_age(age + margin, on),
            latest_birth_for_age(age - margin, on),
            Precision.RANGE,
        )

    @classmethod
    def from_json(cls, data: Mapping[str, Any]) -> BirthInterval:
        """From the stored form ``{"earliest", "latest", "precision", …}``."""
        precision = data.get("precision") or Precision.DAY
        return cls(
            date.fromisoformat(str(data["earliest"])),
            date.fromisoformat(str(data["latest"])),
            Precision(precision) if precision in Precision.__members__.values() else Precision.DAY,
        )

    def to_json(self, evidence: str = "") -> dict[str, str]:
        """The stored form (``evidence`` names the kind of item behind it)."""
        return {
            "earliest": self.earliest.isoformat(),
            "latest": self.latest.isoformat(),
            "precision": str(self.precision),
            "evidence": evidence,
        }

    def intersect(self, other: BirthInterval) -> BirthInterval | None:
        """The dates both intervals allow, ``None`` when they do not overlap."""
        earliest = max(self.earliest, other.earliest)
        latest = min(self.latest, other.latest)
        if latest < earliest:
            return None
        narrower = self if self.width <= other.width else other
        same = (narrower.earliest, narrower.latest) == (earliest, latest)
        return BirthInterval(earliest, latest, narrower.precision if same else Precision.RANGE)

    @property
    def width(self) -> timedelta:
        return self.latest - self.earliest

    def lowest_age(self, on: date) -> int:
        """The youngest the person can be on ``on`` (from the latest date of birth)."""
        return age_on(self.latest, on)

    def highest_age(self, on: date) -> int:
        """The oldest the person can be on ``on`` (from the earliest date of birth)."""
        return age_on(self.earliest, on)


@dataclass(frozen=True)
class Item:
    """One evidence item for :func:`assess`: its kind and the interval it supports."""

    kind: str
    interval: BirthInterval


@dataclass(frozen=True)
class Assessment:
    """What the rules conclude; a person still records the decision."""

    verdict: Verdict
    rule: Rule
    interval: BirthInterval | None
    lowest_age: int | None
    highest_age: int | None
    referral: bool

    @property
    def eligible(self) -> bool:
        return self.verdict == Verdict.ELIGIBLE


def intersection(items: Iterable[Item]) -> tuple[BirthInterval | None, bool]:
    """The intersection of the items' intervals, and whether they conflict (empty)."""
    result: BirthInterval | None = None
    for number, item in enumerate(items):
        if number == 0:
            result = item.interval
            continue
        if result is None:
            return None, True
        result = result.intersect(item.interval)
        if result is None:
            return None, True
    return result, False


def assess(items: Iterable[Item], enlistment: date) -> Assessment:
    """Apply the rules of the module docstring to ``items`` for enlistment on ``enlistment``."""
    items = list(items)
    if not items:
        return Assessment(Verdict.REFERRED, Rule.NO_EVIDENCE, None, None, None, True)
    interval, conflicting = intersection(items)
    if conflicting or interval is None:
        return Assessment(Verdict.REFERRED, Rule.CONFLICTING, None, None, None, True)
    lowest = interval.lowest_age(enlistment)
    highest = interval.highest_age(enlistment)
    if highest < MINIMUM_AGE:
        return Assessment(Verdict.UNDER_AGE, Rule.UNDER_AGE, interval, lowest, highest, True)
    if lowest < MINIMUM_AGE:
        return Assessment(Verdict.REFERRED, Rule.UNCERTAIN, interval, lowest, highest, True)
    if all(item.kind in WEAK_KINDS for item in items):
        return Assessment(Verdict.REFERRED, Rule.INTERVIEW_ONLY, interval, lowest, highest, True)
    return Assessment(Verdict.ELIGIBLE, Rule.ELIGIBLE, interval, lowest, highest, False)
