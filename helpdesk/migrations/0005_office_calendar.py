"""The office calendar as data (issue 12): opening hours per weekday, closures, extra dates.

The old free-text opening hours ("Mo–Do 9–16 Uhr\nFr 9–12 Uhr") are read into rows where
they follow that usual pattern; text that does not is left out (the coordinator enters
those hours on the calendar page). The text field is renamed first so that the new
``opening_hours`` rows do not collide with it while both exist.
"""

import datetime as dt
import re

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


DAYS = {"mo": 0, "di": 1, "mi": 2, "do": 3, "fr": 4, "sa": 5, "so": 6}
DASH = r"\s*[-–bis]+\s*"
TIME = r"(\d{1,2})(?:[:.](\d{2}))?"


def _days(text):
    days = []
    for part in re.split(r"\s*(?:,|und|u\.)\s*", text.lower()):
        bounds = [b[:2] for b in re.split(r"\s*[-–]\s*|\s+bis\s+", part.strip()) if b]
        if not bounds or any(b not in DAYS for b in bounds):
            return []
        first, last = DAYS[bounds[0]], DAYS[bounds[-1]]
        days.extend(range(first, last + 1))
    return days


def parse_hours(text):
    """(weekday, opens, closes) from lines like "Mo–Do 9–12, 13–16 Uhr" or "Mo, Mi 9–15 Uhr"."""
    rows = []
    for line in (text or "").splitlines():
        match = re.match(r"^\s*([A-Za-zäÄ,.\s–-]+?)\s+(\d.*)$", line)
        if not match:
            continue
        days = _days(match.group(1))
        for start_h, start_m, end_h, end_m in re.findall(TIME + DASH + TIME, match.group(2)):
            try:
                opens = dt.time(int(start_h), int(start_m or 0))
                closes = dt.time(int(end_h), int(end_m or 0))
            except ValueError:
                continue
            if closes > opens:
                rows.extend((day, opens, closes) for day in days)
    return rows


def hours_from_text(apps, schema_editor):
    Office = apps.get_model("helpdesk", "Office")
    OpeningHours = apps.get_model("helpdesk", "OpeningHours")
    for office in Office.objects.exclude(opening_hours_text=""):
        OpeningHours.objects.bulk_create(
            OpeningHours(office=office, weekday=day, opens=opens, closes=closes)
            for day, opens, closes in parse_hours(office.opening_hours_text)
        )


class Migration(migrations.Migration):

    dependencies = [
        ('helpdesk', '0004_phone_numbers_in_e164'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.RenameField(model_name='office', old_name='opening_hours', new_name='opening_hours_text'),
        migrations.AddField(
            model_name='office',
            name='plan_changed_at',
            field=models.DateTimeField(default=django.utils.timezone.now, editable=False, verbose_name='plan last changed'),
        ),
        migrations.AddField(
            model_name='office',
            name='room',
            field=models.CharField(blank=True, help_text='For example: ground floor, room 0.12.', max_length=200, verbose_name='floor and room'),
        ),
        migrations.CreateModel(
            name='ExtraDate',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('day', models.DateField(verbose_name='day')),
                ('opens', models.TimeField(verbose_name='from')),
                ('closes', models.TimeField(verbose_name='until')),
                ('title', models.CharField(max_length=160, verbose_name='title')),
                ('kind', models.CharField(choices=[('workshop', 'group workshop'), ('open_hour', 'open consultation hour')], default='open_hour', max_length=12, verbose_name='kind')),
                ('capacity', models.PositiveSmallIntegerField(default=8, verbose_name='seats')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='extra_dates', to='helpdesk.office', verbose_name='office')),
            ],
            options={
                'verbose_name': 'extra date',
                'verbose_name_plural': 'extra dates',
                'ordering': ['office', 'day', 'opens'],
            },
        ),
        migrations.AddField(
            model_name='slot',
            name='extra_date',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='slots', to='helpdesk.extradate'),
        ),
        migrations.CreateModel(
            name='OpeningHours',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('weekday', models.PositiveSmallIntegerField(choices=[(0, '0'), (1, '1'), (2, '2'), (3, '3'), (4, '4'), (5, '5'), (6, '6')], verbose_name='weekday')),
                ('opens', models.TimeField(verbose_name='opens')),
                ('closes', models.TimeField(verbose_name='closes')),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='opening_hours', to='helpdesk.office', verbose_name='office')),
            ],
            options={
                'verbose_name': 'opening hours',
                'verbose_name_plural': 'opening hours',
                'ordering': ['office', 'weekday', 'opens'],
            },
        ),
        migrations.CreateModel(
            name='Closure',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('starts_on', models.DateField(verbose_name='first day')),
                ('ends_on', models.DateField(verbose_name='last day')),
                ('reason', models.CharField(help_text='For example: Christmas holidays.', max_length=120, verbose_name='reason')),
                ('begins_at', models.DateTimeField(editable=False)),
                ('ends_before', models.DateTimeField(editable=False)),
                ('created_at', models.DateTimeField(default=django.utils.timezone.now, editable=False)),
                ('created_by', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.SET_NULL, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('office', models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name='closures', to='helpdesk.office', verbose_name='office')),
            ],
            options={
                'verbose_name': 'closure',
                'verbose_name_plural': 'closures',
                'ordering': ['office', 'starts_on'],
                'constraints': [models.CheckConstraint(condition=models.Q(('ends_on__gte', models.F('starts_on'))), name='closure_ends_after_start')],
            },
        ),
        migrations.AddConstraint(
            model_name='extradate',
            constraint=models.CheckConstraint(condition=models.Q(('closes__gt', models.F('opens'))), name='extra_date_close_after_open'),
        ),
        migrations.AddConstraint(
            model_name='extradate',
            constraint=models.CheckConstraint(condition=models.Q(('capacity__gte', 1)), name='extra_date_capacity_min'),
        ),
        migrations.AddConstraint(
            model_name='openinghours',
            constraint=models.CheckConstraint(condition=models.Q(('closes__gt', models.F('opens'))), name='opening_hours_close_after_open'),
        ),
        migrations.AddConstraint(
            model_name='openinghours',
            constraint=models.CheckConstraint(condition=models.Q(('weekday__lte', 6)), name='opening_hours_weekday_range'),
        ),
        migrations.RunPython(hours_from_text, migrations.RunPython.noop),
        migrations.RemoveField(model_name='office', name='opening_hours_text'),
    ]
