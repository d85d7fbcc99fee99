"""On PostgreSQL the database itself refuses to change or delete history rows.

`AppendOnlyModel` refuses through the ORM, but `_base_manager.update()`, raw SQL or a psql session
go past it. A row trigger refuses every UPDATE and DELETE of `audit_auditentry` (and of the
workflow's `programs_transition`, in that app's migration, with the same function). TRUNCATE is
not a row operation: it stays with whoever holds the TRUNCATE privilege (the test suite's flush
uses it). How a DBA purges by policy: docs/audit-trail.md. SQLite has no such triggers here: the
embedded default keeps the ORM's refusal only.
"""

from django.db import migrations

FUNCTION = """
CREATE OR REPLACE FUNCTION refuse_history_change() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'El historial no se modifica ni se borra (tabla %, %).', TG_TABLE_NAME, TG_OP
        USING ERRCODE = 'restrict_violation',
              HINT = 'Una purga por política la hace un DBA: vea docs/audit-trail.md.';
END;
$$;
"""


def trigger(table: str) -> str:
    return (
        f"CREATE TRIGGER {table}_append_only BEFORE UPDATE OR DELETE ON {table} "
        "FOR EACH ROW EXECUTE FUNCTION refuse_history_change();"
    )


def add(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute(FUNCTION, params=None)
    schema_editor.execute(trigger("audit_auditentry"))


def remove(apps, schema_editor) -> None:
    if schema_editor.connection.vendor != "postgresql":
        return
    schema_editor.execute("DROP TRIGGER IF EXISTS audit_auditentry_append_only ON audit_auditentry;")
    schema_editor.execute("DROP FUNCTION IF EXISTS refuse_history_change();")


class Migration(migrations.Migration):
    dependencies = [("audit", "0002_protect_acting_user")]

    operations = [migrations.RunPython(add, remove, elidable=False)]
