"""Recording activities of partners who do not publish to IATI (national entries)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor
from ssrmonitor.core.errors import FieldError, ValidationFailed
from ssrmonitor.core.models import Country, Organisation
from ssrmonitor.core.writes import require
from ssrmonitor.support.codelists import is_valid
from ssrmonitor.support.models import (
    Activity,
    ActivityText,
    ParticipatingOrg,
    PolicyMarker,
    RecipientCountry,
    SectorAllocation,
    Source,
    TextKind,
    Transaction,
)
from ssrmonitor.support.permissions import can_edit_support

FUNDING, IMPLEMENTING = "1", "4"


@dataclass
class MoneyLine:
    """A commitment (type 2) or disbursement (type 3) of a national entry."""

    transaction_type: str
    day: date
    value: Decimal
    currency: str


@dataclass
class NationalActivity:
    """What a national coordination office records about one partner's activity."""

    identifier: str
    reporting_org: Organisation
    title: str
    description: str
    language: str = "en"
    status: str = "2"
    start: date | None = None
    end: date | None = None
    sectors: dict[str, Decimal] = field(default_factory=dict)  # DAC 5-digit code → %
    gender_significance: str = ""
    implementing_org: Organisation | None = None
    money: list[MoneyLine] = field(default_factory=list)


def _problems(entry: NationalActivity) -> list[FieldError]:
    errors = []
    prefix = entry.reporting_org.iati_identifier or ""
    if not entry.identifier.strip() or (prefix and not entry.identifier.startswith(prefix + "-")):
        errors.append(
            FieldError(
                "identifier",
                _("Start the identifier with the reporting organisation identifier and a hyphen."),
            )
        )
    if not entry.title.strip():
        errors.append(FieldError("title", _("This field is required.")))
    if not entry.description.strip():
        errors.append(FieldError("description", _("This field is required.")))
    if not is_valid("ActivityStatus", entry.status):
        errors.append(FieldError("status", _("Unknown activity status.")))
    if entry.start is None:
        errors.append(FieldError("start", _("This field is required.")))
    if entry.sectors and sum(entry.sectors.values(), Decimal(0)) != 100:
        errors.append(FieldError("sectors", _("Sector percentages add up to 100.")))
    errors.extend(
        FieldError("sectors", _("Unknown DAC sector %(c)s.") % {"c": c})
        for c in entry.sectors
        if not is_valid("Sector", c)
    )
    if entry.gender_significance and not is_valid("PolicySignificance", entry.gender_significance):
        errors.append(FieldError("gender_significance", _("Unknown significance.")))
    errors.extend(
        FieldError("money", _("Unknown currency %(c)s.") % {"c": m.currency})
        for m in entry.money
        if not is_valid("Currency", m.currency)
    )
    return errors


@transaction.atomic(durable=True)
def record_activity(country: Country, entry: NationalActivity, *, acting_user: Actor) -> Activity:
    """Record a partner's activity in ``country`` (internal until exported to IATI).

    Args:
        country: the recipient country, whose office records the activity.
        entry: the activity; its identifier starts with the reporting organisation's.
        acting_user: needs ``support.edit`` in the country.
    """
    require(can_edit_support(acting_user, country))
    errors = _problems(entry)
    if Activity.objects.filter(iati_identifier=entry.identifier.strip()).exists():
        errors.append(FieldError("identifier", _("An activity with this identifier exists.")))
    if errors:
        raise ValidationFailed(errors)
    activity = Activity.objects.create(
        iati_identifier=entry.identifier.strip(),
        source=Source.NATIONAL,
        country=country,
        reporting_org=entry.reporting_org,
        reporting_org_ref=entry.reporting_org.iati_identifier or "",
        reporting_org_name=entry.reporting_org.name,
        reporting_org_type=entry.reporting_org.iati_type,
        default_language=entry.language,
        status=entry.status,
        actual_start=entry.start,
        planned_end=entry.end,
        last_updated=timezone.now(),
    )
    _write_parts(activity, country, entry)
    audit.record(
        actor=acting_user,
        action="create",
        obj=activity,
        country_iso2=country.iso2,
        after=audit.snapshot(activity),
    )
    return activity


def _write_parts(activity: Activity, country: Country, entry: NationalActivity) -> None:
    ActivityText.objects.create(
        activity=activity, kind=TextKind.TITLE, language=entry.language, text=entry.title.strip()
    )
    ActivityText.objects.create(
        activity=activity,
        kind=TextKind.DESCRIPTION,
        description_type="1",
        language=entry.language,
        text=entry.description.strip(),
        position=1,
    )
    orgs = [(entry.reporting_org, FUNDING)]
    if entry.implementing_org is not None:
        orgs.append((entry.implementing_org, IMPLEMENTING))
    for position, (org, role) in enumerate(orgs):
        ParticipatingOrg.objects.create(
            activity=activity,
            organisation=org,
            ref=org.iati_identifier or "",
            name=org.name,
            role=role,
            org_type=org.iati_type,
            position=position,
        )
    RecipientCountry.objects.create(
        activity=activity, code=country.iso2, country=country, percentage=Decimal(100)
    )
    for code, percentage in entry.sectors.items():
        SectorAllocation.objects.create(
            activity=activity, vocabulary="1", code=code, percentage=percentage
        )
    if entry.gender_significance:
        PolicyMarker.objects.create(
            activity=activity, vocabulary="1", code="1", significance=entry.gender_significance
        )
    for position, line in enumerate(entry.money):
        Transaction.objects.create(
            activity=activity,
            transaction_type=line.transaction_type,
            date=line.day,
            value=line.value,
            currency=line.currency,
            value_date=line.day,
            position=position,
        )
