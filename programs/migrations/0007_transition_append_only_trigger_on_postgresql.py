"""On PostgreSQL the workflow's history (`programs_transition`) refuses UPDATE and DELETE in the
database too, with the audit trail's function (audit 0003; docs/audit-trail.md)."""

from django.db import migrations


def add(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(
        "CREATE TRIGGER programs_transition_append_only BEFORE UPDATE OR DELETE ON programs_transition "
        "FOR EACH ROW EXECUTE FUNCTION refuse_history_change();"
    )


def remove(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS programs_transition_append_only ON programs_transition;")


class Migration(migrations.Migration):
    dependencies = [
        ("programs", "0006_protect_transition_user"),
        ("audit", "0003_append_only_trigger_on_postgresql"),
    ]

    operations = [migrations.RunPython(add, remove, elidable=False)]
