"""Full-text search: an FTS5 table on SQLite, a GIN index on PostgreSQL (see lessons/search.py).

RunPython guarded by the database vendor; on a SQLite build without FTS5 nothing is created
and the search falls back to substring matching.
"""

from django.db import migrations

from ssrmonitor.lessons.search import (
    FTS_CREATE,
    FTS_DROP,
    FTS_TABLE,
    PG_INDEX_CREATE,
    PG_INDEX_DROP,
    fts5_available,
)


def forwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_INDEX_CREATE)
    elif vendor == "sqlite" and fts5_available():
        schema_editor.execute(FTS_CREATE)
        # The search may have created the table already (a database used before migrating).
        schema_editor.execute(f"DELETE FROM {FTS_TABLE}")  # noqa: S608 (constant)
        schema_editor.execute(
            f"INSERT INTO {FTS_TABLE} (rowid, title, summary, body, attachments) "  # noqa: S608
            "SELECT id, title, summary, body, attachments_text FROM lessons_lesson"
        )


def backwards(apps, schema_editor):
    vendor = schema_editor.connection.vendor
    if vendor == "postgresql":
        schema_editor.execute(PG_INDEX_DROP)
    elif vendor == "sqlite":
        schema_editor.execute(FTS_DROP)


class Migration(migrations.Migration):
    dependencies = [("lessons", "0002_attachments_links_markdown")]

    operations = [migrations.RunPython(forwards, backwards)]
