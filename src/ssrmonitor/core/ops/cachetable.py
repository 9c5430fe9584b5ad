"""The database cache's table is made by ``migrate`` (and so by ``ssrmonitor upgrade``).

Django makes it only with ``createcachetable``, which an operator would have to know about;
this runs it after core's migrations, on the database just migrated. It does nothing when the
cache is Redis or the table exists.
"""

from __future__ import annotations

from typing import Any

from django.core.management import call_command
from django.db import DEFAULT_DB_ALIAS


def create_cache_table(*, using: str = DEFAULT_DB_ALIAS, **kwargs: Any) -> None:
    """``post_migrate`` receiver (connected by core's ``AppConfig``)."""
    call_command("createcachetable", database=using, verbosity=0)
