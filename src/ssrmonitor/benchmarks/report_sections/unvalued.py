"""Indicators without an approved value, listed compactly in one table of the country report
(issue 14: each was given an empty chart, and the Haiti 2019-H2 report ran to 72 pages)."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.sections import formatting as fmt
from ssrmonitor.core.sections.document import Column, Row, Table

Data = dict[str, Any]


def has_value(ind: Data) -> bool:
    """True when the indicator has an approved value by the end of the period."""
    return ind["latest"] is not None


def with_day(value: str | None, text: str, day: str | None) -> str:
    """A baseline or target: the number (else the document's words), with its date."""
    shown = fmt.number(value) if value is not None else (text or "—")
    return f"{shown} ({fmt.day(day)})" if day else shown


def short(text: str, limit: int = 110) -> str:
    """``text`` cut to ``limit`` characters with an ellipsis (the full wording is in the
    framework's page and source document)."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def unvalued_table(data: Data, host: bool) -> Table | None:
    """One compact table of every indicator without an approved value (instead of an empty
    chart each, issue 14) of the UN and joint benchmarks, or of the host country's commitments
    (``host``): framework as a group row, then code, definition, baseline, target."""
    rows: list[Row] = []
    for framework in data["frameworks"]:
        found = [
            ind
            for bench in framework["benchmarks"]
            if bench["host"] == host
            for ind in bench["indicators"]
            if not has_value(ind)
        ]
        if not found:
            continue
        rows.append(Row([framework["title"], "", ""], group=True))
        rows += [
            Row(
                [
                    short(f"{ind['code']} {ind['definition']}".strip()),
                    with_day(ind["baseline"], ind["baseline_text"], ind["baseline_date"]),
                    with_day(ind["target"], ind["target_text"], ind["target_date"]),
                ]
            )
            for ind in found
        ]
    if not rows:
        return None
    columns = [
        Column(_("Indicator")),
        Column(_("Baseline"), numeric=True),
        Column(_("Target"), numeric=True),
    ]
    return Table(_("Indicators without an approved value by the end of the period"), columns, rows)
