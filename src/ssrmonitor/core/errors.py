"""Domain errors that services raise and views/API routes turn into responses."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError


@dataclass(frozen=True)
class FieldError:
    """One problem with one field of one record (``field`` is ``"__all__"`` for the record)."""

    field: str
    reason: str


class ValidationFailed(Exception):
    """Input refused; nothing was saved. ``errors`` says which field is wrong and why."""

    def __init__(self, errors: Iterable[FieldError]) -> None:
        self.errors = list(errors)
        super().__init__("; ".join(f"{e.field}: {e.reason}" for e in self.errors))

    @classmethod
    def one(cls, field: str, reason: str) -> ValidationFailed:
        return cls([FieldError(field, reason)])

    @classmethod
    def from_django(cls, exc: ValidationError) -> ValidationFailed:
        errors: list[FieldError] = []
        if hasattr(exc, "error_dict"):
            for field, messages in exc.message_dict.items():
                errors.extend(FieldError(field, str(message)) for message in messages)
        else:
            errors.extend(FieldError("__all__", str(message)) for message in exc.messages)
        return cls(errors)

    def by_field(self) -> dict[str, list[str]]:
        result: dict[str, list[str]] = {}
        for error in self.errors:
            result.setdefault(error.field, []).append(error.reason)
        return result
