"""The misreadings of issue 16, one test per case: what the demo now loads, or skips and why.

Each case is a row of the issue's table (MINUJUSTH, S/2018/527); the values are checked on the
whole bundled file as loaded, and rated as the pages rate them.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ssrmonitor.benchmarks.demo import LoadSummary
from ssrmonitor.benchmarks.models import Direction, Indicator, Measurement
from ssrmonitor.benchmarks.selectors import progress_of
from ssrmonitor.benchmarks.tests import demo_records
from ssrmonitor.core.progress import Progress, Rating, TargetBasis, Trend, ValueNature

pytestmark = pytest.mark.django_db

loaded = demo_records.loaded
D = date
ID = "HT-MINUJUSTH-B{}#{}".format
STOCK, FLOW, YTD, RATE = (ValueNature.STOCK, ValueNature.FLOW, ValueNature.YEAR_TO_DATE,
                          ValueNature.RATE)  # fmt: skip
Row = tuple[str, str, str, date | None, date, str]  # symbol, period, value, start, end, nature


def values_of(indicator: str) -> list[Row]:
    return [
        (m.source_document, str(m.period), f"{m.value.normalize():f}", m.coverage_start,
         m.coverage_end, m.nature)
        for m in Measurement.objects.filter(indicator__external_id=indicator)
    ]  # fmt: skip


def progress(indicator: str) -> Progress:
    item = Indicator.objects.get(external_id=indicator)
    return progress_of([item])[item.pk]


def skip_of(summary: LoadSummary, indicator: str, as_of: str) -> tuple[str, str]:
    (found,) = [s for s in summary.skipped if s.item == f"{indicator} as at {as_of}"]
    return found.reason, found.detail


class TestTheCasesOfTheIssue:
    def test_1_7_sums_over_15_and_23_months_are_flows_annualised_and_not_on_track(
        self, loaded: LoadSummary
    ) -> None:
        assert values_of(ID(1, "1.7")) == [
            ("S/2019/198", "2018-12", "595", D(2017, 10, 1), D(2018, 12, 31), FLOW),
            ("S/2019/805", "2019-08", "1382", D(2017, 10, 1), D(2019, 8, 31), FLOW),
        ]
        indicator = Indicator.objects.get(external_id=ID(1, "1.7"))
        assert indicator.target_basis == TargetBasis.PER_YEAR  # "Target reads '… per year'"
        found = progress(ID(1, "1.7"))
        assert found.annualised and found.latest is not None
        assert found.latest.value == Decimal("720.6")  # 1,382 × 365 / 700 days
        assert found.rating != Rating.ON_TRACK  # was "654 % On track"

    def test_1_9_orders_over_23_months_are_about_402_a_year_not_on_track(
        self, loaded: LoadSummary
    ) -> None:
        assert values_of(ID(1, "1.9")) == [
            ("S/2019/805", "2019-08", "771", D(2017, 10, 1), D(2019, 8, 31), FLOW),
        ]
        found = progress(ID(1, "1.9"))
        assert found.latest is not None and found.latest.value == Decimal("402.0")
        assert found.annualised and found.rating == Rating.OFF_TRACK  # was "114 % On track"

    def test_1_10_penal_cases_over_23_months_are_about_319_a_year(
        self, loaded: LoadSummary
    ) -> None:
        assert values_of(ID(1, "1.10")) == [
            ("S/2019/805", "2019-08", "611", D(2017, 10, 1), D(2019, 8, 31), FLOW),
        ]
        found = progress(ID(1, "1.10"))
        assert found.latest is not None and found.latest.value == Decimal("318.6")
        assert found.annualised

    def test_6_4_takes_the_port_au_prince_part_of_the_34_cases(self, loaded: LoadSummary) -> None:
        assert values_of(ID(6, "6.4")) == [
            ("S/2019/805", "2019-09", "19", D(2019, 1, 1), D(2019, 9, 15), YTD),
        ]
        notes = Indicator.objects.get(external_id=ID(6, "6.4")).notes
        assert "the 34 cases are the whole country's, 19 of them in that area" in notes

    def test_6_6_and_6_5_are_year_to_date_counts_against_yearly_targets(
        self, loaded: LoadSummary
    ) -> None:
        assert values_of(ID(6, "6.6")) == [
            ("S/2018/795", "2018-07", "130", D(2018, 1, 1), D(2018, 7, 19), YTD),
            ("S/2018/1059", "2018-10", "182", D(2018, 1, 1), D(2018, 10, 18), YTD),
            # Printed "1–31 December 2018": judged to be the whole of 2018.
            ("S/2019/198", "2018-12", "213", D(2018, 1, 1), D(2018, 12, 31), YTD),
            ("S/2019/563", "2019-06", "136", D(2019, 1, 1), D(2019, 6, 30), YTD),
            ("S/2019/805", "2019-09", "190", D(2019, 1, 1), D(2019, 9, 16), YTD),
        ]
        assert values_of(ID(6, "6.5")) == [
            ("S/2019/805", "2019-09", "50", D(2019, 1, 1), D(2019, 9, 15), YTD),
        ]
        found = progress(ID(6, "6.6"))
        # 213 (2018) → 136 in half a year → 190 in eight and a half months: no longer worsening.
        assert found.trend == Trend.IMPROVING and found.annualised
        assert found.latest is not None and found.latest.value == Decimal("267.8")
        latest = progress(ID(6, "6.5")).latest
        assert latest is not None and latest.value == Decimal("70.7")  # 50 × 365 / 258 days

    def test_1_8_and_6_6_are_filed_under_the_month_of_their_own_date(
        self, loaded: LoadSummary
    ) -> None:
        assert values_of(ID(1, "1.8"))[2:] == [
            ("S/2019/198", "2018-12", "64.9", None, D(2018, 12, 31), STOCK),
            ("S/2019/805", "2019-07", "63.7", None, D(2019, 7, 31), STOCK),  # "As at 31 July"
        ]
        reason, detail = skip_of(loaded, ID(1, "1.8"), "2019-05-15")  # "As at 9 July 2019"
        assert reason == "a value of a later date in the same month is kept"
        assert detail == "2019-07: 2019-07-09 (kept: 2019-07-31)"
        assert ("S/2019/563", "2019-06", "136", D(2019, 1, 1), D(2019, 6, 30), YTD) in values_of(
            ID(6, "6.6")
        )  # "1 January–30 June 2019", in a report whose updates are "as at 15 May"

    def test_3_1_rate_over_23_months_with_a_new_method_is_skipped_with_the_reason(
        self, loaded: LoadSummary
    ) -> None:
        reason, detail = skip_of(loaded, ID(3, "3.1"), "2019-09-15")
        assert reason == "judged: span and method not comparable with the series"
        assert "changes in data collection methodology" in detail
        assert [row[1:] for row in values_of(ID(3, "3.1"))] == [
            ("2018-07", "8", D(2018, 1, 1), D(2018, 7, 15), RATE),
            ("2018-10", "11.8", D(2018, 1, 1), D(2018, 10, 15), RATE),
            ("2019-01", "12.9", D(2018, 1, 1), D(2019, 1, 15), RATE),
            ("2019-05", "12", D(2018, 1, 1), D(2019, 5, 15), RATE),
        ]
        notes = Indicator.objects.get(external_id=ID(3, "3.1")).notes
        assert "17 October 2017–18 September 2019: 10.44/1,000 inmates" in notes

    @pytest.mark.parametrize("number", ["5.3", "5.4"])
    def test_5_3_and_5_4_count_another_base_and_are_skipped(
        self, loaded: LoadSummary, number: str
    ) -> None:
        reason, detail = skip_of(loaded, ID(5, number), "2019-09-15")
        assert reason == "judged: a different base from the indicator's"
        assert "confirmed" in detail
        assert values_of(ID(5, number)) == []
        assert progress(ID(5, number)).rating == Rating.NO_DATA

    @pytest.mark.parametrize("number", ["8.1", "9.3"])
    def test_8_1_and_9_3_reports_to_submit_are_higher_is_better(
        self, loaded: LoadSummary, number: str
    ) -> None:
        indicator = Indicator.objects.get(external_id=ID(number.split(".")[0], number))
        assert indicator.direction == Direction.INCREASE  # was lower-is-better (4 → 2)
        assert (indicator.baseline_value, indicator.target_value) == (0, 2)
        assert indicator.target_basis == TargetBasis.CUMULATIVE
        assert indicator.baseline_date == D(2018, 5, 2)
        assert indicator.baseline_text.startswith("2016: four reports")  # verbatim

    def test_9_3_three_reports_over_the_mandate_meet_the_target(self, loaded: LoadSummary) -> None:
        assert values_of(ID(9, "9.3")) == [
            ("S/2019/805", "2019-09", "3", D(2017, 10, 16), D(2019, 9, 15), "cumulative"),
        ]
        assert progress(ID(9, "9.3")).rating == Rating.ON_TRACK

    def test_5_1_target_counts_both_kinds_of_court_and_3_2_keeps_its_prisons(
        self, loaded: LoadSummary
    ) -> None:
        courts = Indicator.objects.get(external_id=ID(5, "5.1"))
        assert (courts.baseline_value, courts.target_value) == (9, 23)
        assert "so its target is all 23" in courts.notes
        prisons = Indicator.objects.get(external_id=ID(3, "3.2"))
        assert prisons.target_value == 9
        assert "a target of 13 would compare a count of prisons" in prisons.notes

    def test_every_minujusth_baseline_is_dated_by_its_wording(self, loaded: LoadSummary) -> None:
        worded = {
            "1.7": D(2017, 6, 30), "1.8": D(2017, 11, 14), "1.9": D(2018, 6, 30),
            "1.10": D(2017, 9, 30), "3.1": D(2017, 12, 31), "4.2": D(2017, 12, 31),
            "4.3": D(2017, 12, 31), "4.4": D(2017, 12, 31), "5.1": D(2015, 12, 31),
            "5.3": D(2017, 12, 31), "5.4": D(2017, 12, 31), "5.7": D(2017, 6, 30),
            "6.1": D(2013, 12, 31), "6.3": D(2017, 12, 31), "6.4": D(2017, 12, 31),
            "6.5": D(2017, 12, 31), "6.6": D(2017, 12, 31), "7.1": D(2017, 12, 31),
            "7.2": D(2017, 12, 31), "8.2": D(2017, 12, 31), "9.2": D(2018, 6, 30),
        }  # fmt: skip
        dates = dict(
            Indicator.objects.filter(benchmark__framework__mission__acronym="MINUJUSTH")
            .values_list("code", "baseline_date")
        )  # fmt: skip
        assert len(dates) == 46
        # The others name no period (or, 8.1 and 9.3, count from the annex's date): 2 May 2018.
        assert dates == {code: worded.get(code, D(2018, 5, 2)) for code in dates}
