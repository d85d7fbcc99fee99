"""The summaries 0018 rewrote, vacuumed and analysed on PostgreSQL: the home adds them up in an
index-only scan once the visibility map says the rows are visible (VACUUM cannot run in a
transaction, hence a migration of its own)."""

from django.db import migrations


def vacuum(apps, schema_editor):
    if schema_editor.connection.vendor != "postgresql":
        return
    for name in ("PlanSummary", "Plan"):
        table = schema_editor.quote_name(apps.get_model("aspects", name)._meta.db_table)
        schema_editor.execute(f"VACUUM (ANALYZE) {table}")


class Migration(migrations.Migration):
    atomic = False

    dependencies = [("aspects", "0018_plan_summary_keys")]

    operations = [migrations.RunPython(vacuum, migrations.RunPython.noop, elidable=True)]
