"""Importing SDG indicator values from an SDMX data message (atomic, audited)."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import ValidationFailed
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.perceptions.models import SdgValue
from ssrmonitor.perceptions.permissions import can_import
from ssrmonitor.perceptions.sdg.dsd import SdgObservation
from ssrmonitor.perceptions.sdg.sdmx_io import read_message

TOTALS = {"_T", "_Z"}
NOT_BREAKDOWN = {"FREQ", "REPORTING_TYPE", "SERIES", "REF_AREA", "TIME_PERIOD"}


def breakdown_of(key: dict[str, str]) -> str:
    """The dimensions of a key that are not totals, as ``SEX=F; AGE=Y18T29``."""
    parts = [f"{k}={v}" for k, v in key.items() if k not in NOT_BREAKDOWN and v not in TOTALS]
    return "; ".join(parts)


@dataclass(frozen=True)
class SdgImport:
    created: int
    updated: int
    unchanged: int
    other_areas: int


def _store(country: Country, rows: list[SdgObservation], file_name: str) -> SdgImport:
    existing = {
        (v.series, v.breakdown, v.time_period): v for v in SdgValue.objects.filter(country=country)
    }
    now, created, changed, unchanged = timezone.now(), [], [], 0
    for row in rows:
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


@transaction.atomic(durable=True)
def import_sdg_data(
    *, acting_user: Actor, country: Country, content: bytes, file_name: str = ""
) -> SdgImport:
    """Import the country's observations of an SDMX-ML 2.1 or SDMX-CSV data message.

    Every code is checked against the DSD's codelists first: one unknown code refuses the
    file. Observations of other areas (``REF_AREA`` other than the country's M49 code) are
    counted and left out. A value already stored for the same series, breakdown and period is
    replaced; importing the same file again changes nothing.

    Args:
        acting_user: a holder of ``perceptions.import`` in ``country``.
        country: the country whose values are imported.
        content: the data message.
        file_name: the file's name, kept with each value.

    Returns:
        How many values were created, updated, unchanged and left out (other areas).
    """
    require(can_import(acting_user, country.pk))
    rows = read_message(content)
    mine = [row for row in rows if row.key.get("REF_AREA") == country.m49_code]
    if not mine:
        raise ValidationFailed.one(
            "file",
            _("No observation of %(country)s (REF_AREA %(code)s) in the file.")
            % {"country": country.name, "code": country.m49_code},
        )
    summary = _store(country, mine, file_name[:250])
    summary = SdgImport(summary.created, summary.updated, summary.unchanged, len(rows) - len(mine))
    audit.record(
        actor=acting_user,
        action="import_sdg_data",
        obj=country,
        country_iso2=country.iso2,
        after={**summary.__dict__, "file": file_name[:250]},
    )
    return summary
