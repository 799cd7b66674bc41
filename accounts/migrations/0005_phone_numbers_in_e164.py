"""Profile phone numbers in E.164 (issue 12), where the typed text is a valid number."""

from django.db import migrations

from core import phones


def to_e164(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    changed = []
    for user in User.objects.exclude(phone="").only("pk", "phone"):
        number = phones.normalise(user.phone)
        if number and number != user.phone:
            user.phone = number
            changed.append(user)
    User.objects.bulk_update(changed, ["phone"], batch_size=500)


class Migration(migrations.Migration):
    dependencies = [("accounts", "0004_drop_moved_tables")]

    operations = [migrations.RunPython(to_e164, migrations.RunPython.noop)]
