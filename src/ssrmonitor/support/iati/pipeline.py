"""From an IATI file to batches of packed activities: in this process, or in parser processes.

Parsing (``iterparse``, the SSR filter, reading the kept activities and packing them into row
tuples) needs no database; writing needs no XML. For a large file on a machine with more than
one processor, :func:`activity_batches` therefore parses in other processes (``python -m
ssrmonitor.support.iati.pipeline``: fresh interpreters that import no Django and open no
database connection), which hand the batches over, pickled, while this process writes.

**Parts.** Parsing is the slower half, so a large file is cut into parts parsed side by side
(:func:`ssrmonitor.support.iati.parts.plan_parts`: each part is a document of its own). Any XML
error in a part raises :class:`SplitFailed`, and the caller parses the file again in one piece
(which then names the real error, if there is one). Warnings and errors name the file's own
lines (each part knows how many lines precede it).

**Order and memory.** The first part's batches come through a pipe that holds about one
batch, so the parser waits while the writer is behind. Later parts write to a spool file
(their packed batches, about a twentieth of the XML's size) that is read once the parts
before have been written: the batches reach the writer in the file's order, exactly as if it
had been parsed here in one piece (a test imports files both ways and compares the
databases). A :class:`RecordError` or :class:`ImportAbort` raised while parsing is raised
again here, inside the writer's transaction, which is then rolled back; an unexpected failure
of a parser process is raised as :class:`ParserFailed` with its traceback. When the writer
stops early (an error, an interrupt), the parser processes are stopped too.

Small files, and single-processor machines, are parsed here: starting an interpreter costs
more than it saves.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import tempfile
import traceback
from collections.abc import Callable, Generator, Iterator
from contextlib import ExitStack, suppress
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from ssrmonitor.support.iati.errors import ImportAbort, RecordError
from ssrmonitor.support.iati.importer import (
    WHOLE,
    IatiXmlImporter,
    ImportSummary,
    Part,
    Selection,
)
from ssrmonitor.support.iati.packed import PackedActivity, pack
from ssrmonitor.support.iati.parts import line_offset, plan_parts

BATCH = 250  # activities per batch (the writer's batch too)
SECOND_PROCESS_FROM = 16 * 1024 * 1024  # bytes: smaller files are parsed in this process
PART_BYTES = 32 * 1024 * 1024  # bytes: a file is cut into parts of at least this size
MAX_PARSERS = 4
PROGRESS_EVERY = 4 * 1024 * 1024  # bytes read between progress messages of a parser process
PIPE_BYTES = 1024 * 1024  # the pipe's capacity, where the system allows it

Progress = Callable[[int], None]
Batch = list[PackedActivity]


class ParserFailed(RuntimeError):
    """A parser process failed in an unexpected way (a defect, not a defect of the file)."""


class SplitFailed(Exception):
    """A part of a cut file is not well-formed on its own: parse the file in one piece."""


def parser_count(path: Path) -> int:
    """How many parser processes ``path`` is worth: 0 (parse here) for small files, a single
    processor, an embedded interpreter or a system that is not POSIX, else one per
    :data:`PART_BYTES` up to the processors and :data:`MAX_PARSERS`."""
    size = path.stat().st_size
    processors = _processors()
    if size < SECOND_PROCESS_FROM or processors < 2 or not _can_start_parsers():
        return 0
    return max(1, min(MAX_PARSERS, processors, size // PART_BYTES))


def activity_batches(
    path: Path,
    selection: Selection,
    summary: ImportSummary,
    *,
    progress: Progress | None = None,
    parsers: int | None = None,
) -> Generator[Batch]:
    """The kept activities of ``path``, packed, :data:`BATCH` at a time, in the file's order.

    ``summary`` receives the parsers' counts and warnings (files, seen, kept): as it goes when
    parsing here, at the end of each part otherwise. ``parsers`` forces the number of parser
    processes (0: parse here); ``None`` decides by :func:`parser_count`. With more than one,
    :class:`SplitFailed` may be raised: the caller undoes what it wrote and asks again with
    ``parsers=1``.
    """
    count = parser_count(path) if parsers is None else parsers
    if count == 0:
        yield from parse_batches(path, selection, summary, progress)
        return
    parts = plan_parts(path, count) if count > 1 else [WHOLE]
    yield from _from_parsers(path, selection, summary, progress, parts)


def parse_batches(
    path: Path,
    selection: Selection,
    summary: ImportSummary,
    progress: Progress | None = None,
    part: Part = WHOLE,
) -> Iterator[Batch]:
    """Parse ``path`` (or its ``part``) in this process: the kept activities, packed."""
    batch: Batch = []
    for record in IatiXmlImporter(path, selection, summary, part).kept(progress):
        batch.append(pack(record))
        if len(batch) >= BATCH:
            yield batch
            batch = []
    if batch:
        yield batch


# --- running the parser processes ------------------------------------------------------------


@dataclass
class _Parser:
    process: subprocess.Popen[bytes]
    stream: IO[bytes]
    start: int


def _from_parsers(
    path: Path,
    selection: Selection,
    summary: ImportSummary,
    progress: Progress | None,
    parts: list[Part],
) -> Iterator[Batch]:
    with ExitStack() as stack:
        parsers = [_start(path, selection, part, index, stack) for index, part in enumerate(parts)]
        try:
            for parser in parsers:
                if parser is not parsers[0]:
                    parser.process.wait()  # its spool is complete
                    parser.stream.seek(0)
                yield from _receive_all(parser, path, summary, progress, len(parts) > 1)
        finally:
            for parser in parsers:
                if parser.process.poll() is None:
                    parser.process.terminate()
                parser.process.wait()


def _start(path: Path, selection: Selection, part: Part, index: int, stack: ExitStack) -> _Parser:
    """Start the parser of ``part``: the first writes to a pipe, the others to a spool file."""
    if index == 0:
        read_end, write_end = os.pipe()
        _widen(write_end)
        stream: IO[bytes] = stack.enter_context(os.fdopen(read_end, "rb"))
    else:
        spool = tempfile.TemporaryFile(prefix="ssrmonitor-iati-")  # noqa: SIM115 - closed by stack
        stream = stack.enter_context(spool)
        write_end = os.dup(stream.fileno())
    command = [
        sys.executable,
        "-m",
        __name__,
        str(write_end),
        str(path),
        "all" if selection.keep_all else "ssr",
        selection.country,
        str(part.start),
        "" if part.end is None else str(part.end),
        part.head.hex(),
        part.tail.hex(),
    ]
    try:
        process = subprocess.Popen(  # noqa: S603 - our own module; arguments are not a shell
            command, pass_fds=(write_end,), stdin=subprocess.DEVNULL, env=_environment()
        )
    finally:
        os.close(write_end)  # that end belongs to the parser now: EOF here when it ends
    return _Parser(process, stream, part.start)


def _receive_all(
    parser: _Parser,
    path: Path,
    summary: ImportSummary,
    progress: Progress | None,
    split: bool,
) -> Iterator[Batch]:
    while True:
        message = _receive(parser, path)
        kind = message[0]
        if kind == "batch":
            if progress is not None:
                progress(parser.start + message[2])
            yield message[1]
        elif kind == "progress":
            if progress is not None:
                progress(parser.start + message[1])
        elif kind == "done":
            summary.add(message[1])
            return
        elif kind == "refused":
            error = message[1]
            if split and isinstance(error, RecordError) and error.field == "XML":
                raise SplitFailed(str(error))
            raise error
        else:
            raise ParserFailed(f"{path.name}: a parser process failed:\n{message[1]}")


def _receive(parser: _Parser, path: Path) -> tuple[Any, ...]:
    try:
        message: tuple[Any, ...] = pickle.load(parser.stream)  # noqa: S301 - our own output
    except EOFError:
        code = parser.process.wait()
        raise ParserFailed(
            f"{path.name}: a parser process ended without finishing (exit code {code})"
        ) from None
    return message


def _environment() -> dict[str, str]:
    """This process's environment, with its import path (the parser imports this package)."""
    paths = [entry for entry in sys.path if entry]
    return {**os.environ, "PYTHONPATH": os.pathsep.join(paths)}


def _widen(descriptor: int) -> None:
    """Let the pipe hold a batch or two (Linux), so that the parser seldom waits."""
    import fcntl  # POSIX only, like the parser processes themselves

    if hasattr(fcntl, "F_SETPIPE_SZ"):
        with suppress(OSError):
            fcntl.fcntl(descriptor, fcntl.F_SETPIPE_SZ, PIPE_BYTES)


def parser_process(descriptor: int, name: str, selection: Selection, part: Part) -> None:
    """A parser process: parse the file (or its part), send the batches, then the summary."""
    summary = ImportSummary()
    done = [0, 0]  # bytes read, bytes read at the last progress message
    with os.fdopen(descriptor, "wb") as sink:

        def send(message: tuple[Any, ...]) -> None:
            pickle.dump(message, sink, protocol=pickle.HIGHEST_PROTOCOL)
            sink.flush()

        def progress(read: int) -> None:
            done[0] = read
            if read - done[1] >= PROGRESS_EVERY:
                done[1] = read
                send(("progress", read))

        try:
            if part.start:
                offset = line_offset(Path(name), part.start)
                part = Part(part.start, part.end, part.head, part.tail, offset)
            for batch in parse_batches(Path(name), selection, summary, progress, part):
                send(("batch", batch, done[0]))
            send(("done", summary))
        except (RecordError, ImportAbort) as exc:
            send(("refused", exc))
        except BrokenPipeError:
            pass  # the writer stopped listening (its own error or an interrupt)
        except Exception:
            send(("failed", traceback.format_exc()))


def _can_start_parsers() -> bool:
    """Whether parser processes can be started: on POSIX systems (they inherit a pipe's
    descriptor), with ``sys.executable`` a Python (not so in servers that embed Python, such
    as uWSGI, where it names the server)."""
    interpreter = Path(sys.executable or "-").name.lower()
    return os.name == "posix" and interpreter.startswith(("python", "pypy"))


def _processors() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def main(arguments: list[str]) -> None:
    """``python -m ssrmonitor.support.iati.pipeline FD PATH KEEP COUNTRY START END HEAD TAIL``."""
    descriptor, name, keep, country, start, end, head, tail = arguments
    part = Part(
        start=int(start),
        end=int(end) if end else None,
        head=bytes.fromhex(head),
        tail=bytes.fromhex(tail),
    )
    selection = Selection(keep_all=keep == "all", country=country)
    parser_process(int(descriptor), name, selection, part)


if __name__ == "__main__":
    main(sys.argv[1:])
