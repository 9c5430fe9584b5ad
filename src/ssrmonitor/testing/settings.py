"""Test settings: the product's settings with only what tests need changed.

A throw-away ``SSRMONITOR_HOME`` (unless one is given) and a fast password hasher.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SSRMONITOR_HOME", tempfile.mkdtemp(prefix="ssrmonitor-test-"))
os.environ.pop("SSRMONITOR_PRODUCTION", None)

from ssrmonitor.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
