"""Names of the Security Council sanctions regimes, by the list code the XML uses.

The codes are the ``UN_LIST_TYPE`` values of the consolidated list; the names and resolutions
come from the Security Council's sanctions pages (https://main.un.org/securitycouncil/en/sanctions/information).
A code not in this table is shown as it stands in the file.
"""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

REGIME_NAMES = {
    "Al-Qaida": _("ISIL (Da'esh) and Al-Qaida — resolutions 1267 (1999), 1989 (2011), 2253 (2015)"),
    "Taliban": _("Taliban — resolution 1988 (2011)"),
    "Iraq": _("Iraq — resolution 1518 (2003)"),
    "DPRK": _("Democratic People's Republic of Korea — resolution 1718 (2006)"),
    "Iran": _("Iran — resolution 1737 (2006)"),
    "DRC": _("Democratic Republic of the Congo — resolution 1533 (2004)"),
    "CAR": _("Central African Republic — resolution 2127 (2013)"),
    "Somalia": _("Somalia and Al-Shabaab — resolutions 751 (1992), 2713 (2023)"),
    "SouthSudan": _("South Sudan — resolution 2206 (2015)"),
    "Sudan": _("Sudan — resolution 1591 (2005)"),
    "Libya": _("Libya — resolution 1970 (2011)"),
    "Yemen": _("Yemen — resolution 2140 (2014)"),
    "GB": _("Guinea-Bissau — resolution 2048 (2012)"),
    "Haiti": _("Haiti — resolution 2653 (2022)"),
    "Mali": _("Mali — resolution 2374 (2017), ended on 31 August 2023"),
}


def regime_name(code: str) -> str:
    """The regime's name for its list code (the code itself when unknown)."""
    return str(REGIME_NAMES.get(code, code))
