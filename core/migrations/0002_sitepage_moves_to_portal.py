# The footer pages are the site's own content, not infrastructure: the model moves to
# ``portal`` (state only here; portal takes over the table and renames it).

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("core", "0001_initial"),
    ]

    operations = [
        migrations.SeparateDatabaseAndState(state_operations=[migrations.DeleteModel(name="SitePage")]),
    ]
