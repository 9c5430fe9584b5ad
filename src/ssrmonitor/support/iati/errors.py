"""The two kinds of import failure (house style point 8).

* :class:`RecordError` — one record (an activity) is wrong in a way that makes the file
  untrustworthy: the file is refused and nothing of it is written. It names the file, the
  activity identifier, the line and the field.
* :class:`ImportAbort` — the run cannot go on (a hostile file with a DOCTYPE, a file that is
  not IATI at all): it stops the whole run, and the current file is not written either.
"""

from __future__ import annotations

from typing import Any


class RecordError(Exception):
    """A record of the file is unusable: the file is refused, nothing of it is written."""

    def __init__(self, *, file: str, record: str, line: int | None, field: str, reason: str):
        self.file = file
        self.record = record
        self.line = line
        self.field = field
        self.reason = reason
        where = f"{file}:{line}" if line else file
        super().__init__(f"{where}: activity {record or '?'}: {field}: {reason}")

    def __reduce__(self) -> tuple[Any, ...]:
        """Pickled by its fields (it crosses from the parser process to the writer's)."""
        return (_rebuild, (type(self), self.file, self.record, self.line, self.field, self.reason))


def _rebuild(
    kind: type[RecordError], file: str, record: str, line: int | None, field: str, reason: str
) -> RecordError:
    return kind(file=file, record=record, line=line, field=field, reason=reason)


class UnsupportedVersion(RecordError):
    """An IATI 1.0x file (or an unknown version): refused with a clear message."""


class ImportAbort(Exception):
    """The run stops: the input is hostile or not an IATI activity file."""
