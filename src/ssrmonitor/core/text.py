"""The one rule on control characters in text that comes from outside.

Query strings, form fields, API bodies and imported files may hold letters of any script,
tabs and line breaks, but no other C0 control character (NUL, BEL, ESC …) nor DEL: they have
no meaning in a name or a note, PostgreSQL refuses NUL in text, SQLite's full-text search fails
on it, and they hide text from a reader. :func:`control_character` finds the first one;
:func:`refuse_control` raises :class:`~ssrmonitor.core.errors.ValidationFailed` naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext as _

from ssrmonitor.core.errors import FieldError, ValidationFailed

# C0 controls but tab (09), line feed (0A) and carriage return (0D); and DEL (7F).
_CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In a single-line value (a query parameter, a name) line breaks are refused too.
_CONTROL_ONE_LINE = re.compile("[\x00-\x1f\x7f]")


def control_character(value: str, *, one_line: bool = False) -> str | None:
    """The first forbidden control character of ``value`` as ``U+0000``, or ``None``."""
    found = (_CONTROL_ONE_LINE if one_line else _CONTROL).search(value)
    return f"U+{ord(found.group()):04X}" if found else None


def control_reason(code: str) -> str:
    """Why a value with the control character ``code`` is refused (translated)."""
    return _("Control characters are not accepted (found %(code)s).") % {"code": code}


def problems(values: Iterable[tuple[str, str]], *, one_line: bool = False) -> list[FieldError]:
    """One :class:`FieldError` per ``(field, value)`` that holds a control character."""
    errors = []
    for field, value in values:
        code = control_character(value, one_line=one_line)
        if code is not None:
            errors.append(FieldError(field, control_reason(code)))
    return errors


def refuse_control(value: str, field: str, *, one_line: bool = False) -> str:
    """``value`` unchanged, or :class:`ValidationFailed` on ``field``."""
    errors = problems([(field, value)], one_line=one_line)
    if errors:
        raise ValidationFailed(errors)
    return value


def strings_in(value: Any, path: str = "") -> Iterable[tuple[str, str]]:
    """Every string inside ``value`` (lists, tuples, dicts), with its dotted path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from strings_in(str(key), path)
            yield from strings_in(item, f"{path}.{key}" if path else str(key))
    elif isinstance(value, list | tuple | set | frozenset):
        for index, item in enumerate(value):
            yield from strings_in(item, f"{path}.{index}" if path else str(index))
