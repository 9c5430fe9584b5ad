"""Shared pytest fixtures: named personas (see ssrmonitor.testing.fixtures), and sessions of
``force_login`` that pass the second factor (see ssrmonitor.testing.mfa).

Settings for tests are ``ssrmonitor.testing.settings`` (pyproject.toml).
"""

from __future__ import annotations

pytest_plugins = ["ssrmonitor.testing.fixtures", "ssrmonitor.testing.mfa"]
