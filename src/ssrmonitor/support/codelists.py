"""The official IATI codelists bundled in ``support/data/codelists/``: labels and validation.

Each list is read on first use and kept in memory (a few hundred kilobytes for all of them). A
label is given in the requested language when the codelist has a narrative in it (several carry
French names), else in English. ``SSR_SECTORS`` is the DAC sector filter of the importer.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from lxml import etree

from ssrmonitor.support.iati.records import ActivityRecord
from ssrmonitor.support.iati.safe import safe_parser

DATA = Path(__file__).resolve().parent / "data" / "codelists"
XML_LANG = "{http://www.w3.org/XML/1998/namespace}lang"

# DAC 5-digit purpose codes of security-sector support (vocabulary 1).
SSR_SECTORS_5 = frozenset(
    {"15210", "15220", "15230", "15240", "15250", "15261", "15130", "15170", "15180"}
)
# The 7-digit voluntary DAC codes of the newer lists (``latest-dac`` branch of the IATI
# codelists): organised crime, violent extremism, cyber security, transitional and international
# criminal justice, WMD disarmament.
SSR_SECTORS_7 = frozenset(
    {"1513010", "1513020", "1513030", "1516010", "1516020", "1520010", "1520020"}
)
# DAC 3-digit category "Conflict, peace and security" (vocabulary 2).
SSR_CATEGORIES_3 = frozenset({"152"})

GENDER_EQUALITY = "1"  # PolicyMarker code of gender equality
COMMITMENT = "2"
DISBURSEMENT = "3"
EXPENDITURE = "4"


@dataclass(frozen=True)
class Item:
    """One code of a codelist, with its names by language and whether it is withdrawn."""

    code: str
    names: dict[str, str]
    withdrawn: bool


def _names(element: etree._Element) -> dict[str, str]:
    names: dict[str, str] = {}
    for narrative in element.iterfind("name/narrative"):
        language = (narrative.get(XML_LANG) or "en").lower()
        names.setdefault(language, (narrative.text or "").strip())
    return names


@cache
def codelist(name: str) -> dict[str, Item]:
    """All items of the bundled codelist ``name`` (e.g. ``"Sector"``), by code."""
    path = DATA / f"{name}.xml"
    root = etree.parse(str(path), safe_parser()).getroot()
    items: dict[str, Item] = {}
    for element in root.iterfind("codelist-items/codelist-item"):
        code = (element.findtext("code") or "").strip()
        items[code] = Item(code, _names(element), element.get("status") == "withdrawn")
    return items


def available() -> list[str]:
    """Names of the bundled codelists."""
    return sorted(path.stem for path in DATA.glob("*.xml"))


def is_valid(name: str, code: str) -> bool:
    """True when ``code`` is in the codelist ``name`` (withdrawn codes stay valid for old data)."""
    return code in codelist(name)


def label(name: str, code: str, language: str = "en") -> str:
    """The name of ``code`` in ``language`` (falling back to English), or the code itself."""
    item = codelist(name).get(code)
    if item is None:
        return code
    wanted = language.lower()[:2]
    return item.names.get(wanted) or item.names.get("en") or code


def is_ssr_sector(vocabulary: str, code: str) -> bool:
    """True for the DAC codes of security-sector support.

    Vocabulary ``1`` (or absent, the IATI default) is the DAC 5-digit list, to which the newer
    DAC lists add 7-digit voluntary codes (``SSR_SECTORS_7``). Vocabulary ``2`` is the DAC
    3-digit list, where 152 "Conflict, peace and security" counts.
    """
    vocabulary = vocabulary or "1"
    if vocabulary == "1":
        return code in SSR_SECTORS_5 or code in SSR_SECTORS_7
    if vocabulary == "2":
        return code in SSR_CATEGORIES_3
    return False


def unknown_codes(record: ActivityRecord) -> list[str]:
    """``"<codelist> <code>"`` for every code of ``record`` missing from its IATI codelist.

    Checked: activity status, organisation roles, recipient countries, DAC sectors (vocabulary 1
    and 2), policy significance, transaction types and currencies. The importer reports them as
    warnings: the data is kept as published.
    """
    checks: list[tuple[str, str]] = [("ActivityStatus", record.status)] if record.status else []
    checks += [("OrganisationRole", p.role) for p in record.participants]
    checks += [("Country", c.code) for c in record.countries]
    for sector in record.all_sectors():
        if (sector.vocabulary or "1") in ("1", "2"):
            name = "Sector" if (sector.vocabulary or "1") == "1" else "SectorCategory"
            checks.append((name, sector.code))
    checks += [("PolicySignificance", m.significance) for m in record.markers if m.significance]
    for transaction in record.transactions:
        checks += [
            ("TransactionType", transaction.transaction_type),
            ("Currency", transaction.money.currency),
        ]
    checks += [("Currency", b.money.currency) for b in record.budgets]
    return sorted({f"{name} {code}" for name, code in checks if not is_valid(name, code)})
