"""Shared set-up of the atheris harnesses: Django settings (gettext, the upload checks), a
scratch file for the parsers that read a path, and the run loop."""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

import atheris
import django

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssrmonitor.settings")
os.environ.setdefault("SSRMONITOR_HOME", tempfile.mkdtemp(prefix="ssrm-fuzz-"))
django.setup()

_SCRATCH = Path(tempfile.mkdtemp(prefix="ssrm-fuzz-input-"))


def scratch(data: bytes, suffix: str) -> Path:
    """``data`` written to a file (the same path each time), for the readers that take a path."""
    path = _SCRATCH / f"input{suffix}"
    path.write_bytes(data)
    return path


def run(test_one_input: Callable[[bytes], None]) -> None:
    atheris.Setup(sys.argv, test_one_input)
    atheris.Fuzz()
