"""The ``ssrmonitor`` command: Django's management entry point with our settings."""

from __future__ import annotations

import os
import sys


def main() -> None:
    """Run a management command (``ssrmonitor demo``, ``ssrmonitor migrate``, …)."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ssrmonitor.settings")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
