"""Loading public reference statistics into the database (idempotent, audited per series)."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from django.db import transaction

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.sector.models import ReferenceSeries, ReferenceValue
from ssrmonitor.sector.permissions import can_import_statistics
from ssrmonitor.sector.statistics import DATA_DIR, Parsed, read_bundled

STORED = Decimal("1e-8")  # the model's decimal places


@dataclass
class SeriesSummary:
    """What the import did to one series."""

    code: str
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    no_country: int = 0
    skipped: dict[str, int] = field(default_factory=dict)
    refused: list[str] = field(default_factory=list)


def _series(parsed: Parsed, acting_user: Actor) -> ReferenceSeries:
    meta = parsed.meta
    values = {
        "name": meta.name,
        "unit": meta.unit,
        "source": meta.source,
        "licence": meta.licence,
        "notes": meta.notes,
    }
    series, created = ReferenceSeries.objects.get_or_create(code=meta.code, defaults=values)
    if created:
        audit.record(actor=acting_user, action="create", obj=series, after=audit.snapshot(series))
        return series
    changed = [name for name, value in values.items() if getattr(series, name) != value]
    if changed:
        before = audit.snapshot(series, changed)
        for name in changed:
            setattr(series, name, values[name])
        series.save(update_fields=changed)
        audit.record(
            actor=acting_user,
            action="update",
            obj=series,
            before=before,
            after=audit.snapshot(series, changed),
        )
    return series


def _store(parsed: Parsed, acting_user: Actor, countries: dict[str, int]) -> SeriesSummary:
    series = _series(parsed, acting_user)
    summary = SeriesSummary(parsed.meta.code, skipped=dict(parsed.skipped), refused=parsed.refused)
    existing = {(v.country_id, v.year): v for v in ReferenceValue.objects.filter(series=series)}
    new: dict[tuple[int, int], ReferenceValue] = {}
    changed = []
    for iso3, year, raw in parsed.rows:
        value = raw.quantize(STORED)
        country_id = countries.get(iso3)
        if country_id is None:
            summary.no_country += 1
            continue
        found = existing.get((country_id, year))
        if found is None:
            new[(country_id, year)] = ReferenceValue(
                series=series, country_id=country_id, year=year, value=value
            )
        elif found.value != value:
            found.value = value
            changed.append(found)
        else:
            summary.unchanged += 1
    ReferenceValue.objects.bulk_create(new.values(), batch_size=1000)
    ReferenceValue.objects.bulk_update(changed, ["value"], batch_size=1000)
    summary.created, summary.updated = len(new), len(changed)
    if new or changed:
        audit.record(
            actor=acting_user,
            action="import",
            obj=series,
            after={"created": summary.created, "updated": summary.updated},
        )
    return summary


@transaction.atomic(durable=True)
def import_reference_statistics(
    *, acting_user: Actor, directory: Path = DATA_DIR
) -> list[SeriesSummary]:
    """Load every bundled series (see :mod:`ssrmonitor.sector.statistics`), all or nothing.

    Args:
        acting_user: a superuser, or the system holding ``sector.import`` (the command line).
        directory: where the files are (the bundled ``sector/data/`` by default).

    Values of countries not in the database (load the reference data first) are counted in
    ``no_country``. A second run with the same files changes nothing and writes no audit row.
    """
    require(can_import_statistics(acting_user))
    countries = dict(Country.objects.values_list("iso3", "pk"))
    return [_store(parsed, acting_user, countries) for parsed in read_bundled(directory)]
