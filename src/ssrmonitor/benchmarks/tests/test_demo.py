"""The demo loader turns the bundled real UN benchmark data into rows, faithfully and once.

The reading of the texts and the loading of a small real subset: ``test_demo_reading``; dates,
spans and natures: ``test_demo_dates``; the misreadings of issue 16: ``test_demo_cases``; every
value against its quotation: ``test_demo_fidelity``.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import pytest

from ssrmonitor.benchmarks import demo_judgements as judgements
from ssrmonitor.benchmarks.demo import LoadSummary, load_real_frameworks
from ssrmonitor.benchmarks.models import (
    Benchmark,
    Component,
    Direction,
    Framework,
    FrameworkStatus,
    Frequency,
    Indicator,
    IndicatorKind,
    Measurement,
    MeasurementStatus,
    Owner,
)
from ssrmonitor.benchmarks.tests import demo_records
from ssrmonitor.benchmarks.tests.demo_records import INDICATORS, RECORDS
from ssrmonitor.core.models import AuditEvent
from ssrmonitor.testing.actors import SYSTEM

pytestmark = pytest.mark.django_db


loaded = demo_records.loaded


# --- the whole bundled file, loaded once for the class ------------------------------------


class TestTheBundledFile:
    """Each test sees the whole file loaded (once, rolled back after the class)."""

    def test_counts_equal_an_independent_count_of_the_file(self, loaded: LoadSummary) -> None:
        frameworks = {
            (r["country_iso2"], r["mission"], r["kind"], r["source_document_symbol"] or r["year"])
            for r in RECORDS
        }
        updates = sum(len(item.get("updates") or []) for item in INDICATORS.values())
        assert (len(RECORDS), len(INDICATORS)) == (61, 154)
        assert Framework.objects.count() == loaded.frameworks == len(frameworks) == 15
        assert Benchmark.objects.count() == loaded.benchmarks == len(RECORDS)
        assert Indicator.objects.count() == loaded.indicators == len(INDICATORS)
        assert Measurement.objects.count() == loaded.measurements
        # Every update is either a value or a counted skip; nothing disappears.
        assert loaded.measurements + len(loaded.skipped) == updates == 94
        assert not [s for s in loaded.skipped if "refused" in s.reason]

    def test_texts_are_kept_verbatim(self, loaded: LoadSummary) -> None:
        benchmarks = {b.external_id: b for b in Benchmark.objects.all()}
        for record in RECORDS:
            assert benchmarks[record["id"]].text == record["benchmark_text"]
        for indicator in Indicator.objects.all():
            item = INDICATORS[indicator.external_id]
            assert indicator.definition == item["text"]
            assert indicator.unit == (item["unit"] or "")
            assert indicator.baseline_text == (
                "" if item["baseline"] is None else str(item["baseline"])
            )
            assert indicator.target_text == ("" if item["target"] is None else str(item["target"]))

    def test_numeric_baselines_and_targets_are_the_compilers_readings_unless_judged(
        self, loaded: LoadSummary
    ) -> None:
        for indicator in Indicator.objects.all():
            item = INDICATORS[indicator.external_id]
            judged: dict[str, object] = {}
            for judgement in judgements.indicator_judgements(indicator.external_id or ""):
                judged.update(judgement.fields)
            for name in ("baseline_value", "target_value"):
                expected = None if item.get(name) is None else Decimal(str(item[name]))
                expected = judged.get(name, expected)
                assert getattr(indicator, name) == expected, (indicator.external_id, name)
            # Dated by the baseline's wording (test_demo_cases), never without a date in the file.
            assert (indicator.baseline_date is None) == (item.get("baseline_date") is None)

    def test_real_updates_are_approved_sourced_and_not_illustrative(
        self, loaded: LoadSummary
    ) -> None:
        for measurement in Measurement.objects.select_related("indicator"):
            updates = INDICATORS[measurement.indicator.external_id]["updates"]
            source = next(u for u in updates if u["value"] == measurement.value_text)
            assert measurement.status == MeasurementStatus.APPROVED
            assert measurement.is_illustrative is False
            assert measurement.source_document == source["source_document_symbol"]
            # Filed under the month of the last day the value covers (its quotation's date).
            assert measurement.coverage_end is not None
            assert str(measurement.period) == measurement.coverage_end.isoformat()[:7]
        pretrial = Measurement.objects.filter(indicator__external_id="HT-MINUJUSTH-B1#1.8")
        assert [(str(m.period), m.value, m.source_document) for m in pretrial] == [
            ("2018-07", Decimal("61.6"), "S/2018/795"),  # "16 July 2018: …"
            ("2018-10", Decimal("63.6"), "S/2018/1059"),  # "15 October: …"
            ("2018-12", Decimal("64.9"), "S/2019/198"),  # "31 December 2018: …"
            ("2019-07", Decimal("63.7"), "S/2019/805"),  # "As at 31 July 2019: …"
        ]  # "As at 9 July 2019: 63.3" (S/2019/563) gives way to the later July value
        units = Measurement.objects.filter(indicator__external_id="HT-MINUJUSTH-B4#4.5")
        assert [m.value for m in units] == [
            6,
            6,
            7,
            8,
            13,
        ]  # "Six of the 13 units" … "All 13 units"

    def test_the_system_is_the_author_of_every_audit_event(self, loaded: LoadSummary) -> None:
        events = AuditEvent.objects.filter(object_type__startswith="benchmarks.")
        assert events.count() == loaded.created
        assert set(events.values_list("actor_name", flat=True)) == {"system"}
        assert set(
            events.filter(object_type="benchmarks.measurement").values_list("action", flat=True)
        ) == {"import"}

    def test_a_second_run_creates_nothing_and_writes_no_audit_event(
        self, loaded: LoadSummary
    ) -> None:
        rows = [
            m.objects.count() for m in (Framework, Benchmark, Indicator, Measurement, AuditEvent)
        ]
        again = load_real_frameworks(acting_user=SYSTEM)
        assert again.created == 0
        assert again.already_loaded == loaded.created
        assert again.skipped == loaded.skipped
        assert [
            m.objects.count() for m in (Framework, Benchmark, Indicator, Measurement, AuditEvent)
        ] == rows

    def test_frameworks_take_their_dates_from_the_source_and_the_mission(
        self, loaded: LoadSummary
    ) -> None:
        minujusth = Framework.objects.get(
            external_id="HT-MINUJUSTH-S/2018/527-exit_strategy_benchmark"
        )
        assert minujusth.title == "MINUJUSTH exit strategy benchmarks (S/2018/527)"
        assert minujusth.mission is not None and minujusth.mission.acronym == "MINUJUSTH"
        assert (minujusth.adoption_date, minujusth.end_date) == (
            date(2018, 6, 1),
            date(2019, 10, 15),
        )
        assert minujusth.status == FrameworkStatus.CLOSED
        assert minujusth.is_published
        assert minujusth.source_document == "S/2018/527"
        assert "every 90 days" in minujusth.notes

        binuh = Framework.objects.get(title="BINUH strategic benchmarks (S/2019/805)")
        assert (binuh.adoption_date, binuh.end_date, binuh.status) == (
            date(2019, 10, 9),
            None,
            FrameworkStatus.ACTIVE,
        )

        embargo = Framework.objects.get(country__iso2="CF")
        assert embargo.adoption_date == date(2019, 4, 9)
        assert "paraphrase of press-release summaries" in embargo.notes

        drawdown = Framework.objects.get(external_id="LR-UNMIL-2007-drawdown_benchmark")
        assert drawdown.adoption_date == date(2007, 1, 1)
        assert "1 January 2007 is used" in drawdown.notes
        assert drawdown.source_document == ""

    def test_fields_without_a_column_are_kept_in_the_notes(self, loaded: LoadSummary) -> None:
        south_sudan_e = Benchmark.objects.get(external_id="SS-armsembargo-2021-e")
        assert "truncated in the stored copy" in south_sudan_e.notes
        long_number = Benchmark.objects.get(external_id="CD-MONUSCO-transition-plan")
        assert long_number.code == "1"
        assert "priority areas (2023 revision)" in long_number.notes
        homicides = Indicator.objects.get(external_id="HT-MINUJUSTH-B6#6.3")
        assert "compiler's annotation, not UN text): SDG 16.1.1" in homicides.notes
        assert "Report cautions the decrease" in homicides.notes

    @pytest.mark.parametrize(
        ("external_id", "component", "owner"),
        [
            ("HT-MINUJUSTH-B1", Component.JUSTICE, Owner.UN),
            ("HT-MINUJUSTH-B3", Component.CORRECTIONS, Owner.UN),
            ("HT-MINUJUSTH-B4", Component.POLICE, Owner.UN),
            ("HT-MINUJUSTH-B5", Component.OVERSIGHT, Owner.UN),
            ("HT-MINUJUSTH-B9", Component.CROSS_CUTTING, Owner.UN),  # human rights first
            ("TL-UNMIT-2.1", Component.JUSTICE, Owner.UN),  # area "Rule of law, justice and …"
            ("TL-UNMIT-3.1", Component.OVERSIGHT, Owner.UN),  # area "… democratic governance …"
            ("SS-armsembargo-2021-c", Component.DEFENCE, Owner.HOST),
            ("CF-armsembargo-2019-1", Component.DEFENCE, Owner.HOST),
            ("SO-NSA-2017", Component.CROSS_CUTTING, Owner.HOST),
            ("LR-UNMIL-2007-QRF", Component.CROSS_CUTTING, Owner.UN),
        ],
    )
    def test_component_and_owner_follow_the_documented_tables(
        self, loaded: LoadSummary, external_id: str, component: Component, owner: Owner
    ) -> None:
        benchmark = Benchmark.objects.get(external_id=external_id)
        assert (benchmark.component, benchmark.owner) == (component, owner)

    def test_indicator_kinds_ranges_and_directions(self, loaded: LoadSummary) -> None:
        def get(external_id: str) -> Indicator:
            return Indicator.objects.get(external_id=external_id)

        criminal_code = get("HT-MINUJUSTH-B1#1.1")
        assert criminal_code.kind == IndicatorKind.QUANTITATIVE
        assert (criminal_code.minimum, criminal_code.maximum) == (1, 3)
        assert criminal_code.target_date == date(2019, 4, 30)
        assert criminal_code.frequency == Frequency.QUARTERLY
        pretrial = get("HT-MINUJUSTH-B1#1.8")
        assert (pretrial.kind, pretrial.direction) == (IndicatorKind.PERCENTAGE, Direction.DECREASE)
        assert get("HT-MINUJUSTH-B9#9.4").kind == IndicatorKind.MILESTONE
        assert get("HT-MINUJUSTH-B3#3.3").kind == IndicatorKind.QUANTITATIVE  # "count (…; % women)"
        assert get("HT-MINUJUSTH-B1#1.6").kind == IndicatorKind.RATING
        assert get("SO-NSA-2017#1").kind == IndicatorKind.QUANTITATIVE  # personnel, target only
        assert get("SO-NSA-2017#1").frequency == Frequency.AD_HOC
        election = get("HT-MINUSTAH-2008-I#I.4")
        assert election.target_date == date(2011, 12, 31)  # "2010-2011"
        assert "Target timeline as worded: 2010-2011" in election.notes
