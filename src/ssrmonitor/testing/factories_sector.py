"""Builders of sector data for tests: they call the sector services as the system user."""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

import pycountry

from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.sector import services
from ssrmonitor.sector.models import Institution, PersonnelReturn
from ssrmonitor.sector.services.personnel import CountIn
from ssrmonitor.testing.actors import SYSTEM
from ssrmonitor.testing.factories import country


def real_country(iso2: str) -> Country:
    """Any real ISO 3166 country (from pycountry), created on first use."""
    entry = pycountry.countries.get(alpha_2=iso2)
    found, _created = Country.objects.get_or_create(
        iso2=iso2,
        defaults={"iso3": entry.alpha_3, "m49_code": entry.numeric, "name": entry.name},
    )
    return found


def make_institution(
    iso2: str = "HT",
    key: str = "PNH",
    kind: str = "police",
    *,
    valid_from: date = date(2010, 1, 1),
    is_public: bool = True,
    **fields: Any,
) -> Institution:
    """An institution of a real country, created through the service."""
    fields.setdefault("names", {"en": f"{key} (en)", "fr": f"{key} (fr)"})
    return services.create_institution(
        acting_user=SYSTEM,
        country=country(iso2),
        key=key,
        kind=kind,
        valid_from=valid_from,
        is_public=is_public,
        **fields,
    )


def make_return(
    institution: Institution,
    period: str = "2024",
    cells: dict[tuple[str, str, str], int] | None = None,
) -> PersonnelReturn:
    """A personnel return; ``cells`` maps (unit, rank, sex) to persons."""
    cells = cells or {
        ("", "officer", "female"): 3,
        ("", "officer", "male"): 40,
        ("", "nco", "female"): 12,
        ("", "nco", "male"): 80,
        ("", "other", "female"): 60,
        ("", "other", "male"): 400,
    }
    counts = [CountIn(unit, rank, sex, n) for (unit, rank, sex), n in cells.items()]
    return services.record_personnel_return(
        institution, acting_user=SYSTEM, period=ReportingPeriod.parse(period), counts=counts
    )


def make_budget_line(institution: Institution, **values: Any) -> Any:
    """A domestic personnel line of 2024 unless told otherwise."""
    defaults: dict[str, Any] = {
        "fiscal_year": 2024,
        "economic": "personnel",
        "cofog": "03",
        "funding_source": "domestic",
        "allocated": Decimal(1000),
        "executed": Decimal(900),
        "currency": "HTG",
    }
    return services.record_budget_line(institution, acting_user=SYSTEM, **{**defaults, **values})
