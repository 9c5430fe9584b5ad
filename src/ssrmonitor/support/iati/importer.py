"""The importer interface: shared steps are ``@final``, formats fill in small hooks.

:meth:`Importer.kept` streams the records of one file and yields those the filter accepts;
:mod:`ssrmonitor.support.iati.pipeline` packs them into rows (in a second process for large
files) and the service :func:`ssrmonitor.support.services.imports.import_iati_file` writes them
in one transaction per file. :class:`IatiXmlImporter` is the IATI 2.01–2.03 XML format.
"""

from __future__ import annotations

import os
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, final

from lxml import etree

from ssrmonitor.support.codelists import is_ssr_sector, unknown_codes
from ssrmonitor.support.iati.errors import ImportAbort, RecordError, UnsupportedVersion
from ssrmonitor.support.iati.records import ActivityRecord
from ssrmonitor.support.iati.xml20 import Reader

SUPPORTED_VERSIONS = ("2.01", "2.02", "2.03")
MAX_WARNINGS = 200  # kept in the summary; the count goes on


@dataclass
class ImportSummary:
    """What an import did; also what the command prints and the upload page shows."""

    files: int = 0
    seen: int = 0
    kept: int = 0
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    skipped: int = 0
    warning_count: int = 0
    warnings: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def warn(self, message: str) -> None:
        self.warning_count += 1
        if len(self.warnings) < MAX_WARNINGS:
            self.warnings.append(message)

    def add(self, other: ImportSummary) -> None:
        """Add the counts of another file's summary to this one."""
        for name in ("files", "seen", "kept", "created", "updated", "unchanged", "skipped"):
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.warning_count += other.warning_count
        self.warnings.extend(other.warnings[: MAX_WARNINGS - len(self.warnings)])
        self.errors.extend(other.errors)

    def as_dict(self) -> dict[str, Any]:
        return dict(self.__dict__)


@dataclass(frozen=True)
class Selection:
    """Which activities to keep: SSR sectors only (default) or all; optionally one country."""

    keep_all: bool = False
    country: str = ""

    def accepts(self, record: ActivityRecord) -> bool:
        """Whether a parsed record is kept."""
        sectors = ((s.vocabulary, s.code) for s in record.all_sectors())
        return self.wants(sectors, record.country_codes())

    def wants(self, sectors: Iterable[tuple[str, str]], countries: Iterable[str]) -> bool:
        """Whether an activity with these (vocabulary, code) sectors and countries is kept."""
        if self.country and self.country.upper() not in set(countries):
            return False
        if self.keep_all:
            return True
        return any(is_ssr_sector(vocabulary, code) for vocabulary, code in sectors)


@dataclass(frozen=True)
class Part:
    """A byte range of a file, parsed on its own as a document of its own.

    ``head`` is read before the range and ``tail`` after it (the XML declaration and the root's
    start tag, the root's end tag), so that each part of a file cut between two activities is
    well-formed (see :mod:`ssrmonitor.support.iati.pipeline`). ``line_offset`` is the number of
    lines of the file before ``start``: warnings and errors name the file's own lines.
    """

    start: int = 0
    end: int | None = None  # None: to the end of the file
    head: bytes = b""
    tail: bytes = b""
    line_offset: int = 0


WHOLE = Part()


class CountingReader:
    """A binary file wrapper that reads one :class:`Part` of a file and counts the bytes read
    from the file, for the progress bar."""

    def __init__(
        self,
        handle: IO[bytes],
        progress: Callable[[int], None] | None,
        part: Part = WHOLE,
    ) -> None:
        self.handle = handle
        self.done = 0
        self.progress = progress
        self.pending = part.head
        self.tail = part.tail
        self.left = None if part.end is None else part.end - part.start
        if part.start:
            handle.seek(part.start)

    def read(self, size: int = -1) -> bytes:
        if self.pending:
            chunk, self.pending = self.pending, b""
            return chunk
        if self.left is not None and self.left <= 0:
            chunk, self.tail = self.tail, b""
            return chunk
        if self.left is not None and (size < 0 or size > self.left):
            size = self.left
        chunk = self.handle.read(size)
        self.done += len(chunk)
        if self.left is not None:
            self.left -= len(chunk)
        elif not chunk and self.tail:
            chunk, self.tail = self.tail, b""
            return chunk
        if self.progress is not None:
            self.progress(self.done)
        return chunk


class Importer(ABC):
    """One file format. Subclasses implement :meth:`records`; the steps around it are fixed."""

    def __init__(
        self, path: Path, selection: Selection, summary: ImportSummary, part: Part = WHOLE
    ) -> None:
        self.path = path
        self.selection = selection
        self.summary = summary
        self.part = part

    @final
    def kept(self, progress: Callable[[int], None] | None = None) -> Iterator[ActivityRecord]:
        """Stream the file (or its part) and yield the records the selection keeps; count them,
        warn on codes missing from the codelists."""
        if self.part.start == 0:
            self.summary.files += 1
        with self.path.open("rb") as handle:
            for record in self.records(CountingReader(handle, progress, self.part)):
                if not self.selection.accepts(record):
                    continue
                self.summary.kept += 1
                for code in unknown_codes(record):
                    self.summary.warn(
                        f"{self.path.name}:{record.line}: activity {record.identifier}: "
                        f"{code} is not in the IATI codelist; kept as published"
                    )
                yield record

    @final
    def wanted(self, sectors: Iterable[tuple[str, str]], countries: Iterable[str]) -> bool:
        """Count one activity seen; say whether the selection keeps it (before a full read)."""
        self.summary.seen += 1
        return self.selection.wants(sectors, countries)

    @final
    def warn(self, element: Any, message: str) -> None:
        self.summary.warn(f"{self.path.name}:{self.line(element)}: {message}")

    @final
    def line(self, element: Any) -> int | None:
        """The line of ``element`` in the file (not in the part)."""
        line = getattr(element, "sourceline", None)
        return None if line is None else line + self.part.line_offset

    @abstractmethod
    def records(self, stream: CountingReader) -> Iterator[ActivityRecord]:
        """Yield the records of the file, raising RecordError or ImportAbort."""


class IatiXmlImporter(Importer):
    """IATI 2.01–2.03 activity XML, streamed with ``iterparse`` in constant memory."""

    def records(self, stream: CountingReader) -> Iterator[ActivityRecord]:
        events = etree.iterparse(
            stream,
            events=("end",),
            tag="iati-activity",
            resolve_entities=False,
            no_network=True,
            load_dtd=False,
            dtd_validation=False,
            remove_comments=True,
            remove_pis=True,
            remove_blank_text=True,  # no whitespace-only text nodes: a smaller tree, faster
        )
        reader: Reader | None = None
        try:
            for _event, element in events:
                if reader is None:
                    parent = element.getparent()
                    reader = self.open_root(parent if parent is not None else element)
                if self.wanted(_sectors(element), _countries(element)):
                    yield self.read_one(reader, element)
                else:
                    _release(element)
            if reader is None:
                self.open_root(events.root)  # no activity: still refuse a wrong or hostile file
        except etree.XMLSyntaxError as exc:
            raise RecordError(
                file=self.path.name,
                record=reader.identifier if reader else "",
                line=exc.lineno + self.part.line_offset if exc.lineno else None,
                field="XML",
                reason=str(exc.msg),
            ) from None

    def read_one(self, reader: Reader, element: Any) -> ActivityRecord:
        self.refuse_entities(element)
        try:
            return reader.read(element)
        finally:
            _release(element)

    def open_root(self, root: Any) -> Reader:
        docinfo = root.getroottree().docinfo
        if docinfo.doctype or docinfo.internalDTD is not None:
            raise ImportAbort(
                f"{self.path.name}: a DOCTYPE declaration is not allowed in an IATI file "
                "(refused: it could hide entity expansion or external references)"
            )
        if root.tag != "iati-activities":
            raise ImportAbort(f"{self.path.name}: not an IATI activity file (root <{root.tag}>)")
        version = (root.get("version") or "").strip()
        if version not in SUPPORTED_VERSIONS:
            raise UnsupportedVersion(
                file=self.path.name,
                record="",
                line=self.line(root),
                field="iati-activities/@version",
                reason=f"IATI version {version or '(none)'} is not supported; "
                f"SSR Monitor reads {', '.join(SUPPORTED_VERSIONS)} "
                "(convert 1.0x files to 2.0x first)",
            )
        return Reader(self.path.name, version, self.warn, self.part.line_offset)

    def refuse_entities(self, element: Any) -> None:
        for node in element.iter(etree.Entity):
            raise ImportAbort(
                f"{self.path.name}:{self.line(node)}: entity reference {node.text} refused"
            )


def _sectors(element: Any) -> Iterator[tuple[str, str]]:
    """(vocabulary, code) of every sector of an activity element, transactions included (lazy:
    the filter stops at the first SSR sector)."""
    for sector in element.iter("sector"):
        yield sector.get("vocabulary", ""), (sector.get("code") or "").strip()


def _countries(element: Any) -> Iterator[str]:
    """Recipient country codes of an activity element (read only when a country is chosen)."""
    for country in element.iter("recipient-country"):
        yield (country.get("code") or "").strip().upper()


def _release(element: Any) -> None:
    """Free a processed activity element and the finished siblings before it (constant memory)."""
    element.clear(keep_tail=False)
    parent = element.getparent()
    while parent is not None and element.getprevious() is not None:
        del parent[0]


def iati_files(paths: list[Path]) -> list[Path]:
    """The ``.xml`` files named or found (recursively, sorted) in the folders named."""
    found: list[Path] = []
    for path in paths:
        if path.is_dir():
            found.extend(sorted(p for p in path.rglob("*.xml") if p.is_file()))
        else:
            found.append(path)
    return found


def file_size(path: Path) -> int:
    return os.stat(path).st_size
