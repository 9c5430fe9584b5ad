"""The SDG indicators that speak to security sector reform, with their SDMX series.

The series of each indicator are read from the DSD's ``CL_SERIES``, whose names end with the
indicators they serve (``… [16.1.1]``), so the catalogue follows the bundled DSD and never a
list typed by hand.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from ssrmonitor.perceptions.sdg.dsd import definition

# Goal 16 (peace, justice and strong institutions) and target 5.5 (women in leadership)
INDICATORS: dict[str, str | Promise] = {
    "16.1.1": _("Victims of intentional homicide"),
    "16.1.2": _("Conflict-related deaths"),
    "16.1.3": _("Population subjected to violence"),
    "16.1.4": _("Population that feels safe walking alone around the area they live"),
    "16.2.1": _("Children who experienced violence by caregivers"),
    "16.3.1": _("Victims of violence who reported to the authorities"),
    "16.3.2": _("Unsentenced detainees"),
    "16.3.3": _("Population with a dispute who accessed a resolution mechanism"),
    "16.4.2": _("Seized arms whose illicit origin was traced"),
    "16.5.1": _("Persons who paid a bribe to a public official"),
    "16.6.1": _("Government expenditure as a share of the approved budget"),
    "16.6.2": _("Population satisfied with their last experience of public services"),
    "16.7.1": _("Positions in public institutions compared to national distributions"),
    "16.7.2": _("Population who believe decision-making is inclusive and responsive"),
    "16.10.1": _("Killings and other attacks on journalists and human rights defenders"),
    "16.a.1": _("Independent national human rights institutions"),
    "16.b.1": _("Population who felt discriminated against"),
    "5.5.1": _("Seats held by women in parliaments and local governments"),
}
BRACKETS = re.compile(r"\[([0-9a-z.,\s]+)\]\s*$")


@dataclass(frozen=True)
class Series:
    code: str
    name: str
    indicators: tuple[str, ...]


@cache
def all_series() -> dict[str, Series]:
    """Every series of ``CL_SERIES`` by its code, with the indicators it serves."""
    found: dict[str, Series] = {}
    for code, name in sorted(definition()["codelists"]["CL_SERIES"].items()):
        match = BRACKETS.search(name)
        served = (
            ()
            if match is None
            else tuple(part.strip() for part in match.group(1).split(",") if part.strip())
        )
        found[code] = Series(code, BRACKETS.sub("", name).strip(), served)
    return found


def series_of_indicator(indicator: str) -> list[Series]:
    """The series of any SDG indicator (catalogued or not), in code order."""
    return [s for s in all_series().values() if indicator in s.indicators]


@cache
def series_by_indicator() -> dict[str, list[Series]]:
    """Each catalogued indicator's series from ``CL_SERIES``, in code order."""
    found: dict[str, list[Series]] = {code: [] for code in INDICATORS}
    for entry in all_series().values():
        for indicator in entry.indicators:
            if indicator in found:
                found[indicator].append(entry)
    return found


def catalogued_series() -> dict[str, Series]:
    """Every series of the catalogue by its code."""
    return {s.code: s for entries in series_by_indicator().values() for s in entries}
