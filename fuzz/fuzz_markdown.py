"""Fuzz the lessons' Markdown renderer (ssrmonitor.lessons.markdown): it must never fail, never
let raw HTML through and never link to an unsafe scheme."""

from __future__ import annotations

import re

import atheris
from _common import run

with atheris.instrument_imports():
    from ssrmonitor.lessons.markdown import render_markdown

_RAW_TAG = re.compile(r"<(script|iframe|object|embed|style|svg|img|form)\b", re.IGNORECASE)
_HREF = re.compile(r"""\b(?:href|src)\s*=\s*["']\s*([a-z][a-z0-9+.-]*):""", re.IGNORECASE)
_SAFE = {"http", "https", "mailto"}


def test_one_input(data: bytes) -> None:
    text = atheris.FuzzedDataProvider(data).ConsumeUnicodeNoSurrogates(len(data))
    html = str(render_markdown(text))
    if _RAW_TAG.search(html):
        raise AssertionError(f"raw HTML in the output: {html[:500]!r}")
    for scheme in _HREF.findall(html):
        if scheme.lower() not in _SAFE:
            raise AssertionError(f"unsafe link scheme {scheme!r}: {html[:500]!r}")


if __name__ == "__main__":
    run(test_one_input)
