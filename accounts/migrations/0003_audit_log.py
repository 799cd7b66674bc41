# Once created accounts.AuditLogEntry. The audit log of looks at seniors' data now lives in
# helpdesk (helpdesk.AuditLogEntry), which copies old rows before 0004 drops the table.

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0002_initial"),
    ]

    operations: list[migrations.operations.base.Operation] = []
