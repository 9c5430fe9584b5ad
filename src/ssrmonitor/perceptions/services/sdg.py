"""Importing SDG indicator values from an SDMX message or an Open SDG file (atomic, audited)."""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.perceptions.models import SdgValue
from ssrmonitor.perceptions.permissions import can_import
from ssrmonitor.perceptions.sdg.dsd import MAX_ERRORS, SdgObservation
from ssrmonitor.perceptions.sdg.open_sdg import read_open_sdg
from ssrmonitor.perceptions.sdg.sdmx_io import OPEN_SDG, detect_format, read_message

TOTALS = {"_T", "_Z"}
PLACES = Decimal("0.000001")  # SdgValue.value keeps 6 decimal places
LIMIT = Decimal("999999999999999999.9999995")  # of 24 digits: what rounds to more is refused
NOT_BREAKDOWN = {"FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "TIME_PERIOD"}


def breakdown_of(key: dict[str, str]) -> str:
    """The dimensions of a key that are not totals, as ``SEX=F; AGE=Y18T29``."""
    parts = [f"{k}={v}" for k, v in key.items() if k not in NOT_BREAKDOWN and v not in TOTALS]
    return "; ".join(parts)


@dataclass(frozen=True)
class SdgImport:
    """What an import did; ``notes`` say in words what was left out of an Open SDG file."""

    created: int
    updated: int
    unchanged: int
    other_areas: int
    format: str = ""
    notes: tuple[str, ...] = field(default_factory=tuple)


def _storable(rows: list[SdgObservation]) -> None:
    """Refuse values the column cannot hold (infinite, or 10^18 and more), naming each one.

    Raises:
        ValidationFailed: one error per such value (at most :data:`MAX_ERRORS`).
    """
    errors = [
        FieldError(
            "file",
            _(
                "%(series)s, %(period)s: the value %(value)s cannot be stored (a finite number "
                "below 10^18 is needed)."
            )
            % {"series": row.series, "period": row.key.get("TIME_PERIOD", ""), "value": row.value},
        )
        for row in rows
        if row.value is not None and not (row.value.is_finite() and abs(row.value) < LIMIT)
    ]
    if errors:
        raise ValidationFailed(errors[:MAX_ERRORS])


def _store(country: Country, rows: list[SdgObservation], file_name: str) -> SdgImport:
    existing = {
        (v.series, v.breakdown, v.time_period): v for v in SdgValue.objects.filter(country=country)
    }
    now, created, changed, unchanged = timezone.now(), [], [], 0
    for row in rows:
        if row.value is not None:  # as stored, so that importing again compares equal
            row = replace(row, value=row.value.quantize(PLACES))
        breakdown, period = breakdown_of(row.key), row.key.get("TIME_PERIOD", "")
        found = existing.get((row.series, breakdown, period))
        if found is None:
            created.append(SdgValue(
                country=country, series=row.series, breakdown=breakdown, time_period=period,
                value=row.value, key=row.key, attributes=row.attributes, file_name=file_name,
                imported_at=now,
            ))  # fmt: skip
            existing[(row.series, breakdown, period)] = created[-1]
        elif (found.value, found.attributes) == (row.value, row.attributes):
            unchanged += 1
        else:
            found.value, found.attributes, found.key = row.value, row.attributes, row.key
            found.file_name, found.imported_at = file_name, now
            changed.append(found)
    SdgValue.objects.bulk_create(created, batch_size=1000)
    fields = ["value", "attributes", "key", "file_name", "imported_at"]
    SdgValue.objects.bulk_update(changed, fields, batch_size=1000)
    return SdgImport(len(created), len(changed), unchanged, 0)


def _rows(
    country: Country,
    content: bytes,
    file_name: str,
    metadata: bytes | None,
    metadata_name: str,
    series: str,
) -> tuple[str, list[SdgObservation], int, tuple[str, ...]]:
    """The file's format, the country's observations, how many of other areas, the notes."""
    kind = detect_format(content)
    if kind == OPEN_SDG:
        found = read_open_sdg(
            content,
            file_name=file_name,
            area=country.m49_code,
            metadata=metadata,
            metadata_name=metadata_name,
            series=series,
        )
        return kind, found.rows, 0, tuple(found.notes)
    if metadata or series:
        raise ValidationFailed.one(
            "metadata", _("Metadata and a chosen series go with Open SDG data files only.")
        )
    rows = read_message(content)
    mine = [row for row in rows if row.key.get("REF_AREA") == country.m49_code]
    if not mine:
        raise ValidationFailed.one(
            "file",
            _("No observation of %(country)s (REF_AREA %(code)s) in the file.")
            % {"country": country.name, "code": country.m49_code},
        )
    return kind, mine, len(rows) - len(mine), ()


@transaction.atomic(durable=True)
def import_sdg_data(
    *,
    acting_user: Actor,
    country: Country,
    content: bytes,
    file_name: str = "",
    metadata: bytes | None = None,
    metadata_name: str = "",
    series: str = "",
) -> SdgImport:
    """Import the country's observations of an SDG data file.

    The format is told from the content: an SDMX-ML 2.1 data message (generic or
    structure-specific), SDMX-CSV 1.0 or 2.0, or an Open SDG data file (``Year``,
    disaggregations, ``Value``; with its YAML metadata and, for an indicator with several
    series, the series it gives: :mod:`ssrmonitor.perceptions.sdg.open_sdg`). Every code is
    checked against the DSD's codelists first: one unknown code refuses the file. Observations
    of other areas (``REF_AREA`` other than the country's M49 code) are counted and left out,
    as are the rows of an Open SDG file broken down by a national disaggregation the DSD cannot
    express (said in ``notes``). A value already stored for the same series, breakdown and
    period is replaced; importing the same file again changes nothing.

    Args:
        acting_user: a holder of ``perceptions.import`` in ``country``.
        country: the country whose values are imported.
        content: the data file.
        file_name: the file's name, kept with each value (an Open SDG file's names its
            indicator: ``indicator_16-1-1.csv``).
        metadata: an Open SDG metadata file (YAML, or Markdown with YAML front matter).
        metadata_name: its name.
        series: the ``CL_SERIES`` code an Open SDG file gives, when its indicator has several.

    Returns:
        How many values were created, updated, unchanged and left out (other areas), the
        format read, and what was left out in words.
    """
    require(can_import(acting_user, country.pk))
    kind, mine, others, notes = _rows(
        country, content, file_name, metadata, metadata_name, series.strip().upper()
    )
    _storable(mine)
    stored = _store(country, mine, file_name[:250])
    summary = SdgImport(stored.created, stored.updated, stored.unchanged, others, kind, notes)
    audit.record(
        actor=acting_user,
        action="import_sdg_data",
        obj=country,
        country_iso2=country.iso2,
        after={
            "created": summary.created, "updated": summary.updated,
            "unchanged": summary.unchanged, "other_areas": summary.other_areas,
            "format": kind, "notes": list(notes), "file": file_name[:250],
            "metadata": metadata_name[:250], "series": series,
        },
    )  # fmt: skip
    return summary
