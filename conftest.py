"""Test-wide settings: a throw-away SSRMONITOR_HOME and a fast password hasher."""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SSRMONITOR_HOME", tempfile.mkdtemp(prefix="ssrmonitor-test-"))
os.environ["SSRMONITOR_FAST_HASHER"] = "1"
os.environ.pop("SSRMONITOR_PRODUCTION", None)

pytest_plugins = ["ssrmonitor.testing.fixtures"]
