"""Number formatting shared by messages, pages and exports."""

from __future__ import annotations

from decimal import Decimal


def plain(value: Decimal | None) -> str:
    """``Decimal('14500.0000')`` → ``'14500'``, ``Decimal('1.35')`` → ``'1.35'``, not 1.45E+4."""
    if value is None:
        return ""
    text = format(value.normalize(), "f")
    return "0" if text in ("-0", "") else text
