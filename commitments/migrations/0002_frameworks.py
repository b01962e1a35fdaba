"""The frameworks the ministry's commitments come from, as IRD first keeps them; they are data
and kept in the app from here on."""

from django.db import migrations

from commitments.frameworks import frameworks_ensure


def add_frameworks(apps, schema_editor):
    frameworks_ensure(apps.get_model("commitments", "Framework"))


class Migration(migrations.Migration):
    dependencies = [("commitments", "0001_initial")]

    operations = [migrations.RunPython(add_frameworks, migrations.RunPython.noop)]
