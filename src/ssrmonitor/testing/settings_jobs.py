"""Settings of the worker processes the job tests start: the product's, plus a test-only app
with kinds of job that pause inside their transaction (``ssrmonitor.testing.jobapp``)."""

from __future__ import annotations

from ssrmonitor.settings import *  # noqa: F403
from ssrmonitor.settings import INSTALLED_APPS

INSTALLED_APPS = [*INSTALLED_APPS, "ssrmonitor.testing.jobapp"]
