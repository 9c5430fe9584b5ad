"""Every value the demo loads is the report's: its number is in its quotation and its dates are
the quotation's. Checked over all loaded values, by means independent of the loader's rules.
"""

from __future__ import annotations

import calendar
import re
from datetime import date
from decimal import Decimal

import pytest

from ssrmonitor.benchmarks import demo_judgements as judgements
from ssrmonitor.benchmarks.demo import LoadSummary, describe
from ssrmonitor.benchmarks.models import IndicatorKind, Measurement
from ssrmonitor.benchmarks.tests import demo_records
from ssrmonitor.benchmarks.tests.demo_records import INDICATORS, PROVENANCE
from ssrmonitor.core.progress import ValueNature

pytestmark = pytest.mark.django_db

loaded = demo_records.loaded
# fmt: off
WORDS = {
    "none": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13,
}
# fmt: on
MONTH = "(" + "|".join(calendar.month_name[1:]) + ")"
# A quotation that begins with its own date: "16 July 2018:", "1–31 December 2018:", "October
# 2017–…", "2018 (From January …)", "As at 9 July 2019", "For the period from 1 March …".
LEADING_DATE = re.compile(
    r"(As at |For the period from )?(\d{1,2}\s*([–-]\s*\d{1,2}\s*)?" + MONTH + r"|\d{4}\s*\(|"
    + MONTH + r")"
)  # fmt: skip


def numbers_in(text: str) -> set[Decimal]:
    """The numbers a text states: figures (``1,382`` is 1382) and number words (``Seven``)."""
    figures = re.findall(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:\.\d+)?", text)
    found = {Decimal(figure.replace(",", "")) for figure in figures}
    words = re.findall(r"[a-z]+", text.lower())
    return found | {Decimal(WORDS[word]) for word in words if word in WORDS}


def named(day: date, text: str, *, first: bool, year: int) -> bool:
    """Whether ``text`` names ``day`` as the first or last day of what it covers."""
    month = calendar.month_name[day.month]
    forms = [f"{day.day} {month}", f"{day.day}–{day.day} {month}"]
    if first and day.day == 1:
        forms += [f"{month} {day.year}", f"From {month}"]
    if not first and day.day == calendar.monthrange(day.year, day.month)[1]:
        forms.append(f"{month} {day.year}")
    return any(form in text for form in forms) and (str(day.year) in text or day.year == year)


def _measurements() -> list[tuple[Measurement, dict[str, str]]]:
    found = []
    for measurement in Measurement.objects.select_related("indicator"):
        updates = INDICATORS[measurement.indicator.external_id]["updates"]
        (update,) = [
            u
            for u in updates
            if u["value"] == measurement.value_text
            and u["source_document_symbol"] == measurement.source_document
        ]
        found.append((measurement, update))
    return found


class TestEveryLoadedValue:
    def test_its_number_appears_in_its_quotation(self, loaded: LoadSummary) -> None:
        for measurement, update in _measurements():
            assert measurement.value in numbers_in(update["value"]), update["value"]
            judged = judgements.value_judgement(measurement.indicator.external_id, update["as_of"])
            if judged is not None and judged.value is not None:
                assert measurement.value in numbers_in(judged.quotation)

    def test_its_coverage_is_the_dates_its_quotation_names(self, loaded: LoadSummary) -> None:
        checked = 0
        for measurement, update in _measurements():
            text, as_of = update["value"], update["as_of"]
            start, end = measurement.coverage_start, measurement.coverage_end
            assert end is not None and str(measurement.period) == end.isoformat()[:7]
            judged = judgements.value_judgement(measurement.indicator.external_id, as_of)
            if judged is not None and judged.start is not None:
                # A judgement that sets the start says why (PROVENANCE.md); its end is the rules'.
                assert (start, measurement.nature) == (judged.start, judged.nature)
            elif LEADING_DATE.match(text):
                assert named(end, text, first=False, year=int(as_of[:4])), text
                assert start is None or named(start, text, first=True, year=int(as_of[:4])), text
            else:
                assert start is None and measurement.nature == ValueNature.STOCK, text
            if not LEADING_DATE.match(text):
                # As at the update: its day, or the end of the month given alone ("2002-06").
                expected = end if len(as_of) == 7 else date.fromisoformat(as_of)
                assert (end.isoformat()[: len(as_of)], end) == (as_of, expected), text
            checked += 1
        assert checked == loaded.measurements == 71

    def test_its_nature_follows_its_span_and_unit(self, loaded: LoadSummary) -> None:
        for measurement, update in _measurements():
            indicator, start = measurement.indicator, measurement.coverage_start
            judged = judgements.value_judgement(indicator.external_id, update["as_of"])
            if judged is not None and judged.nature is not None:
                continue
            rate = indicator.kind == IndicatorKind.PERCENTAGE or re.search(
                r"rate|ratio|per 1", indicator.unit
            )
            assert measurement.coverage_end is not None
            if start is None:
                expected = ValueNature.STOCK
            elif rate:
                expected = ValueNature.RATE
            elif (start.month, start.day, start.year) == (1, 1, measurement.coverage_end.year):
                expected = ValueNature.YEAR_TO_DATE
            else:
                expected = ValueNature.FLOW
            assert measurement.nature == expected, update["value"]


def test_each_judgement_quotes_the_file_and_applies_to_one_update() -> None:
    for judged in judgements.VALUE_JUDGEMENTS:
        item = INDICATORS[judged.indicator]
        (update,) = [u for u in item["updates"] if u["as_of"] == judged.as_of]
        assert judged.quotation in update["value"], judged
        assert judged.reason
        changes = (judged.value, judged.start, judged.end, judged.nature)
        # A skip, or what to read instead of the rules (a value, dates, a nature); not both.
        assert (judged.skip is None) == any(change is not None for change in changes), judged
    for indicator in judgements.INDICATOR_JUDGEMENTS:
        item = INDICATORS[indicator.indicator]
        wording = [str(item.get(key)) for key in ("text", "unit", "baseline", "target")]
        assert any(indicator.quotation in text for text in wording), indicator
        assert indicator.reason and indicator.fields


def test_provenance_lists_every_judgement_and_every_skip(loaded: LoadSummary) -> None:
    lines = PROVENANCE.read_text(encoding="utf-8").splitlines()

    def listed(*words: str) -> bool:
        return any(all(word in line for word in words) for line in lines)

    for judged in judgements.VALUE_JUDGEMENTS:
        assert listed(judged.indicator, judged.as_of, judged.quotation), judged
    for indicator in judgements.INDICATOR_JUDGEMENTS:
        assert listed(indicator.indicator, indicator.quotation), indicator
    for skipped in loaded.skipped:
        assert listed(*skipped.item.split(" as at ")), skipped


def test_the_summary_counts_values_annualised_year_to_date_and_skips(
    loaded: LoadSummary,
) -> None:
    assert (loaded.measurements, loaded.annualised, loaded.year_to_date, loaded.judged) == (
        71,
        10,  # 1.7 (2), 1.9, 1.10, 6.4, 6.5, 6.6 (4; its 2018 total is a year already)
        7,  # 6.4, 6.5, 6.6 (5)
        6,  # 6.4, 6.6 (2018), 5.7, 6.2, 7.2, 9.3
    )
    assert loaded.skipped_by_reason() == {
        "qualitative indicator: no numeric scale": 8,
        "no number in the reported text": 10,
        "a value of a later date in the same month is kept": 1,  # 1.8
        "judged: span and method not comparable with the series": 1,  # 3.1
        "judged: a different base from the indicator's": 2,  # 5.3, 5.4
        "judged: the number stated is not clearly the indicator's": 1,  # 3.3
    }
    lines = describe(loaded)
    assert (
        "This run created 15 frameworks, 61 benchmarks, 154 indicators and 71 reported values "
        "from UN documents." in lines
    )
    assert (
        "Of these values, 10 are annualised to compare with a yearly target, 7 are counts since "
        "1 January (year to date) and 6 are read by a recorded judgement (data/PROVENANCE.md)."
        in lines
    )
    assert "  not loaded: 2 (judged: a different base from the indicator's)" in lines
