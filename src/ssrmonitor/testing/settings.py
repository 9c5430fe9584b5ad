"""Test settings: the product's settings with only what tests need changed.

A throw-away ``SSRMONITOR_HOME`` (unless one is given), a fast password hasher, and no API
throttling.
"""

from __future__ import annotations

import os
import tempfile

os.environ.setdefault("SSRMONITOR_HOME", tempfile.mkdtemp(prefix="ssrmonitor-test-"))
os.environ.pop("SSRMONITOR_PRODUCTION", None)
# Submitted jobs run at once, inside the test (the worker's own tests use the database queue).
os.environ.setdefault("SSRMONITOR_JOB_QUEUE", "immediate")

from ssrmonitor.settings import *  # noqa: F403

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
# Test modules send many API requests from one address within a minute: the throttles' own
# tests (core/tests/test_api_throttling.py) set small rates with override_settings.
SSRMONITOR_API_RATE_USER = SSRMONITOR_API_RATE_ANON = "off"

# Kinds of job that make a worker's failures reproducible (see ssrmonitor.testing.jobapp).
INSTALLED_APPS = [*INSTALLED_APPS, "ssrmonitor.testing.jobapp"]  # noqa: F405
# A cache in memory: the database cache would need the database in every test that clears the
# cache. The shared database cache is tested across two real servers
# (core/tests/test_ops_servers.py).
CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"},
    "results": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "results"},
}

# Tests run jobs inside their own transaction: no second connection for progress.
DATABASES.pop("jobs", None)  # noqa: F405
