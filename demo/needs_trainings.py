"""Demo shopping list and training record: needs behind the commitments the seeds name (some
answered by opportunities or projects, some still gaps), each with the commitments it serves
and its DAC sector, and trainings over two years."""

from __future__ import annotations

import datetime
from decimal import Decimal

from commitments.models import Commitment
from core.models import OrganisationalUnit, User
from demo.commitment_data import NEED_LINKS
from demo.commitments import demo_commitments
from demo.projects import CIVIL_SOCIETY, PUBLIC_SECTOR
from needs.models import Need
from needs.services import need_create, need_update
from projects.models import Project
from trainings.models import Training
from trainings.services import training_create
from workflow.models import Opportunity

# title, source, reference, priority, unit code, description
NEEDS = [
    (
        "საზღვრის ინტეგრირებული მართვის სასწავლო ცენტრი",
        "aa",
        "მუხლი 14",
        "high",
        "border-police",
        "სასწავლო ცენტრი მესაზღვრეების მოსამზადებლად ევროკავშირის საერთო ძირითადი სასწავლო "
        "პროგრამით: საკლასო ოთახები, სიმულატორი და დოკუმენტების ექსპერტიზის ლაბორატორია.",
    ),
    (
        "ბიომეტრიული მონაცემების დაცვის სისტემა",
        "vlap",
        "ნიშნული 2.3",
        "high",
        "migration",
        "მიგრანტთა ბიომეტრიული მონაცემების დამუშავებისა და დაცვის სისტემა პერსონალურ "
        "მონაცემთა დაცვის ევროპული სტანდარტებით.",
    ),
    (
        "პოლიციის ეთიკის სასწავლო პროგრამა",
        "coe",
        "GRECO, რეკომენდაცია v",
        "medium",
        "academy",
        "პოლიციის ეთიკისა და კორუფციის პრევენციის სასწავლო პროგრამა და ტრენერების მომზადება.",
    ),
    (
        "საპატრულო ეკიპაჟების ტექნიკური აღჭურვა",
        "anp",
        "თავი 4.2",
        "medium",
        "patrol",
        "საპატრულო ეკიპაჟების აღჭურვა სხეულზე სამაგრი კამერებითა და ვიდეორეგისტრატორებით, "
        "ჩანაწერების შენახვის სისტემით.",
    ),
    (
        "ადამიანით ვაჭრობის მსხვერპლთა იდენტიფიცირება",
        "un",
        "UPR 2021, რეკ. 148.52",
        "high",
        "migration",
        "მობილური ჯგუფებისა და პატრულის მომზადება მსხვერპლის ნიშნების ამოსაცნობად; ადამიანით "
        "ვაჭრობა შრომითი ექსპლუატაციის მიზნით მთავარ რისკად რჩება.",
    ),
    (
        "ანალიტიკური სამსახურის ციფრული ინსტრუმენტები",
        "parp",
        "მიზანი 3.1",
        "low",
        "analytical",
        "მონაცემთა დამუშავებისა და ვიზუალიზაციის ციფრული ინსტრუმენტები ანალიტიკური სამსახურისთვის.",
    ),
]

# name, organiser, unit code, start (days from today), days, place, country, women, men
TRAININGS = [
    (
        "ინტეგრირებული საზღვრის მართვა",
        "FRONTEX",
        "border-police",
        -400,
        5,
        "ვარშავა",
        "პოლონეთი",
        3,
        9,
    ),
    (
        "დოკუმენტების გაყალბების გამოვლენა",
        "EU4IBM",
        "border-police",
        -90,
        3,
        "თბილისი",
        "საქართველო",
        6,
        8,
    ),
    (
        "პოლიციის ეთიკა და ადამიანის უფლებები",
        "ევროპის საბჭო",
        "academy",
        -200,
        2,
        "სტრასბურგი",
        "საფრანგეთი",
        4,
        2,
    ),
    ("კიბერდანაშაულის გამოძიება", "OSCE", "analytical", -35, 4, "ვენა", "ავსტრია", 2, 3),
    ("საგზაო უსაფრთხოების მართვა", "USAID", "patrol", -500, 3, "ქუთაისი", "საქართველო", 5, 11),
]


def _link_to_commitments(
    title: str, serves: list[Commitment], sector: str, description: str, coordinator: User
) -> None:
    """A need recorded before the commitments were takes its links, sector and description
    once (a need already linked is left as it is)."""
    need = Need.objects.get(title=title)
    if need.commitments.exists() or need.sector:
        return
    need_update(
        need=need,
        user=coordinator,
        fields={"sector": sector, "description": need.description or description},
        commitments=serves,
    )


def load_needs_and_trainings(
    *, units: dict[str, OrganisationalUnit], coordinator: User, today: datetime.date
) -> str:
    """Enter the needs and the trainings not yet recorded; say how many there are."""
    existing_needs = set(Need.objects.values_list("title", flat=True))
    commitments = demo_commitments()
    for title, source, reference, priority, unit_code, description in NEEDS:
        served, sector = NEED_LINKS[title]
        serves = [commitments[key] for key in served if key in commitments]
        if title in existing_needs:
            _link_to_commitments(title, serves, sector, description, coordinator)
            continue
        unit = units[unit_code]
        # The unit's live opportunities answer its need; two needs stay gaps on purpose.
        answering = list(
            Opportunity.objects.filter(owning_unit=unit)
            .exclude(state__in=("rejected", "closed"))
            .order_by("id")[:1]
        )
        need_create(
            user=coordinator,
            fields={
                "title": title,
                "description": description,
                "source": source,
                "source_reference": reference,
                "priority": priority,
                "responsible_unit": unit,
                "status": "in_progress" if answering and unit_code != "patrol" else "open",
                "sector": sector,
            },
            commitments=serves,
            opportunities=answering if unit_code != "patrol" else (),
        )
    # Public administration reform is what the two seed projects serve.
    Need.objects.get(title=NEEDS[5][0]).projects.add(
        *Project.objects.filter(title_ka__in=(PUBLIC_SECTOR, CIVIL_SOCIETY))
    )
    border_project = (
        Project.objects.filter(opportunity__owning_unit=units["border-police"])
        .order_by("id")
        .first()
    )

    for name, organiser, unit_code, offset, days, place, country, women, men in TRAININGS:
        start = today + datetime.timedelta(days=offset)
        if Training.objects.filter(name=name, start_date=start, unit=units[unit_code]).exists():
            continue
        training_create(
            user=coordinator,
            fields={
                "name": name,
                "organiser": organiser,
                "unit": units[unit_code],
                "start_date": start,
                "end_date": start + datetime.timedelta(days=days - 1),
                "duration_days": Decimal(days),
                "place": place,
                "country": country,
                "women": women,
                "men": men,
                "project": border_project if unit_code == "border-police" else None,
            },
        )
    return (
        f"{Need.objects.count()} needs on the shopping list; {Training.objects.count()} trainings."
    )
