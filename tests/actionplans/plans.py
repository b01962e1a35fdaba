"""The plan the action-plan tests share (the services' fixture here, the pages' in tests/web)."""

from __future__ import annotations

import datetime
from decimal import Decimal

import time_machine

from actionplans.models import ActionPlan
from actionplans.services import activity_add, plan_create, section_add
from core.models import OrganisationalUnit, User


def department_plan(unit: OrganisationalUnit, coordinator: User) -> ActionPlan:
    """The department's plan for 2027, two sections, one activity of the academy's in each."""
    with time_machine.travel(datetime.datetime(2027, 1, 5, 10, tzinfo=datetime.UTC), tick=False):
        plan = plan_create(user=coordinator, fields={"year": 2027, "title": "სამოქმედო გეგმა 2027"})
        first = section_add(plan=plan, user=coordinator, number="1.1.", title="დონორული დახმარება")
        second = section_add(plan=plan, user=coordinator, number="1.2", title="პროექტების მართვა")
        activity_add(
            plan=plan,
            user=coordinator,
            fields={
                "section": first,
                "number": "1.1.1",
                "text": "საჭიროებების იდენტიფიცირება",
                "indicator": "საინფორმაციო პაკეტი შემუშავებულია",
                "deadline_text": "2027 წელი",
                "deadline": datetime.date(2027, 12, 31),
                "responsible_unit": unit,
                "others_involved": "სამინისტროს დანაყოფები",
            },
        )
        activity_add(
            plan=plan,
            user=coordinator,
            fields={
                "section": second,
                "number": "1.2.1",
                "text": "პროექტების მონიტორინგი",
                "indicator": "პროექტების რაოდენობა",
                "target": Decimal(5),
                "deadline_text": "IV კვარტალი",
                "responsible_unit": unit,
            },
        )
    return plan
