"""XLSForm workbooks for ODK Collect and KoboToolbox, checked by ``pyxform`` before use.

The apps describe their forms as rows (the ``survey``, ``choices`` and ``settings`` sheets);
:func:`xlsform` writes the workbook and :func:`checked` converts it to an XForm with
``pyxform``, so that a form ODK would refuse is never handed out.
"""

from __future__ import annotations

import io
import re
from collections.abc import Sequence

from django.utils.translation import gettext as _
from openpyxl import Workbook

from ssrmonitor.core.errors import ValidationFailed

SURVEY = ("type", "name", "label", "hint", "constraint", "constraint_message", "required")
CHOICES = ("list_name", "name", "label")
_NOT_NAME = re.compile(r"[^A-Za-z0-9_]")


def xml_name(prefix: str, text: str) -> str:
    """A valid XLSForm name from ``text`` (``Q37G`` → ``q_Q37G``; other signs → ``_``)."""
    return f"{prefix}_{_NOT_NAME.sub('_', text)}"


def xlsform(
    survey: Sequence[Sequence[str]],
    settings: dict[str, str],
    choices: Sequence[Sequence[str]] = (),
) -> bytes:
    """The XLSX of a form: ``survey`` rows as :data:`SURVEY`, ``choices`` as :data:`CHOICES`."""
    book = Workbook()
    sheet = book.active
    assert sheet is not None  # noqa: S101 - a new workbook has its sheet
    sheet.title = "survey"
    sheet.append(SURVEY)
    for row in survey:
        sheet.append(list(row))
    if choices:
        listed = book.create_sheet("choices")
        listed.append(CHOICES)
        for row in choices:
            listed.append(list(row))
    settings_sheet = book.create_sheet("settings")
    settings_sheet.append(list(settings))
    settings_sheet.append(list(settings.values()))
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def to_xform(content: bytes) -> str:
    """The XForm XML of an XLSForm, by ``pyxform`` (raises its error for an invalid form)."""
    from pyxform.xls2xform import convert

    result = convert(xlsform=io.BytesIO(content), file_type=".xlsx", form_name="data")
    return str(result.xform)


def checked(content: bytes) -> bytes:
    """``content`` once ``pyxform`` has built its XForm; its refusal as ``ValidationFailed``."""
    try:
        to_xform(content)
    except Exception as exc:  # pyxform raises PyXFormError and others for a bad form
        raise ValidationFailed.one(
            "form", _("The form cannot be built for ODK: %s") % exc
        ) from None
    return content
