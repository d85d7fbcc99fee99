"""PostgreSQL only: each searched column's search vector stored on its row, as a generated column
(`search_vector`, which PostgreSQL computes on every write, so it cannot fall behind its text),
with the GIN index on it instead of migration 0001's expression index. A search then tests a row
by reading its stored vector instead of stemming its text again: a list's first page walks its
order and tests each row it passes, and the search page sorts and counts its matches. The models
do not declare the column (SQLite has no text search); `public.search` names it. SQLite skips
this migration."""

from django.db import migrations

# The searched columns, as in migration 0001 and public.search.FIELDS.
COLUMNS = [("aspects_aspect", "text"), ("aspects_activity", "description"), ("programs_recommendation", "text")]


def store(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(
            f"ALTER TABLE {table} ADD COLUMN IF NOT EXISTS search_vector tsvector GENERATED ALWAYS AS "
            f"(to_tsvector('es_unaccent'::regconfig, COALESCE({column}, ''))) STORED"
        )
        schema_editor.execute(f"CREATE INDEX IF NOT EXISTS {table}_search_vector ON {table} USING gin (search_vector)")
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_search")
        # The planner's estimate of a search (the lists' paginator reads it) comes from the new column's statistics.
        schema_editor.execute(f"ANALYZE {table}")


def unstore(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in COLUMNS:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_search ON {table} "
            f"USING gin (to_tsvector('es_unaccent'::regconfig, COALESCE({column}, '')))"
        )
        schema_editor.execute(f"ALTER TABLE {table} DROP COLUMN IF EXISTS search_vector")


class Migration(migrations.Migration):
    dependencies = [
        ("public", "0002_publishedfile"),
        ("aspects", "0017_missing_reports"),
        ("programs", "0008_region_catalogue"),
    ]

    operations = [migrations.RunPython(store, unstore)]
