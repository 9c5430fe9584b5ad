"""Numbers, dates and sentences in the report's language: Babel for digits, gettext for words.

Everything here reads the active Django language, which the report builder sets with
``translation.override``, so a provider's ``build`` only calls these helpers.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Sequence
from datetime import date
from decimal import Decimal, InvalidOperation

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from django.utils import translation

from ssrmonitor.core.names import territory_name

# United Nations documents write English the British way: "31 December 2019".
_LOCALES = {"en": "en_GB", "fr": "fr"}


def locale() -> str:
    """The Babel locale of the active language (British English when none is active)."""
    language = (translation.get_language() or "en").split("-")[0]
    return _LOCALES.get(language, language)


def number(text: str | None) -> str:
    """A value stored as text (``"1234.5"``) written for readers (``1,234.5`` / ``1 234,5``)."""
    if text is None or text == "":
        return "—"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return text
    return str(format_decimal(value, locale=locale(), decimal_quantization=False))


def count(value: int) -> str:
    """An integer with the language's grouping (``1,200`` / ``1 200``)."""
    return str(format_decimal(value, locale=locale()))


def percent(text: str | None) -> str:
    """``"62.5"`` (a percent of the way) as ``62.5%`` / ``62,5 %``."""
    if text is None or text == "":
        return "—"
    share = Decimal(text) / 100
    return str(format_percent(share, locale=locale(), decimal_quantization=False))


def day(text: str | None) -> str:
    """An ISO date as ``2 May 2018`` / ``2 mai 2018``; ``—`` when unknown."""
    if not text:
        return "—"
    return str(format_date(date.fromisoformat(text), format="long", locale=locale()))


def enumeration(items: list[str]) -> str:
    """``a, b and c`` / ``a, b et c``."""
    return str(format_list(items, locale=locale())) if items else ""


def country(stored: str, iso2: str | None = None) -> str:
    """A country of a payload in the report's language: its CLDR name from ``iso2``.

    In English, and for payloads frozen before they kept the ISO code, the stored name.
    """
    return territory_name(iso2, stored) if iso2 else stored


def countries(stored: Sequence[str], codes: Sequence[str] | None = None) -> list[str]:
    """Countries of a payload (names, with their ISO codes when kept) named in the report's
    language and sorted in it (:func:`alphabetical`)."""
    found = list(codes or [])
    named = [country(name, found[n] if n < len(found) else None) for n, name in enumerate(stored)]
    return sorted(named, key=alphabetical)


def alphabetical(text: str) -> str:
    """A sort key that files an accented letter with its base letter ("Haïti" as "Haiti")."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()
