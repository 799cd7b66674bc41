"""Indexes for the hot reads (issue 12/15): one person's bookings by address, an office's week of slots.

Booking addresses are stored in small letters from now on (``Booking.save``); existing ones are
lowered here, so that "the same person" is an exact, indexed comparison.
"""

from django.conf import settings
from django.db import migrations, models
from django.db.models.functions import Lower


def lower_emails(apps, schema_editor):
    apps.get_model("helpdesk", "Booking").objects.exclude(email="").update(email=Lower("email"))


class Migration(migrations.Migration):

    dependencies = [
        ('helpdesk', '0005_office_calendar'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RunPython(lower_emails, migrations.RunPython.noop),
        migrations.AddIndex(
            model_name='booking',
            index=models.Index(fields=['status', 'email'], name='booking_status_email'),
        ),
        migrations.AddIndex(
            model_name='slot',
            index=models.Index(fields=['office', 'starts_at'], name='slot_office_starts_at'),
        ),
    ]
