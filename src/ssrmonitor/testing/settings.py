"""Test settings: the product's settings with only what tests need changed.

A throw-away ``SSRMONITOR_HOME`` (unless one is given), a fast password hasher, and no API
throttling.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SSRMONITOR_HOME", tempfile.mkdtemp(prefix="ssrmonitor-test-"))
os.environ.pop("SSRMONITOR_PRODUCTION", None)

from ssrmonitor.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Test modules send many API requests from one address within a minute: the throttles' own
# tests (core/tests/test_api_throttling.py) set small rates with override_settings.
SSRMONITOR_API_RATE_USER = SSRMONITOR_API_RATE_ANON = "off"
