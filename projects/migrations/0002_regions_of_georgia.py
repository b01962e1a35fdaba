from django.db import migrations

from projects.regions import regions_ensure


def add_regions(apps, schema_editor):
    regions_ensure(apps.get_model("projects", "Area"))


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(add_regions, migrations.RunPython.noop)]
