"""Reading the bundled public reference statistics (World Bank, OWID, UN Statistics).

Each reader turns one file into :class:`Parsed` rows ``(ISO3, year, value)`` and counts what
it skipped and why. The policy for the real glitches of these files (see ``data/PROVENANCE.md``):

* **Aggregates.** The World Bank file mixes countries with regional and income aggregates
  (``SSF``, ``WLD``, ``FCS``…); OWID has aggregates as entity names ("Sub-Saharan Africa",
  "World"). Only rows that resolve to an ISO 3166-1 country are kept; the others are counted
  as ``aggregate or unknown area``.
* **Implausible values.** Military expenditure below 0.01 % of GDP or above 200 % is refused
  and counted as ``implausible``: the World Bank file gives Somalia 3.29E-05 % in 2016 (and
  similar values for 1989, 2013 and 2014), an obvious unit error in the source. Values above
  100 % are kept: Kuwait 1991 (117 %, the Gulf War) and Nicaragua 1990 (103 %) are real.
  Refused values are never stored; they are listed in the summary so someone can check them.
* **Missing values.** Empty cells, ``..`` and ``NaN`` are missing and skipped. (The Correlates
  of War file uses ``-9`` for missing; it is not bundled, because its terms are not a
  redistribution licence, and a reader for it must treat ``-9`` as missing, never as a value.)
* **UN Statistics** rows are kept only for country data (``NATURE = C``) and women (``SEX =
  F``); the share is a percentage.
"""

from __future__ import annotations

import csv
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

import pycountry

DATA_DIR = Path(__file__).resolve().parent / "data"
MISSING = {"", "..", "nan", "NaN", "NA", "N/A"}
MILEX_RANGE = (Decimal("0.01"), Decimal(200))
SHARE_RANGE = (Decimal(0), Decimal(100))

OWID_NAMES = {
    "Democratic Republic of Congo": "COD",
    "Congo": "COG",
    "Cape Verde": "CPV",
    "Cote d'Ivoire": "CIV",
    "Timor": "TLS",
    "Laos": "LAO",
    "Micronesia": "FSM",
    "North Korea": "PRK",
    "South Korea": "KOR",
    "Russia": "RUS",
    "Syria": "SYR",
    "Iran": "IRN",
    "Vietnam": "VNM",
    "Brunei": "BRN",
    "Bolivia": "BOL",
    "Venezuela": "VEN",
    "Tanzania": "TZA",
    "Moldova": "MDA",
    "Palestine": "PSE",
    "Faeroe Islands": "FRO",
    "Turkey": "TUR",
    "Curacao": "CUW",
    "Macao": "MAC",
    "Hong Kong": "HKG",
    "Saint Martin (French part)": "MAF",
    "Sint Maarten (Dutch part)": "SXM",
    "United States Virgin Islands": "VIR",
    "British Virgin Islands": "VGB",
}
_ISO3 = {country.alpha_3 for country in pycountry.countries}


@dataclass(frozen=True)
class SeriesMeta:
    """What is stored with a series: its code, name, unit, source and licence."""

    code: str
    name: str
    unit: str
    source: str
    licence: str
    notes: str = ""


@dataclass
class Parsed:
    """The rows read from one file and what was skipped, by reason."""

    meta: SeriesMeta
    rows: list[tuple[str, int, Decimal]] = field(default_factory=list)
    skipped: Counter[str] = field(default_factory=Counter)
    refused: list[str] = field(default_factory=list)


WDI_MILEX = SeriesMeta(
    code="WB:MS.MIL.XPND.GD.ZS",
    name="Military expenditure (% of GDP)",
    unit="% of GDP",
    source="World Bank, World Development Indicators (from SIPRI), vintage 2018-02-22",
    licence="CC BY 4.0",
)
OWID_PERSONNEL = SeriesMeta(
    code="WB:MS.MIL.TOTL.P1",
    name="Armed forces personnel, total",
    unit="persons",
    source="Our World in Data, from World Bank WDI MS.MIL.TOTL.P1 (IISS Military Balance)",
    licence="CC BY 4.0",
)
UNSD_POLICE = SeriesMeta(
    code="UNSD:IV.4",
    name="Share of female police officers",
    unit="%",
    source="UN Statistics Division, Minimum Set of Gender Indicators IV.4 (UNODC UN-CTS)",
    licence="UN terms of use (UN data, attribution)",
)
UNSD_JUDGES = SeriesMeta(
    code="UNSD:IV.5",
    name="Share of female judges",
    unit="%",
    source="UN Statistics Division, Minimum Set of Gender Indicators IV.5 (UNODC)",
    licence="UN terms of use (UN data, attribution)",
)


def number(text: str) -> Decimal | None:
    """A decimal, or ``None`` for a missing marker."""
    cleaned = text.strip()
    if cleaned in MISSING:
        return None
    try:
        value = Decimal(cleaned)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def iso3_of_name(name: str) -> str | None:
    """The ISO3 code of an OWID entity name, ``None`` for an aggregate or unknown area."""
    if name in OWID_NAMES:
        return OWID_NAMES[name]
    try:
        return str(pycountry.countries.lookup(name).alpha_3)
    except LookupError:
        return None


def _keep(
    parsed: Parsed,
    iso3: str | None,
    year: int,
    value: Decimal | None,
    bounds: tuple[Decimal, Decimal],
) -> None:
    if iso3 is None or iso3 not in _ISO3:
        parsed.skipped["aggregate or unknown area"] += 1
    elif value is None:
        parsed.skipped["missing"] += 1
    elif not bounds[0] <= value <= bounds[1]:
        parsed.skipped["implausible"] += 1
        parsed.refused.append(f"{iso3} {year}: {value}")
    else:
        parsed.rows.append((iso3, year, value))


def _wdi_rows(path: Path) -> Iterator[list[str]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        rows = csv.reader(handle)
        for row in rows:
            if row[:2] == ["Country Name", "Country Code"]:
                yield row
                yield from rows
                return


def read_wdi(path: Path) -> Parsed:
    """The World Bank bulk CSV of military expenditure (% of GDP): 4 preamble lines first."""
    parsed = Parsed(WDI_MILEX)
    rows = _wdi_rows(path)
    header = next(rows)
    years = [(i, int(h)) for i, h in enumerate(header) if h.strip().isdigit()]
    for row in rows:
        if len(row) < 4:
            continue
        iso3 = row[1].strip()
        if iso3 not in _ISO3:
            parsed.skipped["aggregate or unknown area"] += 1
            continue
        for index, year in years:
            value = number(row[index]) if index < len(row) else None
            if value is not None:
                _keep(parsed, iso3, year, value, MILEX_RANGE)
    return parsed


def read_owid_personnel(path: Path) -> Parsed:
    """OWID's armed forces personnel file (country names, one row per year)."""
    parsed = Parsed(OWID_PERSONNEL)
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.reader(handle)
        next(reader)
        for entity, year, personnel, *_rest in reader:
            value = number(personnel)
            if value is None:
                continue
            _keep(parsed, iso3_of_name(entity), int(year), value, (Decimal(0), Decimal(10**8)))
    return parsed


def read_unsd(path: Path, meta: SeriesMeta) -> Parsed:
    """A UNSD Minimum Set series file (tab-separated): women's share, country data only."""
    parsed = Parsed(meta)
    with path.open(encoding="utf-8", newline="") as handle:
        for row in csv.DictReader(handle, delimiter="\t"):
            if row.get("NATURE") != "C" or row.get("SEX") != "F":
                parsed.skipped["not country data for women"] += 1
                continue
            year = int(row["TIME_PERIOD"])
            _keep(parsed, row["ISO3"].strip(), year, number(row["OBS_VALUE"]), SHARE_RANGE)
    return parsed


def read_bundled(directory: Path = DATA_DIR) -> list[Parsed]:
    """Every bundled series, read from ``directory``."""
    return [
        read_wdi(directory / "wdi_MS.MIL.XPND.GD.ZS_2018.csv"),
        read_owid_personnel(directory / "owid_armed_forces_personnel_wdi_iiss.csv"),
        read_unsd(directory / "unsd_IV_4_female_police.tsv", UNSD_POLICE),
        read_unsd(directory / "unsd_IV_5_female_judges.tsv", UNSD_JUDGES),
    ]
