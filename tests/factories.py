"""Rows inserted directly. Call ``XFactory.create(...)``: factory_boy types that call as the
model it makes, where a bare ``XFactory(...)`` reads as the factory."""

from __future__ import annotations

import datetime
from decimal import Decimal

import factory

from core.models import Donor, OrganisationalUnit, RoleAssignment, User
from core.roles import Role
from projects.models import Project
from workflow.models import CoordinationMeeting, KeyPerformanceIndicator, Opportunity


class UnitFactory(factory.django.DjangoModelFactory[OrganisationalUnit]):
    class Meta:
        model = OrganisationalUnit
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = OrganisationalUnit.Kind.LEPL
    name_ka = factory.Sequence(lambda n: f"სსიპ ერთეული {n}")
    name_en = factory.Sequence(lambda n: f"LEPL unit {n}")
    notification_email = factory.LazyAttribute(lambda o: f"{o.code}@units.test")


class DonorFactory(factory.django.DjangoModelFactory[Donor]):
    class Meta:
        model = Donor

    code = factory.Sequence(lambda n: f"donor-{n}")
    acronym = factory.Sequence(lambda n: f"D{n}")
    name_ka = factory.Sequence(lambda n: f"დონორი {n}")
    name_en = factory.Sequence(lambda n: f"Donor {n}")
    organisation_type = "40"


def _assign_roles(
    user: User,
    create: bool,
    extracted: list[tuple[Role, OrganisationalUnit | None]] | None,
    **kw: object,
) -> None:
    for role, unit in extracted or []:
        RoleAssignment.objects.create(user=user, role=role, unit=unit)
    if create:
        user.save()


class UserFactory(factory.django.DjangoModelFactory[User]):
    class Meta:
        model = User
        skip_postgeneration_save = True

    username = factory.Sequence(lambda n: f"user{n}")
    email = factory.LazyAttribute(lambda o: f"{o.username}@people.test")
    password = factory.PostGenerationMethodCall("set_password", "pass-1234")

    roles = factory.PostGeneration(_assign_roles)


class MeetingFactory(factory.django.DjangoModelFactory[CoordinationMeeting]):
    class Meta:
        model = CoordinationMeeting

    title = factory.Sequence(lambda n: f"შეხვედრა {n}")
    starts_at = factory.LazyFunction(
        lambda: datetime.datetime(2026, 11, 1, 11, tzinfo=datetime.UTC)
    )
    created_by = factory.SubFactory(UserFactory)


def _add_kpi(opportunity: Opportunity, create: bool, extracted: bool | None, **kw: object) -> None:
    if create and extracted is not False:
        KeyPerformanceIndicator.objects.create(
            opportunity=opportunity, name="გადამზადებული პირები", unit="პირი", baseline=0, target=50
        )


class OpportunityFactory(factory.django.DjangoModelFactory[Opportunity]):
    """An opportunity inserted directly in any state; use services to test how states change."""

    class Meta:
        model = Opportunity
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"OPP-2026-{n + 9000:04d}")
    title = factory.Sequence(lambda n: f"შესაძლებლობა {n}")
    kind = Opportunity.Kind.GRANT
    donor = factory.SubFactory(DonorFactory)
    owning_unit = factory.SubFactory(UnitFactory)
    expected_results = "გადამზადებული თანამშრომლები"
    estimated_value = Decimal("100000.00")
    created_by = factory.SubFactory(UserFactory)

    with_kpi = factory.PostGeneration(_add_kpi)


class ProjectFactory(factory.django.DjangoModelFactory[Project]):
    class Meta:
        model = Project

    title_ka = factory.Sequence(lambda n: f"პროექტი {n}")
    status = "2"
    created_by = factory.SubFactory(UserFactory)
