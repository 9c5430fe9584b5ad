"""Shared API schema machinery: inputs that refuse unknown fields, partial updates."""

from __future__ import annotations

from typing import Any, ClassVar

from django.utils.translation import gettext as _
from ninja import Schema
from pydantic import ConfigDict, ValidationInfo, field_validator


class InputSchema(Schema):
    model_config = ConfigDict(extra="forbid")


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
