"""Cutting a large IATI file into parts that parse side by side, each a document of its own.

A cut is made only just before an ``<iati-activity`` start tag; the first part is closed with
the root's end tag, and each later part is opened with an XML declaration and a copy of the
root's start tag (rebuilt from the parsed root: its attributes and namespace declarations), so
that every part is a document of its own. A cut in the wrong place (inside a comment or a CDATA
section) makes a part malformed, which the parser reports (see
:mod:`ssrmonitor.support.iati.pipeline`). Files that are not UTF-8, or carry a DOCTYPE, are not
cut. No Django here: the parser processes import this module.
"""

from __future__ import annotations

import mmap
import re
from pathlib import Path

from lxml import etree

from ssrmonitor.support.iati.importer import WHOLE, Part

START_TAG = b"<iati-activity"
XML_DECLARATION = re.compile(rb"\s*<\?xml\s([^>]*)\?>")
ENCODING = re.compile(rb"""encoding\s*=\s*["']([A-Za-z0-9._-]+)["']""")
ROOT_END = b"</iati-activities>"


def plan_parts(path: Path, count: int) -> list[Part]:
    """Cut ``path`` into up to ``count`` parts just before ``<iati-activity`` start tags.

    Returns ``[WHOLE]`` when the file should not be cut: not an IATI activity file, a DOCTYPE,
    an encoding other than UTF-8, or no start tag past the cut points.
    """
    head = _root_start(path)
    if head is None or count < 2:
        return [WHOLE]
    size = path.stat().st_size
    cuts: list[int] = []
    with path.open("rb") as handle, mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ) as view:
        for k in range(1, count):
            cut = _next_start_tag(view, max(size * k // count, cuts[-1] + 1 if cuts else 0))
            if cut is None:
                break
            cuts.append(cut)
    if not cuts:
        return [WHOLE]
    starts = [0, *cuts]
    ends: list[int | None] = [*cuts, None]
    return [
        Part(
            start=start,
            end=end,
            head=head if start else b"",
            tail=ROOT_END if end is not None else b"",
        )
        for start, end in zip(starts, ends, strict=True)
    ]


def _root_start(path: Path) -> bytes | None:
    """The XML declaration and the root's start tag, rebuilt from the parsed root; ``None``
    when the file should not be cut."""
    events = etree.iterparse(
        str(path),
        events=("start",),
        resolve_entities=False,
        no_network=True,
        load_dtd=False,
        remove_comments=True,
        remove_pis=True,
    )
    try:
        _event, root = next(events)
    except (StopIteration, etree.XMLSyntaxError):
        return None
    docinfo = root.getroottree().docinfo
    if root.tag != "iati-activities" or docinfo.doctype or not _is_utf8(path):
        return None
    empty = etree.Element(root.tag, attrib=dict(root.attrib), nsmap=root.nsmap)
    tag = etree.tostring(empty)
    if not tag.endswith(b"/>"):
        return None
    return b'<?xml version="1.0" encoding="UTF-8"?>' + tag[:-2] + b">"


def _is_utf8(path: Path) -> bool:
    """Whether the file declares UTF-8 (or nothing, which means UTF-8) and has no UTF-16 or
    UTF-32 byte order mark."""
    with path.open("rb") as handle:
        start = handle.read(512)
    if start.startswith((b"\xff\xfe", b"\xfe\xff", b"\x00\x00\xfe\xff")):
        return False
    declaration = XML_DECLARATION.match(start.removeprefix(b"\xef\xbb\xbf"))
    encoding = ENCODING.search(declaration.group(1)) if declaration else None
    if encoding is None:
        return not start.startswith((b"\x00", b"<\x00"))
    return encoding.group(1).upper().replace(b"_", b"-") in (b"UTF-8", b"UTF8")


def _next_start_tag(view: mmap.mmap, start: int) -> int | None:
    """The offset of the first ``<iati-activity`` start tag at or after ``start``."""
    at = start
    while True:
        at = view.find(START_TAG, at)
        if at < 0:
            return None
        after = view[at + len(START_TAG) : at + len(START_TAG) + 1]
        if after in (b" ", b"\t", b"\r", b"\n", b">", b"/"):
            return at
        at += len(START_TAG)


def line_offset(path: Path, start: int) -> int:
    """The number of lines of ``path`` before byte ``start``."""
    lines = 0
    with path.open("rb") as handle:
        left = start
        while left > 0:
            block = handle.read(min(left, 1 << 22))
            if not block:
                break
            lines += block.count(b"\n")
            left -= len(block)
    return lines
