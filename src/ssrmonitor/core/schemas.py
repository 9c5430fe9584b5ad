"""Shared API schema machinery: inputs that refuse unknown fields, partial updates.

Every request body of the API is an :class:`InputSchema` (``tests/test_input_schemas.py``
checks it): a misspelt or unexpected field is refused with 422 instead of being silently
ignored, and no text field may hold a control character other than tab and line breaks
(:mod:`ssrmonitor.core.text`).
"""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ConfigDict, ValidationInfo, field_validator

from ssrmonitor.core.text import control_character, control_reason, strings_in


class InputSchema(Schema):
    """A request body: unknown fields and control characters in text are refused (422)."""

    model_config = ConfigDict(extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _no_control_characters(cls, value: Any) -> Any:
        for _path, text in strings_in(value):
            code = control_character(text)
            if code is not None:
                raise ValueError(control_reason(code))
        return value


class PatchSchema(InputSchema):
    """Fields in ``required`` may be left out but not set to ``null``."""

    required: ClassVar[frozenset[str]] = frozenset()

    @field_validator("*", mode="after")
    @classmethod
    def _not_null(cls, value: Any, info: ValidationInfo) -> Any:
        if value is None and info.field_name in cls.required:
            raise ValueError(_("this field may be left out but not set to null"))
        return value

    def changes(self) -> dict[str, Any]:
        """The fields the client sent, by name."""
        return {name: getattr(self, name) for name in self.model_fields_set}
