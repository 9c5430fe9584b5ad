"""Issue 14: amounts and counts read with thousands separators in the page's language, while
files and form inputs keep plain numbers."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.utils import translation

from ssrmonitor.core.charts import number
from ssrmonitor.core.numbers import plain, readable

NBSP = "\N{NO-BREAK SPACE}"


@pytest.mark.parametrize(
    ("lang", "value", "shown"),
    [
        ("en", Decimal("47398562"), "47,398,562"),
        ("fr", Decimal("47398562"), f"47{NBSP}398{NBSP}562"),
        ("en", Decimal("47398562.5000"), "47,398,562.5"),
        ("fr", Decimal("1234.5"), f"1{NBSP}234,5"),
        ("en", Decimal("1.3500"), "1.35"),
        ("en", Decimal("1.45E+4"), "14,500"),
        ("en", 1200, "1,200"),
        ("en", Decimal("-2500"), "-2,500"),
        ("en", None, "—"),
    ],
)
def test_readable_groups_thousands_in_the_active_language(
    lang: str, value: Decimal | int | None, shown: str
) -> None:
    with translation.override(lang):
        assert readable(value) == shown


def test_charts_and_pages_use_the_grouped_form_and_files_the_plain_one() -> None:
    with translation.override("en"):
        assert number(Decimal("47398562")) == "47,398,562"
    assert plain(Decimal("47398562.0000")) == "47398562"
