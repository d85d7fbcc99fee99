"""PostgreSQL only: the `es_unaccent` text-search configuration (Spanish stemming after
unaccent) and a GIN index on each searched column, matching `public.search`. SQLite skips it."""

from django.db import migrations

INDEXES = [("aspects_aspect", "text"), ("aspects_activity", "description"), ("programs_recommendation", "text")]


def create(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("CREATE EXTENSION IF NOT EXISTS unaccent")
    schema_editor.execute(
        "DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_ts_config WHERE cfgname = 'es_unaccent') THEN "
        "CREATE TEXT SEARCH CONFIGURATION es_unaccent (COPY = spanish); "
        "ALTER TEXT SEARCH CONFIGURATION es_unaccent ALTER MAPPING FOR hword, hword_part, word WITH unaccent, spanish_stem; "
        "END IF; END $$"
    )
    for table, column in INDEXES:
        schema_editor.execute(
            f"CREATE INDEX IF NOT EXISTS {table}_{column}_search ON {table} "
            f"USING gin (to_tsvector('es_unaccent'::regconfig, COALESCE({column}, '')))"
        )


def drop(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table, column in INDEXES:
        schema_editor.execute(f"DROP INDEX IF EXISTS {table}_{column}_search")
    schema_editor.execute("DROP TEXT SEARCH CONFIGURATION IF EXISTS es_unaccent")


class Migration(migrations.Migration):
    dependencies = [("aspects", "0003_evidence_note_help"), ("programs", "0004_agency_slug")]

    operations = [migrations.RunPython(create, drop)]
