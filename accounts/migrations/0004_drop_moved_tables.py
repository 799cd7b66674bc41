"""Drop the tables whose rows moved to the wings.

Fresh databases never had them. Older ones did: ``participation`` and ``helpdesk`` copy
their rows first (their migrations declare ``run_before`` this one), then they go.
"""

from django.db import migrations


def drop_moved_tables(apps, schema_editor):
    existing = set(schema_editor.connection.introspection.table_names())
    for table in ("accounts_membership", "accounts_auditlogentry"):
        if table in existing:
            schema_editor.execute(f"DROP TABLE {schema_editor.quote_name(table)}")


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_audit_log"),
    ]

    operations = [migrations.RunPython(drop_moved_tables, migrations.RunPython.noop, elidable=True)]
