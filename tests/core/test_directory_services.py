"""Units and donors are added through core.services, which checks who asks (the pages check
too, but the service is where the rule holds for every caller)."""

from __future__ import annotations

import pytest

from core.errors import ActionForbidden
from core.models import Donor, OrganisationalUnit, User
from core.services import donor_create, unit_create

CYBER = {"code": "cyber", "kind": OrganisationalUnit.Kind.LEPL, "name_ka": "კიბერდანაყოფი"}
JICA = {
    "code": "jica",
    "acronym": "JICA",
    "name_ka": "იაპონიის სააგენტო",
    "organisation_type": "10",
}

pytestmark = pytest.mark.django_db


def test_the_department_adds_a_unit_and_a_donor(coordinator: User) -> None:
    unit = unit_create(user=coordinator, fields=CYBER)
    donor = donor_create(user=coordinator, fields=JICA)
    assert OrganisationalUnit.objects.get(code="cyber") == unit
    assert Donor.objects.get(code="jica") == donor


@pytest.mark.parametrize("who", ["focal_point", "viewer", "minister"])
def test_anyone_else_is_refused_and_nothing_is_added(request, who: str) -> None:
    user = request.getfixturevalue(who)
    with pytest.raises(ActionForbidden):
        unit_create(user=user, fields=CYBER)
    with pytest.raises(ActionForbidden):
        donor_create(user=user, fields=JICA)
    assert not OrganisationalUnit.objects.filter(code="cyber").exists()
    assert not Donor.objects.filter(code="jica").exists()
