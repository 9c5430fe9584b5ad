"""CSV and XLSX downloads of the coordination analysis (formula-escaped, money never mixed).

Money columns: ``*_usd`` holds what could be converted with a loaded rate; ``*_other`` lists,
per currency, what could not (``EUR 10000``) — the two are never added together.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator
from datetime import datetime
from decimal import Decimal

from django.http import HttpResponse, StreamingHttpResponse
from django.http.response import HttpResponseBase
from django.utils import timezone
from openpyxl import Workbook

from ssrmonitor.core.exports import csv_cell, xlsx_cell
from ssrmonitor.core.numbers import plain
from ssrmonitor.core.permissions import NotFound
from ssrmonitor.support.analytics import CountryAnalysis
from ssrmonitor.support.money import MoneyBag

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Cell = str | int | Decimal | None
TABLES = ("flows", "coverage", "overlaps", "who_does_what", "gender")


def _other(bag: MoneyBag) -> str:
    return "; ".join(f"{c} {plain(v)}" for c, v in sorted(bag.unconverted.items()) if v)


def _money(bag: MoneyBag) -> list[Cell]:
    return [bag.usd, _other(bag)]


def table(analysis: CountryAnalysis, name: str) -> tuple[list[str], list[list[Cell]]]:
    """Header and rows of one table of the analysis."""
    if name == "flows":
        head = ["partner", "component", "year", "commitments_usd", "commitments_other"]
        head += ["disbursements_usd", "disbursements_other"]
        rows = [
            [p, c, y, *_money(f.commitments), *_money(f.disbursements)]
            for (p, c, y), f in sorted(analysis.by_partner.items())
        ]
        return head, rows
    if name == "coverage":
        head = ["code", "priority", "status", "activities", "partners"]
        head += ["commitments_usd", "commitments_other", "disbursements_usd", "disbursements_other"]
        rows = [
            [
                c.node.code,
                c.node.title,
                c.status,
                len(c.activities),
                "; ".join(sorted(c.partners)),
                *_money(c.money.commitments),
                *_money(c.money.disbursements),
            ]
            for c in analysis.coverage
        ]
        return head, rows
    if name == "overlaps":
        head = ["code", "priority", "component", "partners", "activities"]
        rows = [
            [o.node.code, o.node.title, o.component, "; ".join(o.partners), "; ".join(o.activities)]
            for o in analysis.overlaps
        ]
        return head, rows
    if name == "who_does_what":
        head = ["partner", "component", "activities"]
        rows = [
            [p, c, n]
            for p, row in sorted(analysis.who_does_what.items())
            for c, n in sorted(row.items())
        ]
        return head, rows
    if name == "gender":
        return ["significance", "activities"], [[k, v] for k, v in sorted(analysis.gender.items())]
    raise NotFound


def _text(value: Cell) -> str | Decimal | None:
    return Decimal(value) if isinstance(value, int) else value


class _Echo:
    def write(self, value: str) -> str:
        return value


def _csv(head: list[str], rows: list[list[Cell]]) -> Iterator[str]:
    writer = csv.writer(_Echo())
    yield "\ufeff" + writer.writerow(head)
    for row in rows:
        yield writer.writerow([csv_cell(_text(value)) for value in row])


def _xlsx(analysis: CountryAnalysis) -> bytes:
    workbook = Workbook(write_only=True)
    for name in TABLES:
        head, rows = table(analysis, name)
        sheet = workbook.create_sheet(name)
        sheet.append(head)
        for row in rows:
            sheet.append([xlsx_cell(_text(value)) for value in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def export_response(analysis: CountryAnalysis, fmt: str, name: str = "flows") -> HttpResponseBase:
    """``csv`` (one table, streamed) or ``xlsx`` (every table, one sheet each)."""
    now: datetime = timezone.now()
    slug = f"ssrmonitor-support-{analysis.country.iso2}-{now:%Y%m%d-%H%M}"
    response: HttpResponseBase
    if fmt == "csv":
        head, rows = table(analysis, name)
        response = StreamingHttpResponse(_csv(head, rows), content_type="text/csv; charset=utf-8")
        filename = f"{slug}-{name}.csv"
    elif fmt == "xlsx":
        response = HttpResponse(_xlsx(analysis), content_type=XLSX_TYPE)
        filename = f"{slug}.xlsx"
    else:
        raise NotFound
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response
