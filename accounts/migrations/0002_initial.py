# Once added the wings' foreign keys to the role rows that lived here (accounts.Membership).
# Roles now live with their objects (participation.ProjectModerator, helpdesk.OfficeStaff), so
# accounts depends on neither wing. Databases that applied the old version keep their table
# until 0004 drops it, after the wings copied its rows (their migrations run before 0004).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0001_initial"),
    ]

    operations: list[migrations.operations.base.Operation] = []
