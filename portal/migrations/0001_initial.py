# The footer pages' model, taken over from ``core`` together with its table.

from django.db import migrations, models


class Migration(migrations.Migration):
    initial = True

    dependencies = [
        ("core", "0002_sitepage_moves_to_portal"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(
            state_operations=[
                migrations.CreateModel(
                    name='SitePage',
                    fields=[
                        ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                        ('slug', models.SlugField(choices=[('impressum', 'Legal notice (Impressum)'), ('datenschutz', 'Privacy (Datenschutz)'), ('barrierefreiheit', 'Accessibility statement (Barrierefreiheit)'), ('leichte-sprache', 'Easy language (Leichte Sprache)')], max_length=40, unique=True, verbose_name='page')),
                        ('title_de', models.CharField(max_length=200, verbose_name='title (German)')),
                        ('title_en', models.CharField(max_length=200, verbose_name='title (English)')),
                        ('body_de', models.TextField(help_text='Plain text; an empty line starts a new paragraph.', verbose_name='text (German)')),
                        ('body_en', models.TextField(help_text='Plain text; an empty line starts a new paragraph.', verbose_name='text (English)')),
                        ('updated_at', models.DateTimeField(auto_now=True, verbose_name='last changed')),
                    ],
                    options={
                        'verbose_name': 'site page',
                        'verbose_name_plural': 'site pages',
                        'ordering': ['slug'],
                        'db_table': 'core_sitepage',
                    },
                ),
            ]
        ),
        migrations.AlterModelTable(name="sitepage", table=None),
    ]
