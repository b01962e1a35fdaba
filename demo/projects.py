"""The two real register entries (seeds 003 and 004) and the final report owed under one,
through the services (the monitored opportunities' projects and their reports live in
``demo.opportunities``).

Idempotent: a project whose Georgian title is already in the register is left as it is.
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from core.models import Donor, OrganisationalUnit, User
from projects.models import Area, Obligation, Project
from projects.services.obligations import obligation_create
from projects.services.projects import ProjectFields, ProjectParts, project_create

D = datetime.date

PUBLIC_SECTOR = (
    "საჯარო სექტორის განვითარება ცენტრალური და რეგიონალური სერვისების ეფექტური მიწოდების გზით"
)
CIVIL_SOCIETY = (
    "სამოქალაქო საზოგადოება - საჯარო ადმინისტრირების რეფორმის და მომსახურებების მონიტორი"
)


def _one_per_line(*lines: str) -> str:
    """Components and expected results are kept one per line."""
    return "\n".join(lines)


def _shown_with(*fields: str) -> list[str]:
    """The public fields of a seed entry: its English title, status, dates and participants,
    as both entries show them, and ``fields``."""
    return ["title_en", "status", "dates", "participants", *fields]


def _seed_003(
    donors: dict[str, Donor], units: dict[str, OrganisationalUnit]
) -> tuple[ProjectFields, ProjectParts]:
    fields: ProjectFields = {
        "title_ka": PUBLIC_SECTOR,
        "title_en": "Public sector development through effective delivery of central and regional services",
        "status": "4",
        # The entry gives the years only: 2015–2017.
        "actual_start": D(2015, 1, 1),
        "actual_end": D(2017, 12, 31),
        "goal": (
            "ცენტრალურ და რეგიონალურ დონეზე საჯარო სერვისების ეფექტური მიწოდება სააგენტოს "
            "ოპერაციული შესაძლებლობების გაძლიერების, ინოვაციების დანერგვის და ადგილობრივ დონეზე "
            "სამოქალაქო ჩართულობის ხელშეწყობის გზით."
        ),
        "components": _one_per_line(
            "სახელმწიფო სერვისების განვითარების სააგენტოს შესაძლებლობების გაზრდა, ცენტრალური და რეგიონალური სერვისების შემდგომი განვითარებისათვის",
            "რეგიონალური სერვისების განვითარება",
            "ინოვაციების დანერგვის ხელშეწყობა სააგენტოს მიერ განხორციელებულ საქმიანობაში",
        ),
        "expected_results": _one_per_line(
            "1. გაუმჯობესდა საქმის წარმოების სისტემის (CMS) პროგრამული უზრუნველყოფა; დაიწყო ცოდნის ბაზის პლატფორმის შექმნა.",
            "2. შეიქმნა დიპლომატთა საიდენტიფიკაციო დოკუმენტთა მართვის სისტემა.",
            "3. შეიქმნა ID ბარათების PIN/PUK აღდგენის პროგრამა, ჩატარდა ორფაზიანი CA აუდიტი.",
            "4. 516,651 სამოქალაქო აქტი გადავიდა ციფრულ ფორმატში.",
            "5. დამტკიცდა ინოვაციების მართვის პოლიტიკა და სამოქმედო გეგმა.",
            "6. მუნიციპალური მართვის სისტემა გაეშვა 21 მუნიციპალიტეტში.",
            "7. საზოგადოებრივ ცენტრებში ჩატარდა 19 სამოქალაქო ჩართულობის ღონისძიება.",
        ),
        "is_public": True,
        "public_fields": _shown_with("budget", "goal", "expected_results", "sectors", "results"),
    }
    parts: ProjectParts = {
        "participants": [
            {"role": "1", "donor": donors["sida"]},
            {"role": "4", "name": "სსიპ – სახელმწიფო სერვისების განვითარების სააგენტო"},
            {"role": "2", "unit": units["ird"]},
        ],
        "sectors": [{"code": "15110"}],
        # The entry gives 14,500,000 SEK for 2015–2017. IATI takes a budget period of at most a
        # year, so the register keeps a line per year; the yearly split is the demo's own.
        "budget_lines": [
            {
                "amount": amount,
                "currency": "SEK",
                "period_start": D(year, 1, 1),
                "period_end": D(year, 12, 31),
            }
            for year, amount in (
                (2015, Decimal("4500000")),
                (2016, Decimal("5000000")),
                (2017, Decimal("5000000")),
            )
        ],
        "results": [
            {
                "title": "მუნიციპალური მართვის სისტემა",
                "indicators": [
                    {
                        "title": "მუნიციპალიტეტები, სადაც სისტემა ამოქმედდა",
                        "baseline": Decimal(0),
                        "target": Decimal(21),
                    },
                    {
                        "title": "ციფრულ ფორმატში გადაყვანილი სამოქალაქო აქტები",
                        "baseline": Decimal(0),
                        "target": Decimal(516651),
                    },
                ],
            }
        ],
    }
    return fields, parts


def _seed_004(
    donors: dict[str, Donor], units: dict[str, OrganisationalUnit]
) -> tuple[ProjectFields, ProjectParts]:
    fields: ProjectFields = {
        "title_ka": CIVIL_SOCIETY,
        "title_en": "Civil society — monitor of public administration reform and services",
        "status": "3",
        # 30 months, November 2023 – May 2026; the entry gives 01/10/2023 as the start date.
        "planned_start": D(2023, 11, 1),
        "planned_end": D(2026, 5, 31),
        "actual_start": D(2023, 10, 1),
        "goal": (
            "პროექტი ეხმიანება საჯარო ადმინისტრირების რეფორმის 2023-2026 წწ სტრატეგიას და მიზნად "
            "ისახავს სამოქალაქო საზოგადოების აქტიურ ჩართულობას საჯარო ადმინისტრირების, "
            "დეცენტრალიზაციისა და საჯარო ანგარიშვალდებულების რეფორმების მონიტორინგის "
            "განხორციელებაში ადგილობრივ დონეზე."
        ),
        "components": _one_per_line(
            "არასახელმწიფო აქტორების ჩართულობის შეფასება ფისკალური საკითხებისა და მუნიციპალური კეთილდღეობის პროგრამების განხილვებში",
            "ტრენინგების სერია მონიტორინგისა და საჯარო მონაწილეობის ინსტრუმენტებზე",
            "მრგვალი მაგიდები ადგილობრივ, რეგიონულ და ეროვნულ დონეებზე",
            "სამოქალაქო ბიუჯეტების შემუშავება მუნიციპალიტეტებისთვის",
            "ადგილობრივი ხელისუფლების მხარდაჭერა კეთილდღეობის პროგრამების განახლებაში",
            "ადგილობრივი სამოქალაქო ორგანიზაციების გრანტებით მხარდაჭერა",
        ),
        "expected_results": _one_per_line(
            "1. სამ სამიზნე რეგიონში შეგროვდება და დამუშავდება ინფორმაცია ადგილობრივი საჯარო პოლიტიკის, შესყიდვებისა და ქონების მართვის შესახებ.",
            "2. გაიზრდება სამოქალაქო საზოგადოების ორგანიზაციების ცოდნა და უნარები რეფორმების მონიტორინგში.",
            "3. გაიზრდება სამოქალაქო ორგანიზაციების შესაძლებლობები საჯარო პოლიტიკის დიალოგში ჩართვისათვის.",
            "4. გაიზრდება ადგილობრივი ხელისუფლების ცოდნა; გაუმჯობესდება ინფორმაციის ხელმისაწვდომობა.",
        ),
        "is_public": True,
        "public_fields": _shown_with("target_areas", "goal", "components", "sectors"),
    }
    parts: ProjectParts = {
        "participants": [
            {"role": "1", "donor": donors["eu"]},
            {"role": "4", "name": "ევროპის ფონდი"},
            {"role": "partner", "unit": units["ird"]},
        ],
        "sectors": [{"code": "15150"}],
        "target_areas": list(
            Area.objects.filter(
                kind="region", name_en__in=["Guria", "Shida Kartli", "Mtskheta-Mtianeti"]
            )
        ),
    }
    return fields, parts


def load_projects(
    *,
    donors: dict[str, Donor],
    units: dict[str, OrganisationalUnit],
    coordinator: User,
    today: datetime.date,
) -> str:
    """Enter the seed projects and the obligations of monitored ones; say what was done."""
    existing = set(Project.objects.values_list("title_ka", flat=True))
    created = 0
    for build in (_seed_003, _seed_004):
        fields, parts = build(donors, units)
        if fields["title_ka"] in existing:
            continue
        project = project_create(user=coordinator, fields=fields, parts=parts)
        created += 1
        if project.title_ka == CIVIL_SOCIETY:
            obligation_create(
                project=project,
                user=coordinator,
                fields={
                    "kind": Obligation.Kind.FINAL_REPORT,
                    "description": "საბოლოო ნარატიული და ფინანსური ანგარიში ევროკავშირისთვის",
                    "responsible_unit": units["ird"],
                    "due_date": today + datetime.timedelta(days=5),
                },
            )
    return f"{created} register projects created; obligations recorded."
