"""``ssrmonitor reindex_lessons``: refill the full-text index of the lessons library."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand
from django.db import transaction

from ssrmonitor.lessons.search import engine, rebuild_index


class Command(BaseCommand):
    help = (
        "Refill the SQLite FTS5 full-text index of the lessons library from the lessons table "
        "(titles, summaries, bodies and the text extracted from attachments). The lesson "
        "services keep the index in sync; run this after restoring or copying a database by "
        "other means. On PostgreSQL the GIN index follows the table and nothing is needed."
    )

    def handle(self, *args: Any, **options: Any) -> None:
        with transaction.atomic():
            count = rebuild_index()
        self.stdout.write(f"Search engine: {engine()}; lessons indexed: {count}")
