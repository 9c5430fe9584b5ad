"""Numbers, dates and sentences in the report's language: Babel for digits, gettext for words.

Everything here reads the active Django language, which the report builder sets with
``translation.override``, so a provider's ``build`` only calls these helpers.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal, InvalidOperation

from babel.dates import format_date
from babel.lists import format_list
from babel.numbers import format_decimal, format_percent
from django.utils import translation

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
