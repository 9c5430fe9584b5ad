"""Number formatting shared by messages, pages and exports."""

from __future__ import annotations

from decimal import Decimal

from django.utils.formats import number_format


def plain(value: Decimal | None) -> str:
    """``Decimal('14500.0000')`` → ``'14500'``, ``Decimal('1.35')`` → ``'1.35'``, not 1.45E+4."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text


def readable(value: Decimal | int | float | None) -> str:
    """A value as people read it in the active language: no trailing zeros, no exponent, and
    thousands grouped (``Decimal('47398562.50')`` → ``47,398,562.5`` / ``47 398 562,5``);
    ``—`` when there is none. For pages, charts and reports; CSV, XLSX and form inputs keep
    :func:`plain` numbers."""
    if value is None:
        return "—"
    exact = Decimal(plain(value if isinstance(value, Decimal) else Decimal(str(value))))
    return number_format(exact, use_l10n=True, force_grouping=True)


def money(value: Decimal | int, currency: str) -> str:
    """``USD 47,398,562``: the currency code, then the amount in whole units, grouped as the
    active language groups thousands (:func:`readable`)."""
    return f"{currency}\N{NO-BREAK SPACE}{readable(Decimal(value).quantize(Decimal(1)))}"
