# A sector's share is a percentage of the project: at most 100 (IATI rule 12.3.1). Rows stored
# above it are kept; the IATI export lists their projects as not publishable until corrected.

import django.core.validators
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('projects', '0008_actuals_are_numbers'),
    ]

    operations = [
        migrations.AlterField(
            model_name='projectsector',
            name='percentage',
            field=models.DecimalField(blank=True, decimal_places=2, max_digits=5, null=True, validators=[django.core.validators.MinValueValidator(0), django.core.validators.MaxValueValidator(100)], verbose_name='share, %'),
        ),
    ]
