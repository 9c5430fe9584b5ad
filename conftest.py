"""Shared pytest fixtures: named personas (see ssrmonitor.testing.fixtures).

Settings for tests are ``ssrmonitor.testing.settings`` (pyproject.toml).
"""

from __future__ import annotations

pytest_plugins = ["ssrmonitor.testing.fixtures"]
