"""Factories of the support app: partner organisations and national activity entries."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country, Organisation
from ssrmonitor.support.models import Activity
from ssrmonitor.support.services.activities import MoneyLine, NationalActivity, record_activity
from ssrmonitor.testing.actors import SYSTEM


def partner(ref: str, name: str = "") -> Organisation:
    """A partner organisation with an IATI identifier."""
    org, _ = Organisation.objects.get_or_create(
        iati_identifier=ref, defaults={"name": name or ref, "iati_type": "10"}
    )
    return org


def national_activity(
    country: Country,
    org: Organisation,
    suffix: str,
    *,
    money: list[tuple[str, date, str, str]] | None = None,
    gender: str = "",
    sectors: dict[str, Decimal] | None = None,
    start: date = date(2024, 1, 1),
    acting_user: Actor = SYSTEM,
    **extra: Any,
) -> Activity:
    """A national entry, through the service; ``money`` is ``(type, day, value, currency)``."""
    entry = NationalActivity(
        identifier=f"{org.iati_identifier}-{suffix}",
        reporting_org=org,
        title=extra.pop("title", f"Support {suffix}"),
        description=extra.pop("description", f"Description of {suffix}"),
        start=start,
        gender_significance=gender,
        sectors=sectors if sectors is not None else {"15210": Decimal(100)},
        money=[MoneyLine(t, d, Decimal(v), c) for t, d, v, c in (money or [])],
        **extra,
    )
    return record_activity(country, entry, acting_user=acting_user)
