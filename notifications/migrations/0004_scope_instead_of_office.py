"""The outbox names who handles a message with an opaque scope instead of a foreign key to an office.

Databases made before this change have an ``office_id`` column (from the old 0001): its
values become ``office:<id>`` scopes and the column goes. Fresh databases never had it.
The values are set aside first, because adding a column on SQLite rebuilds the table
from the model, which already has no ``office_id``.
"""

from django.db import migrations, models

TABLE = "notifications_outboxmessage"
STASH = "notifications_office_scope_stash"


def _columns(schema_editor):
    connection = schema_editor.connection
    with connection.cursor() as cursor:
        return {column.name for column in connection.introspection.get_table_description(cursor, TABLE)}


def stash_offices(apps, schema_editor):
    if "office_id" not in _columns(schema_editor):
        return
    schema_editor.execute(
        f"CREATE TABLE {STASH} AS SELECT id, 'office:' || CAST(office_id AS VARCHAR(20)) AS scope "
        f"FROM {TABLE} WHERE office_id IS NOT NULL"
    )


def scopes_from_stash(apps, schema_editor):
    if STASH in schema_editor.connection.introspection.table_names():
        schema_editor.execute(
            f"UPDATE {TABLE} SET scope = (SELECT s.scope FROM {STASH} s WHERE s.id = {TABLE}.id) "
            f"WHERE id IN (SELECT id FROM {STASH})"
        )
        schema_editor.execute(f"DROP TABLE {STASH}")
    if "office_id" in _columns(schema_editor):
        # Still there on PostgreSQL: the schema editor drops it with its index and foreign key.
        old_column = models.BigIntegerField(null=True, db_column="office_id")
        old_column.set_attributes_from_name("office")
        schema_editor.remove_field(apps.get_model("notifications", "OutboxMessage"), old_column)


class Migration(migrations.Migration):
    dependencies = [
        ("notifications", "0003_claim_index"),
    ]

    operations = [
        migrations.RunPython(stash_offices, migrations.RunPython.noop, elidable=True),
        migrations.AddField(
            model_name="outboxmessage",
            name="scope",
            field=models.CharField(
                blank=True,
                db_index=True,
                help_text="Who handles this message, as the sending app names it, e.g. “office:12”.",
                max_length=60,
                verbose_name="scope",
            ),
        ),
        migrations.RunPython(scopes_from_stash, migrations.RunPython.noop, elidable=True),
    ]
