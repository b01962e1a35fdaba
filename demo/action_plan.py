"""The demo action plans through the real services: the department's 2017 plan as the seed
prints it (an excerpt) with its quarterly status, this year's plan copied from it with the
quarters so far, and the Academy's own plan for this year.

Idempotent: a plan already recorded for its year and unit is left as it is, reports and all.
"""

from __future__ import annotations

import datetime
import random
from decimal import Decimal
from typing import NamedTuple

import time_machine
from django.utils import timezone

from actionplans.models import ActionPlan, Activity
from actionplans.quarters import quarter_of, quarter_start, report_due
from actionplans.services import (
    activity_add,
    activity_report,
    plan_chasing_replan,
    plan_copy,
    plan_create,
    section_add,
)
from commitments.models import Commitment
from core.models import OrganisationalUnit, User
from core.roles import Role
from demo import action_plan_2017 as seed
from demo.commitments import demo_commitments
from needs.models import Need
from projects.models import Project
from scheduling.schedule import is_working_day


class Status(NamedTuple):
    """An activity's status in one quarter: what the unit reports."""

    status: str
    progress: str
    actual: int | None = None


# This year's status of the department's activities, quarter by quarter from the first (a plan
# copied from 2017 is reported afresh). 1.2.5 has left its last quarter unreported.
THIS_YEAR: dict[str, list[Status]] = {
    "1.1.1": [
        Status("in_progress", "საჭიროებათა კითხვარი განახლდა ვალდებულებების მიხედვით."),
        Status("done", "საჭიროებათა პაკეტი დამტკიცდა და გაეგზავნა დონორებს."),
    ],
    "1.1.2": [
        Status("in_progress", "ჩატარდა დონორთა ერთობლივი შეხვედრა."),
        Status("in_progress", "თემატური შეხვედრები: მიგრაცია, ადამიანის უფლებები."),
        Status("delayed", "შემოდგომის შეხვედრა გადაიდო დონორთა თხოვნით."),
        Status("in_progress", "შეხვედრა დაინიშნა დეკემბერში."),
    ],
    "1.1.3": [
        Status("in_progress", "მომზადდა 4 საპროექტო წინადადება."),
        Status("in_progress", "მომზადდა კიდევ 3 წინადადება."),
        Status("in_progress", "ტვინინგის ფიშა შეთანხმდა ევროკავშირის დელეგაციასთან."),
        Status("in_progress", "წლის ბოლომდე იგეგმება 2 წინადადება."),
    ],
    "1.2.1": [
        Status("in_progress", "მონიტორინგში 5 პროექტია."),
        Status("in_progress", "მომზადდა 5 შუალედური ანგარიში."),
        Status("in_progress", "მონიტორინგის ვიზიტები 3 პროექტზე."),
        Status("in_progress", "წლიური ანგარიშები მზადდება."),
    ],
    "1.2.2": [
        Status("in_progress", "კოორდინირებულია 8 პროექტი."),
        Status("in_progress", "კოორდინირებულია 10 პროექტი."),
        Status("in_progress", "შეფასდა 4 პროექტის საქმიანობა."),
        Status("done", "შეფასებულია ყველა მიმდინარე პროექტი."),
    ],
    "1.2.3": [
        Status("in_progress", "რეესტრში შეტანილია ყველა მიმდინარე პროექტი."),
        Status("done", "რეესტრი განახლებულია ექვსივე პარამეტრით."),
    ],
    "1.2.4": [
        Status("in_progress", "სასწავლო პროგრამებში მონაწილეობა მიიღო 58 თანამშრომელმა."),
        Status("in_progress", "კიდევ 71 თანამშრომელი."),
        Status("in_progress", "კიდევ 44 თანამშრომელი."),
        Status("in_progress", "წლის ბოლომდე იგეგმება 40 თანამშრომელი."),
    ],
    "1.2.5": [
        Status("not_started", "ანალიზის კითხვარი მზადდება."),
        Status("delayed", "კითხვარი ჯერ არ არის შეთანხმებული აკადემიასთან."),
        Status("delayed", "მომზადდა 1 ანგარიში."),
        Status("in_progress", "მზადდება 2 ანგარიში."),
    ],
    "1.2.6": [
        Status("in_progress", "ტრენინგების აღრიცხვა გადავიდა ელექტრონულ რეესტრში."),
        Status("done", "რეესტრში შეტანილია ყველა ტრენინგი სქესის მიხედვით."),
    ],
    "1.2.7": [
        Status("in_progress", "ვებ-გვერდზე განთავსდა 6 პროექტის აღწერა."),
        Status("in_progress", "განთავსდა კიდევ 4 პროექტი."),
        Status("delayed", "ვებ-გვერდის ახალი ვერსია ჯერ არ გაშვებულა."),
        Status("in_progress", "ინფორმაცია მზადაა გამოსაქვეყნებლად."),
    ],
    "1.2.8": [
        Status("in_progress", "კოორდინირებულია 17 ვიზიტი."),
        Status("in_progress", "კოორდინირებულია 21 ვიზიტი."),
        Status("in_progress", "კოორდინირებულია 15 ვიზიტი."),
        Status("in_progress", "ინფორმაცია გროვდება წლიური ანგარიშისთვის."),
    ],
    "3.2.3.1": [
        Status(
            "in_progress", "მომზადდა ანგარიში ვიზალიბერალიზაციის შეჩერების მექანიზმის მიხედვით."
        ),
        Status("in_progress", "ჩატარდა 2 შიდაუწყებრივი შეხვედრა."),
        Status("in_progress", "ევროკომისიას გაეგზავნა განახლებული ინფორმაცია."),
        Status("in_progress", "მზადდება წლიური ანგარიში."),
    ],
    "3.2.3.2": [
        Status("in_progress", "ჩატარდა 2 უწყებათაშორისი შეხვედრა.", 2),
        Status("delayed", "ცნობიერების ამაღლების შეხვედრები რეგიონებში გადაიდო.", 3),
        Status("in_progress", "ჩატარდა 5 შეხვედრა სამეგრელოსა და იმერეთში.", 8),
        Status("in_progress", "დაიგეგმა 3 შეხვედრა.", 8),
    ],
}
UNREPORTED = "1.2.5"

ACADEMY_SECTIONS = [
    ("1", "ადამიანის უფლებები და პროფესიული ეთიკა"),
    ("2", "ადამიანით ვაჭრობის წინააღმდეგ ბრძოლა"),
]
# number, text, indicator, numeric target, deadline as written, deadline (month, day),
# others involved, commitment served, need served
ACADEMY_ACTIVITIES = [
    (
        "1.1",
        "ადამიანის უფლებებისა და პროფესიული ეთიკის კურსი საპატრულო პოლიციელებისა და უბნის "
        "ინსპექტორებისთვის",
        "კურსგავლილი პოლიციელების რაოდენობა",
        Decimal(1500),
        "IV კვარტალი",
        (12, 31),
        "საპატრულო პოლიციის დეპარტამენტი; ევროპის საბჭოს ოფისი საქართველოში",
        ("eu-aa", "მუხლი 13"),
        "პოლიციის ეთიკის სასწავლო პროგრამა",
    ),
    (
        "1.2",
        "ეთიკის მოდულის ჩართვა საბაზისო მომზადების პროგრამაში",
        "მოდული დამტკიცებულია და ისწავლება",
        None,
        "II კვარტალი",
        (6, 30),
        "",
        ("eu-aa", "მუხლი 13"),
        "პოლიციის ეთიკის სასწავლო პროგრამა",
    ),
    (
        "2.1",
        "ტრეფიკინგის ნიშნების ამოცნობის ტრენინგი მობილური ჯგუფებისა და პატრულისთვის",
        "გადამზადებული თანამშრომლების რაოდენობა",
        Decimal(200),
        "ყოველ კვარტალში",
        (12, 31),
        "მიგრაციის დეპარტამენტი; ეუთო",
        ("vlap", "ბლოკი 3, 3.1"),
        "ადამიანით ვაჭრობის მსხვერპლთა იდენტიფიცირება",
    ),
]
ACADEMY_REPORTS: dict[str, list[Status]] = {
    "1.1": [
        Status("in_progress", "კურსი გაიარა 310-მა პოლიციელმა.", 310),
        Status("in_progress", "კიდევ 420 პოლიციელი; გასვლითი სესიები რეგიონებში.", 730),
        Status("in_progress", "კიდევ 380 პოლიციელი.", 1110),
        Status("in_progress", "დეკემბრისთვის დაგეგმილია 3 ჯგუფი.", 1180),
    ],
    "1.2": [
        Status("in_progress", "მოდულის პროგრამა განიხილა სასწავლო საბჭომ."),
        Status("done", "მოდული დამტკიცდა და ჩაირთო საბაზისო პროგრამაში."),
    ],
    "2.1": [
        Status("in_progress", "გადამზადდა 40 თანამშრომელი.", 40),
        Status("delayed", "ეუთოს ტრენერების ვიზიტი გადაიდო.", 40),
        Status("in_progress", "გადამზადდა კიდევ 55 თანამშრომელი.", 95),
        Status("in_progress", "დაიგეგმა ბოლო ორი ჯგუფი.", 95),
    ],
}


def _reported_on(
    year: int, quarter: int, today: datetime.date, days: random.Random
) -> datetime.datetime:
    """The moment a quarter's status was handed in: a few working days before it was due,
    now and then some days late; a quarter still running or just ended, on a day of it
    before today (today itself when it began today)."""
    due, yesterday = report_due(year, quarter), today - datetime.timedelta(days=1)
    if due > yesterday:
        earliest = quarter_start(year, quarter) + datetime.timedelta(days=20)
        spread = max(0, (yesterday - earliest).days)
        day = earliest + datetime.timedelta(days=days.randint(0, spread))
    elif days.random() < 0.25:
        day = due + datetime.timedelta(days=days.randint(1, 10))
    else:
        day = due - datetime.timedelta(days=days.randint(1, 9))
    day = min(day, yesterday)
    while not is_working_day(day):
        day -= datetime.timedelta(days=1)
    if day < quarter_start(year, quarter):
        return timezone.now()
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(15)))


def _report_on_its_day(activity: Activity, user: User, quarter: int, status: Status) -> None:
    # Drawn from the activity and quarter, so every load tells the same year.
    days = random.Random(f"{activity.number}/{activity.plan.year}/{quarter}")
    handed_in = _reported_on(activity.plan.year, quarter, timezone.localdate(), days)
    with time_machine.travel(handed_in, tick=False):
        activity_report(
            activity=activity,
            user=user,
            quarter=quarter,
            status=status.status,
            progress=status.progress,
            actual=None if status.actual is None else Decimal(status.actual),
        )


def _focal_point(unit: OrganisationalUnit) -> User:
    """The unit's first focal point, who reports its activities' status."""
    return User.objects.filter(
        role_assignments__role=Role.FOCAL_POINT, role_assignments__unit=unit
    ).order_by("id")[0]


def _department_2017(
    units: dict[str, OrganisationalUnit],
    coordinator: User,
    served: dict[tuple[str, str], Commitment],
) -> ActionPlan:
    plan = plan_create(
        user=coordinator, fields={"year": seed.YEAR, "unit": None, "title": seed.TITLE}
    )
    needs = list(Need.objects.order_by("title"))
    sida = list(Project.objects.filter(title_ka__startswith="საჯარო სექტორის განვითარება"))
    for number, title in seed.SECTIONS:
        section = section_add(plan=plan, user=coordinator, number=number, title=title)
        division = seed.PROJECTS_DIVISION if number.startswith("1") else seed.EURO_ATLANTIC_DIVISION
        for row in seed.ACTIVITIES.get(number, []):
            activity_add(
                plan=plan,
                user=coordinator,
                fields={
                    "section": section,
                    "number": row.number,
                    "text": row.text,
                    "indicator": row.indicator,
                    "deadline_text": seed.DEADLINE_TEXT,
                    "deadline": datetime.date(seed.YEAR, 12, 31),
                    "responsible_unit": units[division],
                    "others_involved": row.others_involved,
                },
                commitments=[served[key] for key in row.commitments if key in served],
                # Identifying the needs is what fills the shopping list; 1.2.1 ran the
                # projects of that year.
                needs=needs if row.number == "1.1.1" else (),
                projects=sida if row.number == "1.2.1" else (),
            )
    for activity in plan.activities.select_related("responsible_unit"):
        reporter = _focal_point(activity.responsible_unit)
        for report in seed.REPORTS_2017.get(activity.number, []):
            _report_on_its_day(
                activity,
                reporter,
                report.quarter,
                Status(report.status, report.progress, report.actual),
            )
    plan_chasing_replan(plan)
    return plan


def _quarters_to_report(index: int, skipped: bool, today: datetime.date) -> list[int]:
    """The quarters of this year reported so far: every quarter that has ended, and the running
    one for every other activity; a ``skipped`` activity has left out its last quarter."""
    running = quarter_of(today)
    quarters = list(range(1, running))
    if index % 2 == 0:
        quarters.append(running)
    if skipped and quarters:
        quarters.pop()
    return quarters


def _report_this_year(
    plan: ActionPlan, reports: dict[str, list[Status]], skipped: str, today: datetime.date
) -> None:
    activities = plan.activities.select_related("responsible_unit").order_by("position", "id")
    for index, activity in enumerate(activities):
        reporter = _focal_point(activity.responsible_unit)
        written = reports.get(activity.number, [])
        for quarter in _quarters_to_report(index, activity.number == skipped, today):
            if quarter > len(written):
                break
            status = written[quarter - 1]
            _report_on_its_day(activity, reporter, quarter, status)
            if status.status == "done":
                break
    plan_chasing_replan(plan)


def _academy_plan(
    academy: OrganisationalUnit,
    coordinator: User,
    served: dict[tuple[str, str], Commitment],
    today: datetime.date,
) -> ActionPlan:
    focal = _focal_point(academy)
    plan = plan_create(
        user=focal,
        fields={
            "year": today.year,
            "unit": academy,
            "title": f"სსიპ – შსს აკადემია — სამოქმედო გეგმა {today.year}",
        },
    )
    sections = {
        number: section_add(plan=plan, user=focal, number=number, title=title)
        for number, title in ACADEMY_SECTIONS
    }
    for number, text, indicator, target, written, (
        month,
        day,
    ), others, key, need in ACADEMY_ACTIVITIES:
        activity_add(
            plan=plan,
            user=focal,
            fields={
                "section": sections[number.partition(".")[0]],
                "number": number,
                "text": text,
                "indicator": indicator,
                "target": target,
                "deadline_text": written,
                "deadline": datetime.date(today.year, month, day),
                "responsible_unit": academy,
                "others_involved": others,
            },
            commitments=[served[key]] if key in served else (),
            needs=list(Need.objects.filter(title=need)),
        )
    _report_this_year(plan, ACADEMY_REPORTS, "2.1", today)
    return plan


def load_action_plans(
    *, units: dict[str, OrganisationalUnit], coordinator: User, today: datetime.date
) -> str:
    """Record the plans not yet recorded; say what there is."""
    served = demo_commitments()
    department = ActionPlan.objects.filter(unit=None)
    plan_2017 = department.filter(year=seed.YEAR).first()
    if plan_2017 is None:
        plan_2017 = _department_2017(units, coordinator, served)
    if today.year > seed.YEAR and not department.filter(year=today.year).exists():
        this_year = plan_copy(plan=plan_2017, user=coordinator, year=today.year)
        _report_this_year(this_year, THIS_YEAR, UNREPORTED, today)
    academy = units["academy"]
    if not ActionPlan.objects.filter(unit=academy, year=today.year).exists():
        _academy_plan(academy, coordinator, served, today)
    return f"{ActionPlan.objects.count()} action plans, {Activity.objects.count()} activities."
