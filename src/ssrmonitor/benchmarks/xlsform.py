"""A framework's indicator values of one period as an XLSForm, for ODK Collect or KoboToolbox.

One question per indicator entered by hand (fed indicators take their values elsewhere): a
decimal, constrained to the indicator's allowed range, labelled with its number, definition and
unit, with baseline and target as hint; the period and the framework are fixed in the form's
id. ``pyxform`` converts the workbook to an XForm before it is offered, so a form that ODK would
refuse is never handed out (:func:`to_xform`).
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ssrmonitor.benchmarks.models import Framework, Indicator
from ssrmonitor.core.periods import ReportingPeriod

SURVEY = ["type", "name", "label", "hint", "constraint", "constraint_message", "required"]


def field_name(indicator: Indicator) -> str:
    """The XLSForm name of an indicator's question (its column in the submissions CSV)."""
    return f"indicator_{indicator.pk}"


def _constraint(indicator: Indicator) -> tuple[str, str]:
    low, high = indicator.allowed_range()
    parts = []
    if low is not None:
        parts.append(f". >= {_plain(low)}")
    if high is not None:
        parts.append(f". <= {_plain(high)}")
    if not parts:
        return "", ""
    words = _("Between %(low)s and %(high)s.") % {
        "low": "…" if low is None else _plain(low),
        "high": "…" if high is None else _plain(high),
    }
    return " and ".join(parts), words


def _plain(value: Decimal) -> str:
    return format(value.normalize(), "f")


def _row(indicator: Indicator) -> list[str]:
    constraint, message = _constraint(indicator)
    label = f"{indicator.code} {indicator.definition}".strip()
    if indicator.unit:
        label += f" ({indicator.unit})"
    hint = _("Baseline %(baseline)s, target %(target)s.") % {
        "baseline": "—" if indicator.baseline_value is None else _plain(indicator.baseline_value),
        "target": "—" if indicator.target_value is None else _plain(indicator.target_value),
    }
    return ["decimal", field_name(indicator), label[:500], hint, constraint, message, "no"]


def period_form(framework: Framework, period: ReportingPeriod) -> bytes:
    """The XLSForm (XLSX) of the framework's indicators entered by hand, for ``period``."""
    book = Workbook()
    survey = book.active
    assert survey is not None  # noqa: S101 - a new workbook has its sheet
    survey.title = "survey"
    survey.append(SURVEY)
    indicators = Indicator.objects.filter(benchmark__framework=framework).order_by(
        "benchmark__position", "benchmark_id", "position", "pk"
    )
    for indicator in indicators:
        if not indicator.is_fed:
            survey.append(_row(indicator))
    settings = book.create_sheet("settings")
    settings.append(["form_title", "form_id", "version"])
    settings.append([
        f"{framework} — {period}"[:250],
        f"ssrmonitor_framework_{framework.pk}_{str(period).replace('-', '_')}",
        str(period),
    ])  # fmt: skip
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_xform(xlsform: bytes) -> str:
    """The XForm XML of an XLSForm, by ``pyxform`` (raises its error for an invalid form)."""
    from pyxform.xls2xform import convert

    result = convert(xlsform=io.BytesIO(xlsform), file_type=".xlsx", form_name="data")
    return str(result.xform)
