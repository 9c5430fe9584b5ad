"""Importing IATI files: one transaction and one audit event per file."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable
from contextlib import closing
from pathlib import Path

from django.db import transaction

from ssrmonitor.core import audit
from ssrmonitor.core.actors import Actor, person
from ssrmonitor.core.models import Country
from ssrmonitor.core.writes import require
from ssrmonitor.support.iati.errors import RecordError
from ssrmonitor.support.iati.folder import ReadAhead
from ssrmonitor.support.iati.importer import ImportSummary, Selection
from ssrmonitor.support.iati.pipeline import SplitFailed, activity_batches, parser_count
from ssrmonitor.support.iati.store import ActivityWriter
from ssrmonitor.support.models import ImportRun
from ssrmonitor.support.permissions import can_import


def file_sha256(path: Path) -> str:
    """The SHA-256 of a file, read in blocks."""
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


class Digest(threading.Thread):
    """The SHA-256 of a file, taken in a thread of its own (``hashlib`` lets other threads
    run while it hashes), so that hashing a large file overlaps its import instead of
    preceding it."""

    def __init__(self, path: Path) -> None:
        super().__init__(name="ssrmonitor-iati-sha256", daemon=True)
        self.path = path
        self.digest = ""
        self.error: OSError | None = None
        self.start()

    def run(self) -> None:
        try:
            self.digest = file_sha256(self.path)
        except OSError as exc:
            self.error = exc

    def value(self) -> str:
        """The hex digest (waits for the thread); an error reading the file is raised here."""
        self.join()
        if self.error is not None:
            raise self.error
        return self.digest


def import_iati_file(
    path: Path,
    *,
    acting_user: Actor,
    keep_all: bool = False,
    country: Country | None = None,
    display_name: str = "",
    progress: Callable[[int], None] | None = None,
    parsers: int | None = None,
    ahead: ReadAhead | None = None,
) -> ImportSummary:
    """Import one IATI 2.01–2.03 activity file in one transaction.

    Args:
        path: the XML file.
        acting_user: who imports (a person, or the system for a command); needs
            ``support.import`` in ``country``, or in every country when no country is given
            (a superuser, or the system holding it).
        keep_all: keep every activity, not only those with an SSR sector.
        country: keep only activities with this recipient country.
        display_name: the file name to record (an upload's original name).
        progress: called with the number of bytes read so far.
        parsers: how many parser processes parse the file while this one writes (0: parse
            here); ``None`` (the default) decides by file size and processors
            (:func:`ssrmonitor.support.iati.pipeline.parser_count`).
        ahead: the parser process of a run of files
            (:func:`ssrmonitor.support.iati.folder.reading_ahead`); used when ``path`` is its
            next file, with the same selection.

    Returns:
        The summary of the file. A :class:`RecordError` (or ``ImportAbort``) propagates after
        the transaction is rolled back: the database is as it was, and the refusal is recorded
        in an :class:`ImportRun` with its audit event.
    """
    require(can_import(acting_user, country))
    name = display_name or path.name
    sha = Digest(path)  # taken in a thread while the file is imported
    try:
        return _import(
            path,
            name,
            sha,
            acting_user,
            Selection(keep_all, _iso(country)),
            country,
            progress,
            parsers,
            ahead,
        )
    except RecordError as exc:
        _record_refusal(name, sha.value(), acting_user, country, str(exc))
        raise
    finally:
        sha.join()  # an error of the import itself: the thread still ends before we return


def _iso(country: Country | None) -> str:
    return country.iso2 if country is not None else ""


@transaction.atomic(durable=True)
def _import(
    path: Path,
    name: str,
    digest: Digest,
    acting_user: Actor,
    selection: Selection,
    country: Country | None,
    progress: Callable[[int], None] | None,
    parsers: int | None,
    ahead: ReadAhead | None,
) -> ImportSummary:
    if ahead is not None and ahead.has(path, selection):
        summary, writer = _write(path, name, selection, progress, 0, ahead)
    elif (parser_count(path) if parsers is None else parsers) < 2:
        summary, writer = _write(path, name, selection, progress, parsers)  # never cut
    else:
        try:
            with transaction.atomic():  # a savepoint: a file cut in the wrong place is undone
                summary, writer = _write(path, name, selection, progress, parsers)
        except SplitFailed:
            summary, writer = _write(path, name, selection, progress, 1)  # in one piece
    sha = digest.value()
    run = ImportRun.objects.create(
        file_name=name[:255],
        sha256=sha,
        actor=person(acting_user),
        country=country,
        summary=summary.as_dict(),
    )
    after = {
        "file": name,
        "sha256": sha,
        "summary": {k: v for k, v in summary.as_dict().items() if k != "warnings"},
        "created": writer.created_ids,
        "updated": writer.updated_ids,
    }
    audit.record(
        actor=acting_user, action="import", obj=run, country_iso2=_iso(country), after=after
    )
    return summary


def _write(
    path: Path,
    name: str,
    selection: Selection,
    progress: Callable[[int], None] | None,
    parsers: int | None,
    ahead: ReadAhead | None = None,
) -> tuple[ImportSummary, ActivityWriter]:
    """Parse the file (or read what ``ahead`` parsed of it) and write its kept activities
    (inside the caller's transaction)."""
    summary = ImportSummary()
    known = ahead.countries if ahead is not None else None  # read once per run of files
    writer = ActivityWriter(source_file=name, warn=summary.warn, countries=known)
    if ahead is not None:
        ahead.countries = writer.countries
    if ahead is not None and ahead.has(path, selection):
        batches = ahead.batches(path, summary, progress)
    else:
        batches = activity_batches(path, selection, summary, progress=progress, parsers=parsers)
    with closing(batches):  # on an error, the parser processes stop at once
        for batch in batches:
            for packed in batch:
                writer.add(packed)
    writer.flush()
    for outcome, count in writer.counts.items():
        setattr(summary, outcome, getattr(summary, outcome) + count)
    return summary, writer


@transaction.atomic(durable=True)
def _record_refusal(
    name: str, sha: str, acting_user: Actor, country: Country | None, error: str
) -> None:
    run = ImportRun.objects.create(
        file_name=name[:255],
        sha256=sha,
        actor=person(acting_user),
        country=country,
        summary={"errors": [error]},
    )
    after = {"file": name, "sha256": sha, "error": error}
    audit.record(
        actor=acting_user, action="refuse", obj=run, country_iso2=_iso(country), after=after
    )
