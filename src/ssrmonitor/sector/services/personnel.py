"""Personnel returns, grade mappings and targets for women's share."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import asdict, dataclass
from datetime import date
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.feeds import PERSONNEL, FeedChange, fed_data_changed
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.core.writes import save_changed, save_created, validated
from ssrmonitor.sector.models import (
    GradeMapping,
    Institution,
    PersonnelCount,
    PersonnelReturn,
    PersonnelTarget,
    RankCategory,
    Sex,
)
from ssrmonitor.sector.services.institutions import guard


@dataclass(frozen=True, order=True)
class CountIn:
    """One cell of a return: persons of a sex and rank (in a unit, age band, region)."""

    unit: str
    rank: str
    sex: str
    count: int
    age_band: str = ""
    region: str = ""

    @property
    def cell(self) -> tuple[str, str, str, str, str]:
        return (self.unit, self.rank, self.sex, self.age_band, self.region)


def check_counts(counts: Sequence[CountIn]) -> list[FieldError]:
    """Field errors of a set of cells: unknown categories, negative or repeated cells."""
    errors: list[FieldError] = []
    seen: set[tuple[str, ...]] = set()
    for i, item in enumerate(counts):
        if item.rank not in RankCategory.values:
            errors.append(FieldError(f"counts.{i}.rank", _("Unknown rank category.")))
        if item.sex not in Sex.values:
            errors.append(FieldError(f"counts.{i}.sex", _("Sex must be female or male.")))
        if item.count < 0:
            errors.append(FieldError(f"counts.{i}.count", _("A count cannot be negative.")))
        if item.cell in seen:
            errors.append(FieldError(f"counts.{i}", _("This cell is given twice.")))
        seen.add(item.cell)
    return errors


def _existing(personnel_return: PersonnelReturn) -> list[CountIn]:
    return sorted(
        CountIn(c.unit, c.rank, c.sex, c.count, c.age_band, c.region)
        for c in personnel_return.counts.all()
    )


def write_personnel_return(
    institution: Institution,
    *,
    acting_user: Actor,
    period: ReportingPeriod,
    counts: Sequence[CountIn],
    source: str = "",
    is_illustrative: bool = False,
) -> PersonnelReturn:
    """Create or replace the return of ``period`` inside the caller's transaction."""
    guard(acting_user, institution.country_id)
    errors = check_counts(counts)
    if not counts:
        errors.append(FieldError("counts", _("A return needs at least one count.")))
    if errors:
        raise ValidationFailed(errors)
    iso2 = institution.country.iso2
    wanted = sorted(counts)
    found = PersonnelReturn.objects.filter(institution=institution, period=str(period)).first()
    meta = {"source": source, "is_illustrative": is_illustrative}
    if found is not None and _existing(found) == wanted:
        before = audit.snapshot(found)
        changed = [name for name, value in meta.items() if getattr(found, name) != value]
        for name in changed:
            setattr(found, name, meta[name])
        return save_changed(
            found, acting_user=acting_user, country_iso2=iso2, changed=changed, before=before
        )
    before_counts = [asdict(c) for c in _existing(found)] if found is not None else None
    if found is None:
        found = PersonnelReturn(
            institution=institution, period=period, period_end=period.end, **meta
        )
        validated(found, exclude=["institution", "period"])  # the period is already parsed
        found.save()
    else:
        found.source, found.is_illustrative = source, is_illustrative
        found.save(update_fields=["source", "is_illustrative"])
        found.counts.all().delete()
    PersonnelCount.objects.bulk_create(
        PersonnelCount(personnel_return=found, **asdict(item)) for item in wanted
    )
    fed_data_changed(FeedChange(PERSONNEL, institution.country_id, institution.pk))
    audit.record(
        actor=acting_user,
        action="create" if before_counts is None else "replace",
        obj=found,
        country_iso2=iso2,
        before=None if before_counts is None else {"counts": before_counts},
        after={**audit.snapshot(found), "counts": [asdict(c) for c in wanted]},
    )
    return found


@transaction.atomic(durable=True)
def record_personnel_return(
    institution: Institution, *, acting_user: Actor, **kwargs: Any
) -> PersonnelReturn:
    """Record an institution's strength for a period (replacing that period's counts).

    Args:
        institution: the institution.
        acting_user: an editor of its country.
        period: the reporting period.
        counts: every cell (:class:`CountIn`); the return is replaced as a whole.
        source: where the figures come from.
        is_illustrative: true for figures made up for demonstration.

    Recording the same counts again changes nothing and writes no audit row.
    """
    return write_personnel_return(institution, acting_user=acting_user, **kwargs)


@transaction.atomic(durable=True)
def set_grade_mapping(
    institution: Institution, *, acting_user: Actor, grade: str, rank: str
) -> GradeMapping:
    """Map one of the institution's grades to a rank category (create or change)."""
    guard(acting_user, institution.country_id)
    if rank not in RankCategory.values:
        raise ValidationFailed.one("rank", _("Unknown rank category."))
    iso2 = institution.country.iso2
    found = GradeMapping.objects.filter(institution=institution, grade=grade.strip()).first()
    if found is None:
        mapping = GradeMapping(institution=institution, grade=grade.strip(), rank=rank)
        validated(mapping, exclude=["institution"])
        return save_created(mapping, acting_user=acting_user, country_iso2=iso2)
    before = audit.snapshot(found)
    changed = ["rank"] if found.rank != rank else []
    found.rank = rank
    return save_changed(
        found, acting_user=acting_user, country_iso2=iso2, changed=changed, before=before
    )


@transaction.atomic(durable=True)
def set_personnel_target(
    institution: Institution,
    *,
    acting_user: Actor,
    rank: str,
    target_share: Decimal,
    source: str,
    baseline_share: Decimal | None = None,
    baseline_date: date | None = None,
    target_date: date | None = None,
) -> PersonnelTarget:
    """Set the national target for women's share in an institution (or one rank of it)."""
    guard(acting_user, institution.country_id)
    values: dict[str, Any] = {
        "target_share": target_share,
        "baseline_share": baseline_share,
        "baseline_date": baseline_date,
        "target_date": target_date,
        "source": source,
    }
    errors = [
        FieldError(name, _("A share is between 0 and 100 %."))
        for name in ("target_share", "baseline_share")
        if values[name] is not None and not 0 <= values[name] <= 100
    ]
    if rank and rank not in RankCategory.values:
        errors.append(FieldError("rank", _("Unknown rank category.")))
    if errors:
        raise ValidationFailed(errors)
    iso2 = institution.country.iso2
    found = PersonnelTarget.objects.filter(institution=institution, rank=rank).first()
    if found is None:
        target = PersonnelTarget(
            country_id=institution.country_id, institution=institution, rank=rank, **values
        )
        validated(target, exclude=["country", "institution"])
        return save_created(target, acting_user=acting_user, country_iso2=iso2)
    before = audit.snapshot(found)
    changed = [name for name, value in values.items() if getattr(found, name) != value]
    for name in changed:
        setattr(found, name, values[name])
    validated(found, exclude=["country", "institution"])
    return save_changed(
        found, acting_user=acting_user, country_iso2=iso2, changed=changed, before=before
    )
