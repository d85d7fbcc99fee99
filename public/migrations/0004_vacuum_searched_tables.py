"""The tables 0003 rewrote (adding their stored search vector), vacuumed and analysed on
PostgreSQL: a rewritten table has an empty visibility map, so the lists' index-only walks would
read every row again until autovacuum came by (VACUUM cannot run in a transaction, hence a
migration of its own, as aspects 0016)."""

from django.db import migrations

TABLES = ("aspects_aspect", "aspects_activity", "programs_recommendation")  # as 0003.COLUMNS


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for table in TABLES:
        schema_editor.execute(f"VACUUM (ANALYZE) {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("public", "0003_stored_search_vectors")]

    operations = [migrations.RunPython(vacuum, migrations.RunPython.noop, elidable=True)]
