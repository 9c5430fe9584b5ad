"""The demo loader reads each value's date, span and nature from its own quotation (pure rules).

The texts are verbatim from the bundled file; the loaded file is checked in ``test_demo_cases``
and ``test_demo_fidelity``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ssrmonitor.benchmarks import demo_values as values
from ssrmonitor.benchmarks.demo_dates import Span, baseline_date, parse_span, quoted_span
from ssrmonitor.benchmarks.tests.demo_records import INDICATORS
from ssrmonitor.core.progress import TargetBasis, ValueNature

D = date


@pytest.mark.parametrize(
    ("text", "as_of_year", "expected"),
    [
        ("As at 9 July 2019: 63.3 per cent (2,087 out of 3,295 detainees)", 2019,
         Span(None, D(2019, 7, 9))),
        ("16 July 2018: 61.6 per cent (2,320 of 3,764)", 2018, Span(None, D(2018, 7, 16))),
        ("15 October: 63.6 per cent (2,346 out of 3,690)", 2018, Span(None, D(2018, 10, 15))),
        ("31 December 2018: 64.9 per cent (2,408 out of 3,705)", 2019,
         Span(None, D(2018, 12, 31))),
        ("1 January–16 September 2019: 190 cases have been reported and investigated", 2019,
         Span(D(2019, 1, 1), D(2019, 9, 16))),
        ("October 2017–August 2019: 1,382 new cases processed in real time", 2019,
         Span(D(2017, 10, 1), D(2019, 8, 31))),
        ("October 2017–December 2018: 595 new cases processed in real time", 2019,
         Span(D(2017, 10, 1), D(2018, 12, 31))),
        ("2018 (From January to 19 July): 130 cases investigated", 2018,
         Span(D(2018, 1, 1), D(2018, 7, 19))),
        ("1 January to 15 July 2018: 8/1,000 inmates (52 deaths registered)", 2018,
         Span(D(2018, 1, 1), D(2018, 7, 15))),
        ("1 January 2018 to 15 January 2019: 12.9/1,000 inmates", 2019,
         Span(D(2018, 1, 1), D(2019, 1, 15))),
        ("17 October 2017–18 September 2019: 10.44/1,000 inmates", 2019,
         Span(D(2017, 10, 17), D(2019, 9, 18))),
        ("1–31 December 2018: 213 cases are investigated", 2019,
         Span(D(2018, 12, 1), D(2018, 12, 31))),  # as printed; judged to be all of 2018
        ("For the period from 1 March to 15 September 2019, 339 operations (…) (88.5 per cent)",
         2019, Span(D(2019, 3, 1), D(2019, 9, 15))),
        ("As at 15 September 2019, none of the 175 personnel", 2019, Span(None, D(2019, 9, 15))),
        # No date of their own: as at the update's date.
        ("Current implementation rate: 27.6 per cent", 2019, None),
        ("3 – Law … published in the official gazette on 26 October", 2019, None),
        ("(a) Criminal Code: not yet adopted; (b) …", 2019, None),
        ("Seven out of 18 prisons supported by functioning health services", 2018, None),
        ("1.32 (reduction owing to dismissals, deaths and resignations of police officers)",
         2018, None),
    ],
)  # fmt: skip
def test_a_quotation_names_its_own_date_or_span(
    text: str, as_of_year: int, expected: Span | None
) -> None:
    assert quoted_span(text, as_of_year) == expected


@pytest.mark.parametrize("words", ["31 February 2019", "2010-2011", "Target for 2021", ""])
def test_words_that_are_not_a_date_are_not_read_as_one(words: str) -> None:
    assert parse_span(words, 2019) is None


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("July 2016–June 2017: 695 of 1,560 new cases processed in real time", D(2017, 6, 30)),
        ("14 Nov. 2017: 62.2 per cent of detainees at civil prison of Port-au-Prince",
         D(2017, 11, 14)),
        ("2017: 60", D(2017, 12, 31)),
        ("In 2017, ratio reached 1.36. Target for 2021 set at 1.51", D(2017, 12, 31)),
        ("16/1,000 inmates in 2017", D(2017, 12, 31)),
        ("General Inspectorate of the national police: in 2017, 35 per cent of confirmed "
         "misconduct disciplined (128/367)", D(2017, 12, 31)),
        ("June 2017: none of the 198 personnel", D(2017, 6, 30)),
        ("Nine of 18 jurisdictions inspected in 2015", D(2015, 12, 31)),
        ("2017 report not yet finalized", None),
        ("General Inspectorate of the national police: estimated 80 per cent", None),
        ("Superior Council of the Judiciary: 9/9 (2 women); Court of Cassation: 6/12 (1 woman)",
         None),
    ],
)  # fmt: skip
def test_a_baseline_is_dated_by_the_period_its_wording_names(
    text: str, expected: date | None
) -> None:
    assert baseline_date(text) == expected


@pytest.mark.parametrize(
    ("start", "end", "kind", "unit", "nature"),
    [
        (None, D(2019, 7, 9), "percentage", "percent", ValueNature.STOCK),
        (None, D(2019, 9, 15), "quantitative", "count (units of 13)", ValueNature.STOCK),
        (D(2019, 1, 1), D(2019, 9, 16), "quantitative", "count (per year)",
         ValueNature.YEAR_TO_DATE),
        (D(2017, 10, 1), D(2019, 8, 31), "quantitative", "count (case files)", ValueNature.FLOW),
        (D(2018, 1, 1), D(2019, 5, 15), "quantitative", "rate per 1,000 inmates",
         ValueNature.RATE),
        (D(2018, 1, 1), D(2018, 7, 19), "quantitative", "rate per 100,000 population",
         ValueNature.RATE),  # a rate since 1 January stays a rate
        (D(2018, 1, 1), D(2019, 8, 31), "percentage", "percent", ValueNature.RATE),
    ],
)  # fmt: skip
def test_the_nature_follows_the_span_and_the_unit(
    start: date | None, end: date, kind: str, unit: str, nature: ValueNature
) -> None:
    assert values.nature_of(start, end, kind, unit) == nature


def test_targets_per_year_are_those_the_wording_says_are() -> None:
    per_year = sorted(
        key for key, item in INDICATORS.items() if values.target_basis(item) == "per_year"
    )
    assert per_year == [
        "HT-MINUJUSTH-B1#1.7",  # note: "Target reads '… per year' in S/2019/198."
        "HT-MINUJUSTH-B6#6.4",  # unit "count (per year)"
        "HT-MINUJUSTH-B6#6.5",
        "HT-MINUJUSTH-B6#6.6",
    ]
    annual_report = INDICATORS["HT-MINUJUSTH-B10#10.1"]
    assert "annual report" in annual_report["target"]
    assert values.target_basis(annual_report) == TargetBasis.AT_DATE


def test_of_two_values_of_the_same_month_the_later_is_kept() -> None:
    item = INDICATORS["HT-MINUJUSTH-B1#1.8"]
    readings = values.read_updates("HT-MINUJUSTH-B1#1.8", "percentage", "percent", item["updates"])
    assert [(str(r.period), r.value, r.coverage.end, r.skip) for r in readings] == [
        ("2018-07", Decimal("61.6"), D(2018, 7, 16), ""),
        ("2018-10", Decimal("63.6"), D(2018, 10, 15), ""),
        ("2018-12", Decimal("64.9"), D(2018, 12, 31), ""),
        ("2019-07", Decimal("63.3"), D(2019, 7, 9), "same_month"),
        ("2019-07", Decimal("63.7"), D(2019, 7, 31), ""),
    ]
    assert readings[3].detail == "2019-07: 2019-07-09 (kept: 2019-07-31)"


def test_an_update_without_a_date_of_its_own_is_as_at_its_update() -> None:
    item = INDICATORS["HT-MINUJUSTH-B4#4.2"]
    first = values.read_update(
        "HT-MINUJUSTH-B4#4.2", "quantitative", item["unit"], item["updates"][0]
    )
    assert (first.value, first.period and str(first.period)) == (Decimal("1.32"), "2018-07")
    assert first.coverage == values.Coverage(None, D(2018, 7, 15), ValueNature.STOCK)
    month_only = INDICATORS["BA-UNMIBH-police-reform#2"]["updates"][0]
    assert month_only["as_of"] == "2002-06"
    reading = values.read_update(
        "BA-UNMIBH-police-reform#2", "quantitative", "officers", month_only
    )
    assert reading.value == 17047
    assert reading.coverage == values.Coverage(None, None, ValueNature.STOCK)  # the month's end
    assert str(reading.period) == "2002-06"
