"""The version every register record carries, and the one edit path that moves it on."""

from __future__ import annotations

import pytest

from core.errors import StateConflict, VersionConflict
from core.models import Donor, OrganisationalUnit
from core.services import donor_update, unit_update
from core.versions import edit_begins, save_new_version
from tests.conditional_writes import assert_conditional_writes, while_the_request_runs
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


class TestTheEditPath:
    def test_only_changed_columns_are_written_with_the_next_version(self, unit) -> None:
        old_copy = OrganisationalUnit.objects.get(pk=unit.pk)
        OrganisationalUnit.objects.filter(pk=unit.pk).update(name_en="Renamed meanwhile")
        before = edit_begins(old_copy)
        assert old_copy.name_en == "Renamed meanwhile"  # read again under the lock
        old_copy.notification_email = "new@units.test"
        assert save_new_version(old_copy, before=before) is True

        stored = OrganisationalUnit.objects.get(pk=unit.pk)
        assert (stored.name_en, stored.notification_email, stored.version) == (
            "Renamed meanwhile",
            "new@units.test",
            2,
        )

    def test_nothing_changed_writes_nothing(self, unit) -> None:
        before = edit_begins(unit)
        assert save_new_version(unit, before=before) is False
        assert OrganisationalUnit.objects.get(pk=unit.pk).version == 1

    def test_a_stale_expected_version_is_refused_with_the_current_one(self, unit) -> None:
        unit_update(unit=unit, fields={"name_en": "A"})
        with pytest.raises(VersionConflict) as refused:
            edit_begins(unit, expected_version=1)
        assert refused.value.current_version == 2
        assert isinstance(refused.value, StateConflict) and refused.value.http_status == 409

    def test_the_conditional_update_refuses_a_row_that_moved_on(self, unit) -> None:
        # Outside the lock (as a path that skipped edit_begins would be), the UPDATE itself
        # matches only the version that was read.
        before = edit_begins(unit)
        OrganisationalUnit.objects.filter(pk=unit.pk).update(version=5)
        unit.name_en = "B"
        with pytest.raises(VersionConflict) as refused:
            save_new_version(unit, before=before)
        assert refused.value.current_version == 5
        assert OrganisationalUnit.objects.get(pk=unit.pk).name_en != "B"


class TestDirectories:
    def test_a_unit_patch_does_not_revert_a_field_saved_meanwhile(
        self, unit, coordinator, monkeypatch
    ) -> None:
        from core.api.serializers import OrganisationalUnitSerializer

        def meanwhile() -> None:
            unit_update(unit=OrganisationalUnit.objects.get(pk=unit.pk), fields={"name_en": "X"})

        while_the_request_runs(monkeypatch, OrganisationalUnitSerializer, meanwhile)
        response = client_for(coordinator).patch(
            f"/api/units/{unit.pk}/", {"notification_email": "desk@units.test"}, format="json"
        )
        assert response.status_code == 200, response.content
        stored = OrganisationalUnit.objects.get(pk=unit.pk)
        assert (stored.name_en, stored.notification_email, stored.version) == (
            "X",
            "desk@units.test",
            3,
        )

    def test_unit_etag_and_if_match(self, unit, coordinator) -> None:
        assert_conditional_writes(
            client_for(coordinator), f"/api/units/{unit.pk}/", {"name_en": "Academy"}
        )

    def test_donor_etag_and_if_match_and_one_field_at_a_time(self, donor, coordinator) -> None:
        old_copy = Donor.objects.get(pk=donor.pk)
        donor_update(donor=Donor.objects.get(pk=donor.pk), fields={"acronym": "EEAS"})
        donor_update(donor=old_copy, fields={"website": "https://europa.eu"})
        stored = Donor.objects.get(pk=donor.pk)
        assert (stored.acronym, stored.website, stored.version) == ("EEAS", "https://europa.eu", 3)
        assert_conditional_writes(
            client_for(coordinator), f"/api/donors/{donor.pk}/", {"country": "BE"}
        )
