"""Demo data of the sector app: real institution lists and public statistics.

:func:`load_demo` is idempotent: it goes through the services, and what exists is left as it
is, so a second run creates nothing and writes no audit row. What is real and what is
illustrative is listed in :mod:`ssrmonitor.sector.demo_data`; illustrative rows carry
``is_illustrative`` and the pages say so.
"""

from __future__ import annotations

from collections import Counter
from datetime import date
from decimal import Decimal

from ssrmonitor.core.actors import Actor
from ssrmonitor.core.models import Country
from ssrmonitor.core.periods import ReportingPeriod
from ssrmonitor.sector import demo_data as data
from ssrmonitor.sector import services
from ssrmonitor.sector.models import Institution, InstitutionVersion, SecurityFunction
from ssrmonitor.sector.services.personnel import CountIn
from ssrmonitor.sector.services.reference import import_reference_statistics


def _institutions(
    country: Country, rows: list[data.Row], valid_from: date, source: str, acting_user: Actor
) -> Counter[str]:
    done: Counter[str] = Counter()
    for row in rows:
        fields = dict(row)
        key = fields.pop("key")
        if Institution.objects.filter(country=country, key=key).exists():
            continue
        parent_key = fields.pop("parent", None)
        if parent_key:
            fields["parent"] = Institution.objects.get(country=country, key=parent_key)
        services.create_institution(
            acting_user=acting_user,
            country=country,
            key=key,
            valid_from=valid_from,
            source=source,
            legal_basis_reference=fields.pop("legal_basis_reference", ""),
            **fields,
        )
        done["institutions"] += 1
    return done


def _by_key(country: Country) -> dict[str, Institution]:
    return {i.key: i for i in Institution.objects.filter(country=country)}


def _oversight(country: Country, links: list[tuple[str, str, str]], acting_user: Actor) -> None:
    keys = _by_key(country)
    for overseer, overseen, instrument in links:
        services.add_oversight(
            acting_user=acting_user,
            overseer=keys[overseer],
            overseen=keys[overseen],
            instrument=instrument,
            is_illustrative=True,
        )


def _liberia(country: Country, acting_user: Actor) -> Counter[str]:
    rows = [{**row, "legal_basis_reference": data.LR_NSS} for row in data.LIBERIA]
    done = _institutions(country, rows, data.LR_FROM, data.LR_SOURCE, acting_user)
    for position, (code, en, fr, illustrative) in enumerate(data.LIBERIA_FUNCTIONS):
        services.create_function(
            acting_user=acting_user,
            country=country,
            code=code,
            names={"en": en, "fr": fr},
            position=position,
            is_illustrative=illustrative,
        )
    keys = _by_key(country)
    functions = {f.code: f for f in SecurityFunction.objects.filter(country=country)}
    for code, key, role in data.LIBERIA_ROLES:
        services.set_role(
            functions[code], keys[key], acting_user=acting_user, role=role, is_illustrative=True
        )
    _oversight(country, data.LIBERIA_OVERSIGHT, acting_user)
    _liberia_figures(keys, country, acting_user)
    return done


def _split(total_women: int, total_men: int, unit: str = "") -> list[CountIn]:
    """An illustrative rank split that adds up exactly to the real totals by sex."""
    women_officers, women_ncos = round(total_women * 0.06), round(total_women * 0.2)
    men_officers, men_ncos = round(total_men * 0.1), round(total_men * 0.25)
    return [
        CountIn(unit, "officer", "female", women_officers),
        CountIn(unit, "nco", "female", women_ncos),
        CountIn(unit, "other", "female", total_women - women_officers - women_ncos),
        CountIn(unit, "officer", "male", men_officers),
        CountIn(unit, "nco", "male", men_ncos),
        CountIn(unit, "other", "male", total_men - men_officers - men_ncos),
    ]


def _liberia_figures(keys: dict[str, Institution], country: Country, acting_user: Actor) -> None:
    # AFL 2015: 2,050 armed forces personnel (World Bank / IISS via OWID): real total;
    # the split by sex and rank is illustrative.
    services.record_personnel_return(
        keys["AFL"],
        acting_user=acting_user,
        period=ReportingPeriod.parse("2015"),
        counts=_split(62, 1988),
        source="Total: World Bank MS.MIL.TOTL.P1 via OWID (2015). Split: illustrative.",
        is_illustrative=True,
    )
    for economic, allocated, executed in (
        ("personnel", "9800000", "9500000"),
        ("goods_services", "3100000", "2400000"),
        ("capital", "1200000", "600000"),
    ):
        services.record_budget_line(
            keys["AFL"],
            acting_user=acting_user,
            fiscal_year=2015,
            economic=economic,
            cofog="02",
            funding_source="domestic",
            allocated=Decimal(allocated),
            executed=Decimal(executed),
            currency="USD",
            source="Illustrative",
            is_illustrative=True,
        )
    services.record_budget_line(
        keys["AFL"],
        acting_user=acting_user,
        fiscal_year=2015,
        economic="capital",
        cofog="02",
        funding_source="external_off_budget",
        allocated=Decimal(2500000),
        executed=Decimal(2300000),
        currency="USD",
        source="Illustrative",
        is_illustrative=True,
    )
    services.set_fiscal_context(
        country,
        acting_user=acting_user,
        fiscal_year=2015,
        currency="USD",
        gdp=Decimal(2000000000),
        total_public_expenditure=Decimal(600000000),
        population=4500000,
        source="Illustrative",
        is_illustrative=True,
    )


def _haiti(country: Country, acting_user: Actor) -> Counter[str]:
    done = _institutions(country, data.HAITI, date(2018, 5, 2), data.HT_SOURCE, acting_user)
    keys = _by_key(country)
    _oversight(country, data.HAITI_OVERSIGHT, acting_user)
    for month, women, total, symbol in data.PNH_STRENGTH:
        udmo = _split(min(women, 40), min(total - women, 900), "UDMO")
        rest = _split(women - 40, total - women - 900, "")
        services.record_personnel_return(
            keys["PNH"],
            acting_user=acting_user,
            period=ReportingPeriod.parse(month),
            counts=[*udmo, *rest],
            source=f"Totals by sex: {symbol} (real). Units and ranks: illustrative.",
            is_illustrative=True,
        )
    services.set_personnel_target(
        keys["PNH"],
        acting_user=acting_user,
        rank="",
        target_share=Decimal(11),
        baseline_share=Decimal(9),
        baseline_date=date(2018, 5, 2),
        target_date=date(2019, 10, 31),
        source="MINUJUSTH benchmark indicator 4.3 (S/2018/527)",
    )
    return done


def _somalia(country: Country, acting_user: Actor) -> Counter[str]:
    done = _institutions(country, data.SOMALIA, date(2017, 4, 1), data.SO_SOURCE, acting_user)
    keys = _by_key(country)
    for key, mandate in data.SOMALIA_2023.items():
        change_day = date(2023, 1, 1)
        if InstitutionVersion.objects.filter(institution=keys[key], valid_from=change_day).exists():
            continue
        services.change_institution(
            keys[key],
            acting_user=acting_user,
            valid_from=change_day,
            change_note="2023 revision of the National Security Architecture",
            mandate=mandate,
        )
        done["changes"] += 1
    return done


def load_demo(*, acting_user: Actor) -> dict[str, int]:
    """Load the sector demo (see the module docstring); return what was created.

    Countries missing from the database (run ``load_reference`` first) are skipped. The actor
    needs ``sector.edit``, and ``sector.import`` for the reference statistics (the system that
    runs the demo holds every sector action).
    """
    summary: Counter[str] = Counter()
    countries = {c.iso2: c for c in Country.objects.filter(iso2__in=["LR", "HT", "CF", "CD", "SO"])}
    if "LR" in countries:
        summary += _liberia(countries["LR"], acting_user)
    if "HT" in countries:
        summary += _haiti(countries["HT"], acting_user)
    if "CF" in countries:
        summary += _institutions(
            countries["CF"], data.CAR, date(2017, 3, 10), data.CAR_SOURCE, acting_user
        )
    if "CD" in countries:
        summary += _institutions(
            countries["CD"], data.DRC, date(2019, 12, 12), data.DRC_SOURCE, acting_user
        )
    if "SO" in countries:
        summary += _somalia(countries["SO"], acting_user)
    if countries:
        statistics = import_reference_statistics(acting_user=acting_user)
        summary["reference_values"] += sum(s.created for s in statistics)
    return dict(summary)
