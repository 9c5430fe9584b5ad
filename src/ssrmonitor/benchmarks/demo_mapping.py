"""How a record of the bundled dataset becomes the fields of a framework, benchmark or indicator.

Pure functions over the parsed JSON (no queries); the rules are stated in
:mod:`ssrmonitor.benchmarks.demo`, the text-reading ones are in
:mod:`ssrmonitor.benchmarks.demo_reading`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.utils import timezone

from ssrmonitor.benchmarks import demo_dates as dates
from ssrmonitor.benchmarks import demo_judgements as judgements
from ssrmonitor.benchmarks import demo_reading as reading
from ssrmonitor.benchmarks import demo_values as values
from ssrmonitor.benchmarks.models import Framework, FrameworkStatus, IndicatorKind
from ssrmonitor.core.models import Country, Mission

Record = dict[str, Any]

# Record fields with a model column; any other field is kept as text in the notes.
# fmt: off
RECORD_COLUMNS = frozenset({
    "id", "mission", "country_iso2", "country", "kind", "source_document_symbol",
    "source_document_title", "source_location", "year", "benchmark_number", "benchmark_text",
    "benchmark_area", "indicators",
})
INDICATOR_COLUMNS = frozenset({
    "number", "text", "unit", "baseline", "baseline_value", "baseline_date", "target",
    "target_value", "target_timeline", "updates",
})
# fmt: on
CODE_LENGTH = 20
# Skips whose update is quoted in the notes as progress reported without a number.
UNREAD = ("rating", "no_number")


@dataclass(frozen=True)
class FrameworkGroup:
    """The benchmark records of one framework, in the order of the file."""

    iso2: str
    mission: str
    kind: str
    symbol: str | None
    year: int
    records: list[Record]

    @property
    def external_id(self) -> str:
        return f"{self.iso2}-{self.mission}-{self.symbol or self.year}-{self.kind}"

    @property
    def title(self) -> str:
        return f"{self.mission} {reading.kind_label(self.kind)} ({self.symbol or self.year})"


def group_records(records: Iterable[Record]) -> list[FrameworkGroup]:
    """Group records into frameworks by (country, mission, kind, symbol or year)."""
    groups: dict[tuple[str, str, str, str], FrameworkGroup] = {}
    for record in records:
        symbol = record.get("source_document_symbol") or None
        key = (record["country_iso2"], record["mission"], record["kind"], symbol or "")
        if symbol is None:
            key = (*key[:3], str(record["year"]))
        if key not in groups:
            groups[key] = FrameworkGroup(
                record["country_iso2"],
                record["mission"],
                record["kind"],
                symbol,
                int(record["year"]),
                [],
            )
        groups[key].records.append(record)
    return list(groups.values())


def _adoption(group: FrameworkGroup) -> tuple[date, str]:
    for record in group.records:
        if found := reading.parse_document_date(record["source_document_title"]):
            return found, ""
    baselines = [
        date.fromisoformat(item["baseline_date"])
        for record in group.records
        for item in record["indicators"]
        if item.get("baseline_date")
    ]
    if baselines:
        return min(baselines), "not stated in the source; the earliest baseline date is used"
    return date(group.year, 1, 1), f"not stated in the source; 1 January {group.year} is used"


def shared_fields(records: list[Record]) -> dict[str, Any]:
    """Extra fields with the same value in every record of a framework."""
    first = records[0]
    return {
        key: value
        for key, value in first.items()
        if key not in RECORD_COLUMNS and all(r.get(key) == value for r in records)
    }


def framework_fields(group: FrameworkGroup, country: Country, mission: Mission) -> dict[str, Any]:
    """Framework fields: title, dates and status from the source and the mission; notes."""
    first = group.records[0]
    adoption, adoption_note = _adoption(group)
    ended = (
        mission.end_date if mission.end_date and mission.end_date <= timezone.localdate() else None
    )
    extra: dict[str, Any] = {}
    if group.symbol is None:
        extra["source_document_symbol"] = "not confirmed in the stored sources"
    extra["adoption_date"] = adoption_note
    extra.update(shared_fields(group.records))
    return {
        "country": country,
        "mission": mission,
        "title": group.title,
        "kind": reading.kind_label(group.kind),
        "source_document": group.symbol or "",
        "source_title": first["source_document_title"],
        "source_location": first["source_location"],
        "adoption_date": adoption,
        "end_date": ended,
        "status": FrameworkStatus.CLOSED if ended else FrameworkStatus.ACTIVE,
        "is_published": True,
        "notes": reading.notes(extra),
        "external_id": group.external_id,
    }


def _code(number: Any, position: int) -> tuple[str, str | None]:
    """The number as code, or the position when it is too long (the number is then noted)."""
    text = str(number)
    return (text, None) if len(text) <= CODE_LENGTH else (str(position), text)


def benchmark_fields(
    framework: Framework, group: FrameworkGroup, record: Record, position: int
) -> dict[str, Any]:
    """Benchmark fields: verbatim text, component and owner by the tables, notes."""
    code, long_number = _code(record["benchmark_number"], position)
    shared = shared_fields(group.records)
    extra: dict[str, Any] = {"number_in_dataset": long_number}
    if record["source_document_title"] != framework.source_title:
        extra["source"] = record["source_document_title"]
    if record["source_location"] != framework.source_location:
        extra["source_location"] = record["source_location"]
    extra.update(
        (key, value)
        for key, value in record.items()
        if key not in RECORD_COLUMNS and key not in shared
    )
    return {
        "code": code,
        "text": record["benchmark_text"],
        "area": record.get("benchmark_area") or "",
        "component": reading.component(record),
        "owner": reading.owner(record["kind"]),
        "position": position,
        "notes": reading.notes(extra),
        "external_id": record["id"],
    }


def _decimal(value: Any) -> Decimal | None:
    return None if value is None else Decimal(str(value))


def _text(value: Any) -> str:
    return "" if value is None else str(value)


def _kind_of(item: Record) -> IndicatorKind:
    return reading.indicator_kind(
        _text(item.get("unit")),
        _decimal(item.get("baseline_value")),
        _decimal(item.get("target_value")),
    )


def _readings(record: Record, item: Record, kind: IndicatorKind) -> list[values.Reading]:
    return values.read_updates(
        indicator_external_id(record, item),
        kind,
        _text(item.get("unit")),
        item.get("updates") or [],
    )


def _quoted(reading: values.Reading, text: str) -> str:
    update = reading.update
    return f"as at {update['as_of']} ({update['source_document_symbol']}): {text}"


def _judged(reading: values.Reading) -> str:
    verdict = "not loaded" if reading.skip else "read by judgement"
    return _quoted(reading, f"“{reading.update['value']}” — {verdict}: {reading.judged}")


def _loader_readings(record: Record, item: Record, kind: IndicatorKind) -> dict[str, str]:
    """Updates quoted because no value was read, and the judgements, for the notes."""
    readings = _readings(record, item, kind)
    external_id = indicator_external_id(record, item)
    judged = [f"{j.reason} (“{j.quotation}”)" for j in judgements.indicator_judgements(external_id)]
    judged += [_judged(r) for r in readings if r.judged]
    unread = [_quoted(r, str(r.update["value"])) for r in readings if r.skip in UNREAD]
    return {
        "reported_progress_without_a_number": "\n".join(unread),
        "readings_of_the_demo_loader": "\n".join(judged),
    }


def _indicator_notes(
    record: Record, item: Record, kind: IndicatorKind, long_number: str | None
) -> str:
    timeline = item.get("target_timeline")
    if timeline and reading.parse_target_timeline(timeline) is None:
        timeline = f"{timeline} (not read as a date)"
    extra: dict[str, Any] = {"number_in_dataset": long_number, "target_timeline": timeline}
    extra.update((k, v) for k, v in item.items() if k not in INDICATOR_COLUMNS)
    extra.update(_loader_readings(record, item, kind))
    extra["caveats_of_the_reports"] = "\n".join(
        f"as at {u['as_of']} ({u['source_document_symbol']}): {u['note']}"
        for u in item.get("updates") or []
        if u.get("note")
    )
    return reading.notes(extra)


def indicator_external_id(record: Record, item: Record) -> str:
    """``<record id>#<indicator number>``."""
    return f"{record['id']}#{item['number']}"


def _baseline_date(item: Record) -> date | None:
    """The date of the period the baseline's wording names, else the file's ``baseline_date``."""
    given = item.get("baseline_date")
    if not given:
        return None
    return dates.baseline_date(_text(item.get("baseline"))) or date.fromisoformat(given)


def indicator_fields(record: Record, item: Record, position: int) -> dict[str, Any]:
    """Indicator fields: verbatim texts, numeric readings, kind, range, dates, notes.

    The judgements of :mod:`.demo_judgements` replace the readings they name.
    """
    unit = _text(item.get("unit"))
    kind = _kind_of(item)
    low, high = reading.stage_range(unit) if kind == IndicatorKind.QUANTITATIVE else (None, None)
    code, long_number = _code(item["number"], position)
    judged: dict[str, Any] = {
        "baseline_value": _decimal(item.get("baseline_value")),
        "baseline_date": _baseline_date(item),
        "target_value": _decimal(item.get("target_value")),
        "target_basis": values.target_basis(item),
    }
    for judgement in judgements.indicator_judgements(indicator_external_id(record, item)):
        judged.update(judgement.fields)
    return {
        "code": code,
        "definition": item["text"],
        "kind": kind,
        "unit": unit,
        "direction": reading.direction(judged["baseline_value"], judged["target_value"]),
        "minimum": low,
        "maximum": high,
        "baseline_text": _text(item.get("baseline")),
        "target_text": _text(item.get("target")),
        "target_date": reading.parse_target_timeline(item.get("target_timeline")),
        "frequency": reading.frequency(record.get("reporting_frequency")),
        "position": position,
        "notes": _indicator_notes(record, item, kind, long_number),
        "external_id": indicator_external_id(record, item),
        **judged,
    }
