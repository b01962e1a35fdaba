from django.db import migrations

# Georgia's regions (მხარე), the autonomous republics and the capital. Municipalities are added
# by administrators as projects need them.
REGIONS = [
    ("თბილისი", "Tbilisi"),
    ("აფხაზეთის ავტონომიური რესპუბლიკა", "Autonomous Republic of Abkhazia"),
    ("აჭარის ავტონომიური რესპუბლიკა", "Autonomous Republic of Adjara"),
    ("გურია", "Guria"),
    ("იმერეთი", "Imereti"),
    ("კახეთი", "Kakheti"),
    ("ქვემო ქართლი", "Kvemo Kartli"),
    ("მცხეთა-მთიანეთი", "Mtskheta-Mtianeti"),
    ("რაჭა-ლეჩხუმი და ქვემო სვანეთი", "Racha-Lechkhumi and Kvemo Svaneti"),
    ("სამეგრელო-ზემო სვანეთი", "Samegrelo-Zemo Svaneti"),
    ("სამცხე-ჯავახეთი", "Samtskhe-Javakheti"),
    ("შიდა ქართლი", "Shida Kartli"),
]


def add_regions(apps, schema_editor):
    Area = apps.get_model("projects", "Area")
    for name_ka, name_en in REGIONS:
        Area.objects.get_or_create(kind="region", name_ka=name_ka, defaults={"name_en": name_en})


class Migration(migrations.Migration):
    dependencies = [("projects", "0001_initial")]

    operations = [migrations.RunPython(add_regions, migrations.RunPython.noop)]
