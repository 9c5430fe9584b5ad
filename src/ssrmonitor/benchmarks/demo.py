"""Load the bundled real benchmark frameworks into the database, through the services.

The data file is ``data/real-benchmark-frameworks.json`` (UN documents; see
``data/PROVENANCE.md``). The record → field mapping is in :mod:`.demo_mapping`, the reading of
dates, numbers, kinds and components in :mod:`.demo_reading`. :func:`load_real_frameworks` turns
its benchmark records into frameworks, benchmarks, indicators and approved, non-illustrative
measurements, calling only :mod:`ssrmonitor.benchmarks.services` (so every row is validated and
audited). ``reference_targets`` and ``child_protection_reference`` are bundled for reference and
not loaded. Nothing is generated: every value comes from the file.

**Idempotent.** Each object carries a stable ``external_id`` (framework: ``<ISO2>-<mission>-
<symbol or year>-<kind>``; benchmark: the record's ``id``; indicator: ``<id>#<number>``;
measurements are keyed by indicator and month). What exists is left as it is, so a second run
creates nothing and writes no audit event.

**Frameworks.** Records are grouped by (country, mission, kind, source document symbol); records
without a symbol are also told apart by ``year``. Title: ``"<mission> <kind> (<symbol or year>)"``,
e.g. "MINUJUSTH exit strategy benchmarks (S/2018/527)". Mission: the reference mission of that
acronym (load the reference data first). Adoption date: the first full date in the source title
(one in brackets first, e.g. "(1 June 2018)"), else the earliest indicator baseline date, else 1
January of ``year`` (the notes then say so). End date and status: the mission's end date and
*closed* once the mission has ended, else no end date and *active*. All are published (public UN
documents). ``source_title``/``source_location`` come from the first record; record fields the
model has no column for are kept as ``Label: value`` text, in the framework's notes when every
record of the framework has the same value and in the benchmark's notes otherwise.

**Benchmarks.** ``code`` = ``benchmark_number`` (or the position when longer than 20 characters,
keeping the number in the notes); ``text`` verbatim; ``area`` = ``benchmark_area``. Component: the
first of the record's ``sectors`` found in ``demo_reading.SECTOR_COMPONENTS`` (justice, police,
corrections; legislation, oversight, governance, anti-corruption → oversight; arms embargo, weapons
and ammunition management → defence; border, customs → border and customs; DDR → DDR; human rights,
gender, civil society → cross-cutting), else a word of that table in ``benchmark_area``, else
arms-embargo key benchmarks → defence, else cross-cutting. Owner: the host country for
``national_commitment`` and ``arms_embargo_key_benchmark`` (set for the Government), the UN for
every other kind (set for a mission's exit, drawdown or transition).

**Indicators.** ``code`` = ``number``; ``definition``, ``unit``, ``baseline_text`` and
``target_text`` verbatim; ``baseline_value``/``target_value`` = the compiler's numeric readings
when given. ``baseline_date``: the last day of the period the baseline's wording names ("July
2016–June 2017: 695 …" → 30 June 2017, "14 Nov. 2017: …" → that day, "2017: 60" or "In 2017, …"
→ 31 December 2017), else the file's date (MINUJUSTH: "as at 2 May 2018"). ``target_date`` from
``target_timeline``: a month ("April 2019") → its last day, a year ("2016", "end of 2016") → 31
December, a range of years ("2010-2011") → 31 December of the last year, otherwise none; the
timeline is always kept verbatim in the notes. ``target_basis``: *per year* when the unit, target
or note says "per year" or "a year", else *at the date*. Kind: *percentage* when the unit (before
any bracket) says percent, per cent, %, share or proportion; *milestone* when the unit is yes/no;
*quantitative* when there is a numeric baseline or target or the unit names a count, number, rate,
ratio, officers, personnel, persons, USD or an ordinal scale (an ordinal unit listing its stages,
"1 = … 3 = …", gives minimum 1 and maximum 3); *rating* otherwise (status texts with no scale).
Direction: lower is better when the target value is below the baseline value. Frequency: from the
record's ``reporting_frequency`` ("every 90 days" → quarterly), else when reported. The
judgements of :mod:`.demo_judgements` replace the readings they name (e.g. 5.1's target is all 23
courts; 8.1 and 9.3 count reports submitted since the baseline). An indicator the services refuse
is counted in the summary with the reason, never dropped silently.

**Measurements.** Each ``updates`` entry is read by :mod:`.demo_values` (the rules are its
docstring): the value stated, the date or span the quotation itself names (before the report's
``as_of``), filed under the month of its last day, and its coverage and nature (a level at a
day, a rate over a span, a count since 1 January, a total over a span), or a judgement of
:mod:`.demo_judgements`. It becomes an approved, non-illustrative measurement with ``value_text``
verbatim and ``source_document`` = the update's symbol. An update is skipped, and counted with its
reason, when the indicator is a rating, the text states no number, a judgement says it is not a
value of the indicator, a value of a later date is filed under the same month, the month is
outside the framework's dates (no date is extended), or the services refuse the value. Updates
without a number are quoted in the indicator's notes, as are the update notes (data-quality
caveats of the reports) and the judgements. The summary counts the values annualised against a
yearly target, the year-to-date counts and the judged readings.
"""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import dataclass, field
from importlib import resources
from importlib.abc import Traversable
from pathlib import Path

from django.utils.translation import gettext as _

from ssrmonitor.benchmarks import demo_mapping as mapping
from ssrmonitor.benchmarks import demo_values as values
from ssrmonitor.benchmarks import services
from ssrmonitor.benchmarks.demo_mapping import FrameworkGroup, Record
from ssrmonitor.benchmarks.models import (
    Benchmark,
    Framework,
    Indicator,
    Measurement,
)
from ssrmonitor.benchmarks.selectors import spec_of
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country, Mission
from ssrmonitor.core.progress import Point, ValueNature, compare

DATA_FILE: Traversable = (
    resources.files("ssrmonitor.benchmarks") / "data" / "real-benchmark-frameworks.json"
)


class ReferenceDataMissing(RuntimeError):
    """Countries or missions the dataset names are not loaded (run ``load_reference``)."""


@dataclass(frozen=True)
class Skipped:
    """Something of the dataset that was not loaded: which item, why, and the detail."""

    item: str
    reason: str
    detail: str = ""


@dataclass
class LoadSummary:
    """What one run of the loader created, found already loaded, and skipped.

    Of the ``measurements`` created: ``annualised`` are compared with a yearly target over the
    days they cover, ``year_to_date`` are counts since 1 January, ``judged`` are read by a row of
    :mod:`.demo_judgements`.
    """

    frameworks: int = 0
    benchmarks: int = 0
    indicators: int = 0
    measurements: int = 0
    annualised: int = 0
    year_to_date: int = 0
    judged: int = 0
    already_loaded: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    @property
    def created(self) -> int:
        """Rows created by this run."""
        return self.frameworks + self.benchmarks + self.indicators + self.measurements

    def skip(self, item: str, reason: str, detail: str = "") -> None:
        """Count one skipped item with its reason."""
        self.skipped.append(Skipped(item, reason, detail))

    def skipped_by_reason(self) -> Counter[str]:
        """How many items were skipped for each reason."""
        return Counter(entry.reason for entry in self.skipped)


def read_dataset(path: Path | Traversable | None = None) -> list[Record]:
    """The benchmark records of the bundled file (or of ``path``, e.g. a test subset)."""
    source = DATA_FILE if path is None else path
    with source.open("r", encoding="utf-8") as handle:
        data = json.load(handle)
    records: list[Record] = data["benchmarks"]
    return records


def load_real_frameworks(
    *, acting_user: Actor, path: Path | Traversable | None = None
) -> LoadSummary:
    """Load the real frameworks through the services; a second run changes nothing.

    Args:
        acting_user: who loads them (the ``demo`` command: a system actor holding the
            benchmarks actions).
        path: another file of the same shape (tests use a small real subset).

    Raises:
        ReferenceDataMissing: when a country or mission of the file is not in the database.
    """
    groups = mapping.group_records(read_dataset(path))
    countries, missions = _reference_data(groups)
    summary = LoadSummary()
    for group in groups:
        mission = missions[group.mission]
        framework = _load_framework(group, countries[group.iso2], mission, acting_user, summary)
        if framework is None:
            continue
        for position, record in enumerate(group.records, start=1):
            _load_benchmark(framework, group, record, position, acting_user, summary)
    return summary


def _reference_data(
    groups: list[FrameworkGroup],
) -> tuple[dict[str, Country], dict[str, Mission]]:
    iso2s = {group.iso2 for group in groups}
    acronyms = {group.mission for group in groups}
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=iso2s)}
    missions = {m.acronym: m for m in Mission.objects.filter(acronym__in=acronyms)}
    missing = sorted((iso2s - set(countries)) | (acronyms - set(missions)))
    if missing:
        raise ReferenceDataMissing(
            _("Countries or missions are missing (%s); run `ssrmonitor load_reference` first.")
            % ", ".join(missing)
        )
    return countries, missions


# --- frameworks -------------------------------------------------------------------------


def _load_framework(
    group: FrameworkGroup,
    country: Country,
    mission: Mission,
    acting_user: Actor,
    summary: LoadSummary,
) -> Framework | None:
    existing = Framework.objects.filter(external_id=group.external_id).first()
    if existing is not None:
        summary.already_loaded += 1
        return existing
    try:
        framework = services.create_framework(
            acting_user=acting_user, **mapping.framework_fields(group, country, mission)
        )
    except ValidationFailed as exc:
        summary.skip(group.external_id, _("framework refused by validation"), str(exc))
        return None
    summary.frameworks += 1
    return framework


# --- benchmarks -------------------------------------------------------------------------


def _load_benchmark(
    framework: Framework,
    group: FrameworkGroup,
    record: Record,
    position: int,
    acting_user: Actor,
    summary: LoadSummary,
) -> None:
    benchmark = Benchmark.objects.filter(external_id=record["id"]).first()
    if benchmark is not None:
        summary.already_loaded += 1
    else:
        try:
            benchmark = services.create_benchmark(
                framework,
                acting_user=acting_user,
                **mapping.benchmark_fields(framework, group, record, position),
            )
        except ValidationFailed as exc:
            summary.skip(record["id"], _("benchmark refused by validation"), str(exc))
            return
        summary.benchmarks += 1
    for number, item in enumerate(record["indicators"], start=1):
        indicator = _load_indicator(benchmark, record, item, number, acting_user, summary)
        if indicator is not None:
            _load_measurements(indicator, item, acting_user, summary)


# --- indicators -------------------------------------------------------------------------


def _load_indicator(
    benchmark: Benchmark,
    record: Record,
    item: Record,
    position: int,
    acting_user: Actor,
    summary: LoadSummary,
) -> Indicator | None:
    external_id = mapping.indicator_external_id(record, item)
    existing = Indicator.objects.filter(external_id=external_id).first()
    if existing is not None:
        summary.already_loaded += 1
        return existing
    try:
        indicator = services.create_indicator(
            benchmark, acting_user=acting_user, **mapping.indicator_fields(record, item, position)
        )
    except ValidationFailed as exc:
        updates = len(item.get("updates") or [])
        detail = f"{exc} ({updates} reported values not loaded)"
        summary.skip(external_id, _("indicator refused by validation"), detail)
        return None
    summary.indicators += 1
    return indicator


# --- measurements -----------------------------------------------------------------------


def _load_measurements(
    indicator: Indicator, item: Record, acting_user: Actor, summary: LoadSummary
) -> None:
    framework = indicator.benchmark.framework
    updates = item.get("updates") or []
    external_id = indicator.external_id or ""
    for found in values.read_updates(external_id, indicator.kind, indicator.unit, updates):
        label = f"{indicator.external_id} as at {found.as_of}"
        if found.skip:
            summary.skip(label, str(values.SKIP_REASONS[found.skip]), found.detail)
        elif found.period is None or found.value is None:  # pragma: no cover - read_update's rule
            continue
        elif not found.period.overlaps(framework.adoption_date, framework.end_date):
            summary.skip(label, _("month outside the framework's dates"), str(found.period))
        else:
            _import_value(indicator, found, acting_user, summary, label)


def _import_value(
    indicator: Indicator,
    found: values.Reading,
    acting_user: Actor,
    summary: LoadSummary,
    label: str,
) -> None:
    assert found.period is not None and found.value is not None  # noqa: S101 - a value
    if Measurement.objects.filter(indicator=indicator, period=found.period).exists():
        summary.already_loaded += 1
        return
    try:
        services.import_reported_measurement(
            indicator,
            acting_user=acting_user,
            period=found.period,
            value=found.value,
            value_text=str(found.update["value"]),
            source_document=str(found.update["source_document_symbol"] or ""),
            is_illustrative=False,
            coverage=found.coverage,
        )
    except ValidationFailed as exc:
        summary.skip(label, _("value refused by validation"), str(exc))
        return
    summary.measurements += 1
    summary.judged += bool(found.judged)
    summary.year_to_date += found.coverage.nature == ValueNature.YEAR_TO_DATE
    end = found.coverage.end or found.period.end
    point = Point(end, found.value, found.coverage.start, found.coverage.nature)
    summary.annualised += compare(spec_of(indicator), point).annualised


def load_demo(*, acting_user: Actor) -> LoadSummary:
    """The demo's benchmark data: the real frameworks (see :func:`load_real_frameworks`)."""
    return load_real_frameworks(acting_user=acting_user)


def describe(summary: LoadSummary, *, verbose: bool = False) -> list[str]:
    """What is in the database and what this run loaded, for ``ssrmonitor demo``."""
    counts = (
        (_("countries"), Country.objects.count()),
        (_("missions"), Mission.objects.count()),
        (_("frameworks"), Framework.objects.count()),
        (_("benchmarks"), Benchmark.objects.count()),
        (_("indicators"), Indicator.objects.count()),
        (_("measurements"), Measurement.objects.count()),
    )
    lines = [_("In the database: %s.") % ", ".join(f"{n} {name}" for name, n in counts)]
    lines.append(
        _(
            "This run created %(f)d frameworks, %(b)d benchmarks, %(i)d indicators and "
            "%(m)d reported values from UN documents."
        )
        % {
            "f": summary.frameworks,
            "b": summary.benchmarks,
            "i": summary.indicators,
            "m": summary.measurements,
        }
    )
    lines.append(
        _(
            "Of these values, %(a)d are annualised to compare with a yearly target, %(y)d are "
            "counts since 1 January (year to date) and %(j)d are read by a recorded judgement "
            "(data/PROVENANCE.md)."
        )
        % {"a": summary.annualised, "y": summary.year_to_date, "j": summary.judged}
    )
    for reason, number in sorted(summary.skipped_by_reason().items()):
        lines.append(_("  not loaded: %(n)d (%(reason)s)") % {"n": number, "reason": reason})
    if verbose:
        lines.extend(f"    {e.item}: {e.reason} — {e.detail}" for e in summary.skipped)
    return lines
