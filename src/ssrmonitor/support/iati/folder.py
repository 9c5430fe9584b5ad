"""Importing many small files: the next file is parsed while this one is written.

A folder of IATI files is mostly small files (below
:data:`~ssrmonitor.support.iati.pipeline.SECOND_PROCESS_FROM`), each parsed in the importing
process when imported alone: parse, then write, then the next file, one processor busy at a
time. :func:`reading_ahead` starts one parser process (``python -m
ssrmonitor.support.iati.folder``, no Django, no database) that parses the small files one after
the other (all but the first of the run, which the importing process parses itself while the
parser process starts, about half a second) and sends, for each, its packed batches then its
summary (or its refusal), through the same pipe as :mod:`~ssrmonitor.support.iati.pipeline`'s
first part. The importing process still imports each file in its own transaction, in the same
order, with the same rules and the same outcome (a test imports a folder both ways and compares
the databases); it reads the file's batches from the pipe (:meth:`ReadAhead.batches`) instead
of parsing, while the parser process is already on the next files (as far ahead as the pipe
holds).

A file refused by its parse (:class:`RecordError`) is refused as before and the parser goes on
with the next; an :class:`ImportAbort` is raised in the importing process, whose caller stops
the run; any other failure of the parser process is raised as
:class:`~ssrmonitor.support.iati.pipeline.ParserFailed`. When the writer stops reading a file
half-way (its own error), the rest of that file's messages are read and dropped, so that the
next file starts at its own first batch.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
import traceback
from collections.abc import Generator, Iterator
from contextlib import contextmanager, suppress
from pathlib import Path
from typing import Any

from ssrmonitor.support.iati.errors import ImportAbort, RecordError
from ssrmonitor.support.iati.importer import ImportSummary, Selection
from ssrmonitor.support.iati.pipeline import (
    Batch,
    ParserFailed,
    Progress,
    _can_start_parsers,
    _environment,
    _Parser,
    _processors,
    _receive,
    _receive_all,
    _widen,
    parse_batches,
    parser_count,
)

TERMINAL = ("done", "refused", "failed")


class ReadAhead:
    """One parser process over the small files of a run, read file by file, in order."""

    def __init__(self, paths: list[Path], selection: Selection) -> None:
        self.paths = paths
        self.selection = selection
        self.position = 0
        self.broken = False
        self.countries: dict[str, int] | None = None  # the importer's look-up, once per run
        read_end, write_end = os.pipe()
        _widen(write_end)
        stream = os.fdopen(read_end, "rb")
        command = [
            sys.executable,
            "-m",
            __name__,
            str(write_end),
            "all" if selection.keep_all else "ssr",
            selection.country,
        ]
        try:
            process = subprocess.Popen(  # noqa: S603 - our own module; arguments are not a shell
                command,
                pass_fds=(write_end,),
                stdin=subprocess.PIPE,
                env=_environment(),
            )
        finally:
            os.close(write_end)
        assert process.stdin is not None  # noqa: S101 - stdin=PIPE
        with process.stdin:  # the names, NUL-separated (a name may hold any other character)
            process.stdin.write(b"\0".join(os.fsencode(path) for path in paths))
        self.parser = _Parser(process, stream, 0)

    def has(self, path: Path, selection: Selection) -> bool:
        """Whether ``path`` is the next file this parser reads, with this selection."""
        return (
            not self.broken
            and selection == self.selection
            and self.position < len(self.paths)
            and self.paths[self.position] == path
        )

    def batches(
        self, path: Path, summary: ImportSummary, progress: Progress | None = None
    ) -> Generator[Batch]:
        """The batches of ``path`` (the next file), its counts added to ``summary`` at the end."""
        if not self.has(path, self.selection):
            raise ParserFailed(f"{path.name}: not the next file of the parser process")
        self.position += 1
        finished = False
        try:
            yield from _receive_all(self.parser, path, summary, progress, False)
            finished = True
        except (RecordError, ImportAbort):
            finished = True  # the file's last message
            raise
        except ParserFailed:
            finished = self.broken = True
            raise
        finally:
            if not finished:
                self._skip_rest(path)

    def _skip_rest(self, path: Path) -> None:
        """Read and drop the rest of ``path``'s messages (the writer stopped half-way)."""
        try:
            while _receive(self.parser, path)[0] not in TERMINAL:
                pass
        except ParserFailed:
            self.broken = True

    def close(self) -> None:
        process = self.parser.process
        if process.poll() is None:
            process.terminate()
        process.wait()
        self.parser.stream.close()


@contextmanager
def reading_ahead(paths: list[Path], selection: Selection) -> Iterator[ReadAhead | None]:
    """A :class:`ReadAhead` over the small files of ``paths`` when it pays: two small files
    or more, more than one processor, and parser processes possible; else ``None``."""
    small = [path for path in paths if path.is_file() and parser_count(path) == 0]
    if small and small[0] == paths[0]:
        small = small[1:]  # parsed here while the parser process starts (about half a second)
    if len(small) < 2 or _processors() < 2 or not _can_start_parsers():
        yield None
        return
    ahead = ReadAhead(small, selection)
    try:
        yield ahead
    finally:
        ahead.close()


def folder_process(descriptor: int, names: list[str], selection: Selection) -> None:
    """The parser process: each file's batches, then its summary or its refusal."""
    done = [0]

    def progress(read: int) -> None:
        done[0] = read

    with os.fdopen(descriptor, "wb") as sink:

        def send(message: tuple[Any, ...]) -> None:
            pickle.dump(message, sink, protocol=pickle.HIGHEST_PROTOCOL)
            sink.flush()

        for name in names:
            summary = ImportSummary()
            try:
                for batch in parse_batches(Path(name), selection, summary, progress):
                    send(("batch", batch, done[0]))
                send(("done", summary))
            except (RecordError, ImportAbort) as exc:
                send(("refused", exc))
            except BrokenPipeError:
                return  # the writer stopped listening
            except Exception:
                with suppress(BrokenPipeError):
                    send(("failed", traceback.format_exc()))
                return


def main(arguments: list[str]) -> None:
    """``python -m ssrmonitor.support.iati.folder FD KEEP COUNTRY`` (names on stdin, NUL)."""
    descriptor, keep, country = arguments
    data = sys.stdin.buffer.read()
    names = [os.fsdecode(name) for name in data.split(b"\0")] if data else []
    folder_process(int(descriptor), names, Selection(keep_all=keep == "all", country=country))


if __name__ == "__main__":
    main(sys.argv[1:])
