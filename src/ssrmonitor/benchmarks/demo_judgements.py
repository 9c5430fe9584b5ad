"""The demo loader's judgements: where the reading rules alone would misread a report.

One reviewable table. Each row names the indicator (``<record id>#<number>``), quotes the words it
rests on, verbatim from the bundled file (a test checks that each quotation is there), and says
why. The rules are in :mod:`ssrmonitor.benchmarks.demo_values`; ``data/PROVENANCE.md`` lists every
row. To change a reading, change its row here (and its line in ``PROVENANCE.md``).

- :data:`VALUE_JUDGEMENTS`: for one update (indicator and ``as_of``), the value to take, the dates
  it covers or its nature where the rules read them wrong or not at all, or the reason it is
  skipped. What a row leaves as ``None`` comes from the rules.
- :data:`INDICATOR_JUDGEMENTS`: fields of an indicator that the compiler's numeric readings or
  the wording rules get wrong (baseline, target, what the target is).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from enum import StrEnum
from typing import Any

from ssrmonitor.core.progress import TargetBasis, ValueNature

# MINUJUSTH's mandate began on 16 October 2017 (S/RES/2350 (2017); core/data/missions.csv).
MANDATE_START = date(2017, 10, 16)
# The annex of S/2018/527 gives its baselines "as at 2 May 2018".
ANNEX_BASELINE = date(2018, 5, 2)


class SkipKind(StrEnum):
    """Why a judged update is not loaded (the translated reasons are in ``demo_values``)."""

    DIFFERENT_BASE = "different_base"
    NOT_COMPARABLE = "not_comparable"
    UNCLEAR = "unclear"


@dataclass(frozen=True)
class ValueJudgement:
    """How to read one update: a value, dates or nature to use, or a skip; always a reason."""

    indicator: str
    as_of: str
    quotation: str
    reason: str
    value: Decimal | None = None
    start: date | None = None
    end: date | None = None
    nature: ValueNature | None = None
    skip: SkipKind | None = None


@dataclass(frozen=True)
class IndicatorJudgement:
    """Fields of an indicator to set otherwise than the compiler's readings, with the reason."""

    indicator: str
    quotation: str
    reason: str
    fields: Mapping[str, Any] = field(default_factory=dict)


B1, B3, B5, B6, B7, B8, B9 = (f"HT-MINUJUSTH-B{n}#" for n in (1, 3, 5, 6, 7, 8, 9))
_MANDATE = "MINUJUSTH's two-year mandate began on 16 October 2017 (S/RES/2350 (2017))."

VALUE_JUDGEMENTS: tuple[ValueJudgement, ...] = (
    ValueJudgement(
        B6 + "6.4", "2019-09-15",
        "Of the 34 cases, 19 were reported in the Port-au-Prince metropolitan area",
        "The indicator counts kidnappings in the Port-au-Prince metropolitan area; the 34 cases "
        "are the whole country's, 19 of them in that area.",
        value=Decimal(19),
    ),
    ValueJudgement(
        B6 + "6.6", "2019-01-15",
        "1–31 December 2018: 213 cases are investigated",
        "The period is printed '1–31 December 2018' (the compiler notes it). 213 follows 182 "
        "cases for 1 January–18 October 2018 and is read as the count of the whole of 2018: a "
        "December alone with more cases than the nine and a half months before it is not "
        "plausible.",
        start=date(2018, 1, 1), nature=ValueNature.YEAR_TO_DATE,
    ),
    ValueJudgement(
        B3 + "3.1", "2019-09-15",
        "17 October 2017–18 September 2019: 10.44/1,000 inmates (218 deaths registered)",
        "A rate over 23 months from 17 October 2017: it overlaps the baseline year (2017) and "
        "the earlier values, all counted from 1 January 2018, and the report warns of 'changes "
        "in data collection methodology that could have had an impact'. It is not comparable "
        "with the series or the calendar-year baseline (16 in 2017), and it alone would move the "
        "rating; quoted in the indicator's notes, not loaded.",
        skip=SkipKind.NOT_COMPARABLE,
    ),
    ValueJudgement(
        B5 + "5.3", "2019-09-15",
        "163 cases have been sanctioned out of 622 cases of allegations of misconduct",
        "The indicator is the share of confirmed misconduct that was disciplined (baseline: 128 "
        "of 367 confirmed cases in 2017); 26 per cent is of all allegations, confirmed or not.",
        skip=SkipKind.DIFFERENT_BASE,
    ),
    ValueJudgement(
        B5 + "5.4", "2019-09-15",
        "police officers were prosecuted in 15.7 per cent of cases of alleged human rights "
        "violations (47 officers out of 299 investigated cases)",
        "The indicator is the share of confirmed crimes or human rights violations that were "
        "prosecuted; 15.7 per cent counts officers prosecuted against investigated cases of "
        "alleged violations, confirmed or not.",
        skip=SkipKind.DIFFERENT_BASE,
    ),
    ValueJudgement(
        B5 + "5.7", "2019-09-15",
        "none of the 175 personnel (including 18 women) assigned to the General Inspectorate of "
        "the national police were deployed outside the Port-au-Prince metropolitan area",
        "'None of the 175' is 0 per cent of the Inspectorate's staff outside the metropolitan "
        "area; the compiler reads the baseline's 'none of the 198' as 0 the same way.",
        value=Decimal(0),
    ),
    ValueJudgement(
        B7 + "7.2", "2019-09-15",
        "A total of two recommendations of the Ombudsperson implemented by national rule of law "
        "institutions during the two-year mandate of MINUJUSTH",
        "The rules read no number (the text begins 'One recommendation …'); the total is the "
        "indicator's own count, over the mandate. " + _MANDATE,
        value=Decimal(2), start=MANDATE_START, nature=ValueNature.CUMULATIVE,
    ),
    ValueJudgement(
        B9 + "9.3", "2019-09-15",
        "Three reports were prepared and submitted to international human rights mechanisms by "
        "the Government of Haiti during the two-year mandate of MINUJUSTH",
        "The rules read no number (the text begins 'Target achieved …'); the total is the "
        "indicator's own count, over the mandate. " + _MANDATE,
        value=Decimal(3), start=MANDATE_START, nature=ValueNature.CUMULATIVE,
    ),
    ValueJudgement(
        B6 + "6.2", "2019-09-15",
        "7,216 youth at risk, including 3,877 women, cooperating with national police community "
        "policing and law enforcement authorities between 15 May and 15 September 2019",
        "The rules read no number (the text begins 'Target achieved …'). 7,216 is a total over "
        "four months, loaded as such: against the target (500 people, a level by April 2019) it "
        "is shown, not rated.",
        value=Decimal(7216), start=date(2019, 5, 15), nature=ValueNature.FLOW,
    ),
    ValueJudgement(
        "HT-MINUJUSTH-B3#3.3", "2019-09-15",
        "Since 1 January 2018, a total of 148 cadets, including 22 women, have been recruited, "
        "trained and deployed to the Directorate of Prison Administration",
        "The rules read no number here. 148 counts cadets since 1 January 2018, while the "
        "baseline counts 100 recruits of the national police's 29th promotion: whether the 148 "
        "include those 100, and came through the dedicated process the indicator counts, is not "
        "said. Not loaded rather than guessed.",
        skip=SkipKind.UNCLEAR,
    ),
)  # fmt: skip

_REPORTS_TO_SUBMIT = (
    "The target is a number of reports to submit, not a ceiling: with the compiler's readings "
    "(baseline 4, target 2) lower was better, and no report at all would have met it. The four "
    "reports are those of 2016, a span of its own (kept in the baseline's wording); the target "
    "counts the reports submitted from the baseline (2 May 2018, the annex's date) on, so the "
    "count starts at 0 and higher is better."
)
_REPORTS = {
    "target_basis": TargetBasis.CUMULATIVE,
    "baseline_value": Decimal(0),
    "baseline_date": ANNEX_BASELINE,
}

INDICATOR_JUDGEMENTS: tuple[IndicatorJudgement, ...] = (
    IndicatorJudgement(
        B1 + "1.9",
        "July 2017–June 2018: 600 orders issued by investigative judges",
        "The baseline is the total of one year (July 2017–June 2018), so the target (750 orders "
        "issued) is a yearly total too; a total over a longer span is annualised.",
        {"target_basis": TargetBasis.PER_YEAR},
    ),
    IndicatorJudgement(
        B1 + "1.10",
        "October 2016–September 2017: court of first instance of Port-au-Prince adjudicated 613 "
        "penal cases",
        "The baseline is the total of one year (October 2016–September 2017), so the target (800 "
        "penal cases) is a yearly total too; a total over a longer span is annualised.",
        {"target_basis": TargetBasis.PER_YEAR},
    ),
    IndicatorJudgement(
        B8 + "8.1",
        "Two reports prepared and submitted by civil society organizations to international "
        "human rights mechanisms",
        _REPORTS_TO_SUBMIT,
        _REPORTS,
    ),
    IndicatorJudgement(
        B9 + "9.3",
        "Two reports prepared and submitted to international human rights mechanisms by the "
        "Government of Haiti",
        _REPORTS_TO_SUBMIT,
        _REPORTS,
    ),
    IndicatorJudgement(
        B5 + "5.1",
        "All 18 courts of first instance and 5 appeal courts inspected by the Ministry of Justice",
        "The indicator counts both kinds of court ('xx of 18'; 'xx of 5', unit 'courts inspected "
        "of 18 / of 5'), so its target is all 23; the compiler's 18 left out the appeal courts. "
        "The baseline ('Nine of 18 jurisdictions inspected in 2015') names first-instance "
        "jurisdictions only and stays 9.",
        {"target_value": Decimal(23)},
    ),
    IndicatorJudgement(
        B3 + "3.2",
        "Nine out of 18 prisons and four largest national police holding facilities supported by "
        "adequate health-care facilities for inmates",
        "Kept at 9: the indicator and its unit count prisons ('count (prisons of 18)') and every "
        "update counts prisons ('Seven out of 18 prisons'). The four holding facilities are a "
        "second condition of the target that no update reports: a target of 13 would compare a "
        "count of prisons with a count of prisons and holding facilities. The condition stays in "
        "the target's wording.",
        {"target_value": Decimal(9)},
    ),
)


def value_judgement(indicator: str, as_of: str) -> ValueJudgement | None:
    """The judgement of the update of ``indicator`` as at ``as_of``, if there is one."""
    for judgement in VALUE_JUDGEMENTS:
        if (judgement.indicator, judgement.as_of) == (indicator, as_of):
            return judgement
    return None


def indicator_judgements(indicator: str) -> list[IndicatorJudgement]:
    """The judgements of one indicator's fields."""
    return [j for j in INDICATOR_JUDGEMENTS if j.indicator == indicator]
