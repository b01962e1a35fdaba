"""The frameworks the department keeps from the start: the EU's, NATO's, the UN treaty bodies
and the UPR, the Council of Europe's, the bilateral charter and the national strategies. They
are rows IRD keeps in the app; these come back after a flush, as the regions do."""

from __future__ import annotations

from django.db.models import Model

# (code, family, Georgian name, English name), in the order they are listed.
FRAMEWORKS = [
    (
        "eu-aa",
        "eu",
        "ევროკავშირი-საქართველოს ასოცირების შეთანხმება",
        "EU–Georgia Association Agreement",
    ),
    (
        "eu-agenda",
        "eu",
        "ევროკავშირი-საქართველოს ასოცირების დღის წესრიგი",
        "EU–Georgia Association Agenda",
    ),
    (
        "vlap",
        "eu",
        "სავიზო ლიბერალიზაციის სამოქმედო გეგმა (VLAP)",
        "Visa Liberalisation Action Plan (VLAP)",
    ),
    (
        "vlap-post",
        "eu",
        "სავიზო ლიბერალიზაციის შემდგომი რეკომენდაციები",
        "Post-visa-liberalisation recommendations",
    ),
    ("eap", "eu", "აღმოსავლეთ პარტნიორობა", "Eastern Partnership"),
    (
        "eu-csdp",
        "eu",
        "ევროკავშირი-საქართველოს საერთო უსაფრთხოებისა და თავდაცვის პოლიტიკის სამუშაო გეგმა",
        "EU–Georgia CSDP work plan",
    ),
    (
        "nato-anp",
        "nato",
        "ნატო-საქართველოს წლიური ეროვნული პროგრამა (ANP)",
        "NATO–Georgia Annual National Programme (ANP)",
    ),
    ("nato-parp", "nato", "PARP-ის პარტნიორობის მიზნები", "PARP partnership goals"),
    (
        "nato-sngp",
        "nato",
        "ნატო-საქართველოს არსებითი პაკეტი (SNGP)",
        "Substantial NATO–Georgia Package (SNGP)",
    ),
    (
        "un-upr",
        "un",
        "გაეროს უნივერსალური პერიოდული მიმოხილვა (UPR)",
        "UN Universal Periodic Review (UPR)",
    ),
    (
        "un-cat",
        "un",
        "გაეროს წამების წინააღმდეგ კომიტეტი (CAT)",
        "UN Committee against Torture (CAT)",
    ),
    (
        "un-ccpr",
        "un",
        "გაეროს ადამიანის უფლებათა კომიტეტი (ICCPR)",
        "UN Human Rights Committee (ICCPR)",
    ),
    (
        "un-cerd",
        "un",
        "რასობრივი დისკრიმინაციის აღმოფხვრის კომიტეტი (CERD)",
        "Committee on the Elimination of Racial Discrimination (CERD)",
    ),
    (
        "un-cedaw",
        "un",
        "ქალთა მიმართ დისკრიმინაციის აღმოფხვრის კომიტეტი (CEDAW)",
        "Committee on the Elimination of Discrimination against Women (CEDAW)",
    ),
    (
        "un-crc",
        "un",
        "ბავშვის უფლებათა კომიტეტი (CRC)",
        "Committee on the Rights of the Child (CRC)",
    ),
    (
        "un-unodc",
        "un",
        "გაეროს ნარკოტიკებისა და დანაშაულის სამმართველო (UNODC)",
        "UN Office on Drugs and Crime (UNODC)",
    ),
    (
        "un-incb",
        "un",
        "ნარკოტიკების კონტროლის საერთაშორისო საბჭო (INCB)",
        "International Narcotics Control Board (INCB)",
    ),
    ("coe", "coe", "ევროპის საბჭო", "Council of Europe"),
    (
        "coe-cpt",
        "coe",
        "წამების პრევენციის ევროპული კომიტეტი (CPT)",
        "European Committee for the Prevention of Torture (CPT)",
    ),
    (
        "coe-fcnm",
        "coe",
        "ეროვნული უმცირესობების დაცვის ჩარჩო კონვენცია (FCNM)",
        "Framework Convention for the Protection of National Minorities (FCNM)",
    ),
    (
        "coe-ecri",
        "coe",
        "რასიზმისა და შეუწყნარებლობის წინააღმდეგ ევროპული კომისია (ECRI)",
        "European Commission against Racism and Intolerance (ECRI)",
    ),
    (
        "us-charter",
        "bilateral",
        "აშშ-საქართველოს სტრატეგიული პარტნიორობის ქარტია",
        "US–Georgia Charter on Strategic Partnership",
    ),
    (
        "national",
        "national",
        "ეროვნული სტრატეგიები და სამოქმედო გეგმები",
        "National strategies and action plans",
    ),
]


def frameworks_ensure(framework_model: type[Model]) -> None:
    """Every starting framework exists, once (the migration's model or the live one); one IRD
    has changed keeps its changes."""
    for position, (code, family, name_ka, name_en) in enumerate(FRAMEWORKS):
        framework_model.objects.get_or_create(  # type: ignore[attr-defined]
            code=code,
            defaults={
                "family": family,
                "name_ka": name_ka,
                "name_en": name_en,
                "position": position,
            },
        )
