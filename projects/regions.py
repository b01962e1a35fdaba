"""Georgia's regions (მხარე), the autonomous republics and the capital: the target areas every
register starts with. Municipalities are added by administrators as projects need them."""

from __future__ import annotations

from django.db.models import Model

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


def regions_ensure(area_model: type[Model]) -> None:
    """Every region exists, once (the migration's model or the live one)."""
    for name_ka, name_en in REGIONS:
        area_model.objects.get_or_create(  # type: ignore[attr-defined]
            kind="region", name_ka=name_ka, defaults={"name_en": name_en}
        )
