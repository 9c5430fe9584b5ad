"""Hostile files built in the tests, small and fast: a zip bomb, an HTML page in disguise.

:func:`zip_bomb` makes a real XLSX-shaped zip (correct sizes and checksum) whose sheet unpacks
to ``unpacked`` bytes of zeros, in about a megabyte per gigabyte and well under a second: the
deflate stream is one full-flushed block of a megabyte of zeros, repeated (a full flush resets
the compressor, so every such block is the same bytes), written with its headers by hand.
"""

from __future__ import annotations

import struct
import zlib

MEGABYTE = 1 << 20


def _deflated_zeros(megabytes: int) -> tuple[bytes, int]:
    """A raw deflate stream of ``megabytes`` MB of zeros, and its CRC-32."""
    zeros = bytes(MEGABYTE)
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    block = compressor.compress(zeros) + compressor.flush(zlib.Z_FULL_FLUSH)
    tail = compressor.flush(zlib.Z_FINISH)
    crc = 0
    for _ in range(megabytes):
        crc = zlib.crc32(zeros, crc)
    return block * megabytes + tail, crc


def _entry(
    name: bytes, data: bytes, crc: int, size: int, method: int, offset: int
) -> tuple[bytes, bytes]:
    local = struct.pack(
        "<IHHHHHIIIHH", 0x04034B50, 20, 0, method, 0, 0, crc, len(data), size, len(name), 0
    )
    central = struct.pack(
        "<IHHHHHHIIIHHHHHII",
        0x02014B50, 20, 20, 0, method, 0, 0, crc, len(data), size, len(name), 0, 0, 0, 0, 0,
        offset,
    )  # fmt: skip
    return local + name + data, central + name


def zip_bomb(unpacked_megabytes: int = 1024) -> bytes:
    """An XLSX-shaped zip whose sheet unpacks to ``unpacked_megabytes`` MB (1 GB by default)."""
    sheet, crc = _deflated_zeros(unpacked_megabytes)
    parts = [
        (b"[Content_Types].xml", b"<Types/>", zlib.crc32(b"<Types/>"), 8, 0),
        (b"xl/workbook.xml", b"<workbook/>", zlib.crc32(b"<workbook/>"), 11, 0),
        (b"xl/worksheets/sheet1.xml", sheet, crc, unpacked_megabytes * MEGABYTE, 8),
    ]
    body, directory = b"", b""
    for name, data, checksum, size, method in parts:
        local, central = _entry(name, data, checksum, size, method, len(body))
        body += local
        directory += central
    end = struct.pack(
        "<IHHHHIIH", 0x06054B50, 0, 0, len(parts), len(parts), len(directory), len(body), 0
    )
    return body + directory + end


HTML_AS_PDF = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
