"""Phone numbers in E.164 (issue 12): existing numbers are rewritten where they can be parsed.

What cannot be parsed ("abc", "keine") stays as it was typed, with an empty normalised
form, so nothing is lost and staff still see it. The guests' lock rows carry no data
and are recreated on the next booking, so they are dropped instead of converted.
"""

from django.db import migrations, models

from core import phones


def to_e164(apps, schema_editor):
    for model_name in ("Booking", "WaitlistEntry"):
        model = apps.get_model("helpdesk", model_name)
        changed = []
        for row in model.objects.exclude(phone="").only("pk", "phone"):
            number = phones.normalise(row.phone)
            if model_name == "Booking":
                row.phone_normalised = number
            if number:
                row.phone = number
            changed.append(row)
        fields = ["phone", "phone_normalised"] if model_name == "Booking" else ["phone"]
        model.objects.bulk_update(changed, fields, batch_size=500)
    apps.get_model("helpdesk", "CallerLock").objects.all().delete()


class Migration(migrations.Migration):
    dependencies = [("helpdesk", "0003_roles_live_with_their_objects")]

    operations = [
        migrations.RenameField("callerlock", "phone_normalised", "contact"),
        migrations.AlterField("callerlock", "contact", models.CharField(max_length=260, unique=True)),
        migrations.RunPython(to_e164, migrations.RunPython.noop),
    ]
