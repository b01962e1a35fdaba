"""The directories: organisational units, donors with their priority areas, and the
frameworks commitments come from."""

from __future__ import annotations

import pytest

from commitments.models import DonorPriority, Framework
from commitments.services import framework_update
from core.models import Donor, OrganisationalUnit
from core.services import donor_update
from tests.web import opened_form, signed_in

pytestmark = pytest.mark.django_db


class TestDirectories:
    def test_units_list_heads_and_focal_points(
        self, viewer, focal_point, unit_head, unit, other_unit, django_assert_max_num_queries
    ) -> None:
        unit_head.first_name, unit_head.last_name = "ლევან", "ქორიძე"
        unit_head.save()
        unit.head = unit_head
        unit.save()
        client = signed_in(viewer)
        with django_assert_max_num_queries(8):
            page = client.get("/units/").content.decode()
        start = page.index(unit.name_ka)
        row = page[start : page.index("</tr>", start)]
        assert "ლევან ქორიძე" in row and focal_point.email in row
        assert other_unit.name_ka in page

    def test_donors_with_their_iati_type_in_georgian(self, viewer, donor) -> None:
        page = signed_in(viewer).get("/donors/").content.decode()
        assert donor.name_ka in page and "მრავალმხრივი ორგანიზაცია" in page


class TestKeepingUnitsAndDonors:
    @pytest.mark.parametrize("who", ["coordinator", "focal_point", "viewer", "minister"])
    def test_only_the_department_is_offered_to_add_and_edit(
        self, who, request, unit, donor
    ) -> None:
        client = signed_in(request.getfixturevalue(who))
        units = client.get("/units/").content.decode()
        donors = client.get("/donors/").content.decode()
        keeps = who == "coordinator"
        assert ('href="/units/new/"' in units) is keeps
        assert (f'href="/units/{unit.pk}/edit/"' in units) is keeps
        assert ('href="/donors/new/"' in donors) is keeps
        assert (f'href="/donors/{donor.pk}/edit/"' in donors) is keeps

    @pytest.mark.parametrize("who", ["focal_point", "viewer", "minister", "unit_head"])
    def test_others_cannot_open_or_post_the_forms(self, who, request, unit, donor) -> None:
        client = signed_in(request.getfixturevalue(who))
        for url in ("/units/new/", f"/units/{unit.pk}/edit/"):
            assert client.get(url).status_code == 403
            assert (
                client.post(url, {"code": "x", "kind": "agency", "name_ka": "x"}).status_code == 403
            )
        for url in ("/donors/new/", f"/donors/{donor.pk}/edit/"):
            assert client.get(url).status_code == 403
            posted = {"code": "x", "organisation_type": "40", "name_ka": "x"}
            assert client.post(url, posted).status_code == 403
        assert not OrganisationalUnit.objects.filter(code="x").exists()
        assert not Donor.objects.filter(code="x").exists()
        assert OrganisationalUnit.objects.get(pk=unit.pk).code == "academy"
        assert Donor.objects.get(pk=donor.pk).code == "eu"

    def test_the_department_adds_a_unit_under_another(self, coordinator, unit) -> None:
        client = signed_in(coordinator)
        form = opened_form(client, "/units/new/") | {
            "code": "patrol",
            "name_ka": "საპატრულო პოლიციის დეპარტამენტი",
            "name_en": "Patrol Police Department",
            "kind": "department",
            "parent": str(unit.pk),
            "head": str(coordinator.pk),
            "is_active": "on",
        }
        response = client.post("/units/new/", form)
        saved = OrganisationalUnit.objects.get(code="patrol")
        assert response.status_code == 302
        assert response["Location"] == f"/units/#unit-{saved.pk}"
        assert (saved.parent, saved.head, saved.kind) == (unit, coordinator, "department")
        page = client.get("/units/").content.decode()
        assert f'id="unit-{saved.pk}"' in page and "საპატრულო პოლიციის დეპარტამენტი" in page

    def test_a_taken_code_is_refused_beside_the_field_keeping_the_name(
        self, coordinator, unit
    ) -> None:
        client = signed_in(coordinator)
        form = opened_form(client, "/units/new/") | {
            "code": "academy",
            "name_ka": "ჩემი ერთეული",
            "kind": "agency",
        }
        response = client.post("/units/new/", form)
        assert response.status_code == 400
        page = response.content.decode()
        field = page.index('name="code"')
        assert 'role="alert"' in page[field : field + 300]
        assert 'value="ჩემი ერთეული"' in page
        assert OrganisationalUnit.objects.filter(code="academy").count() == 1

    def test_a_unit_is_not_offered_as_its_own_parent(self, coordinator, unit, other_unit) -> None:
        page = signed_in(coordinator).get(f"/units/{unit.pk}/edit/").content.decode()
        parent = page[
            page.index('name="parent"') : page.index("</select>", page.index('name="parent"'))
        ]
        assert f'value="{other_unit.pk}"' in parent and f'value="{unit.pk}"' not in parent

    def test_the_department_adds_a_donor(self, coordinator) -> None:
        client = signed_in(coordinator)
        form = opened_form(client, "/donors/new/") | {
            "code": "sida",
            "acronym": "Sida",
            "name_ka": "შვედეთის საერთაშორისო განვითარების სააგენტო",
            "organisation_type": "10",
            "country": "SE",
            "website": "https://www.sida.se",
            "is_active": "on",
        }
        response = client.post("/donors/new/", form)
        saved = Donor.objects.get(code="sida")
        assert response["Location"] == f"/donors/#donor-{saved.pk}"
        assert (saved.acronym, saved.organisation_type, saved.country) == ("Sida", "10", "SE")

    def test_an_edit_keeps_what_someone_else_saved_meanwhile(self, coordinator, donor) -> None:
        client = signed_in(coordinator)
        url = f"/donors/{donor.pk}/edit/"
        form = opened_form(client, url)
        assert form["version"] == str(donor.version)
        donor_update(donor=Donor.objects.get(pk=donor.pk), fields={"website": "https://eeas.eu"})
        stale = client.post(url, form | {"acronym": "EEAS"})
        assert stale.status_code == 409
        assert 'id="stale-values"' in stale.content.decode()
        assert Donor.objects.get(pk=donor.pk).acronym == "EU"
        again = form | {"acronym": "EEAS", "version": str(donor.version + 1)}
        assert client.post(url, again).status_code == 302
        saved = Donor.objects.get(pk=donor.pk)
        assert (saved.acronym, saved.website, saved.version) == ("EEAS", "https://eeas.eu", 3)

    def test_an_edit_of_a_unit_goes_up_a_version(self, coordinator, unit) -> None:
        client = signed_in(coordinator)
        url = f"/units/{unit.pk}/edit/"
        form = opened_form(client, url) | {"notification_email": "academy@mia.gov.ge"}
        assert client.post(url, form).status_code == 302
        saved = OrganisationalUnit.objects.get(pk=unit.pk)
        assert (saved.notification_email, saved.version) == ("academy@mia.gov.ge", unit.version + 1)


class TestFrameworks:
    @pytest.mark.parametrize("who", ["coordinator", "focal_point", "viewer", "minister"])
    def test_everyone_signed_in_reads_them_and_the_department_keeps_them(
        self, who, request
    ) -> None:
        page = signed_in(request.getfixturevalue(who)).get("/frameworks/").content.decode()
        assert "eu-aa" in page and "Visa Liberalisation Action Plan (VLAP)" in page
        assert ('href="/frameworks/new/"' in page) is (who == "coordinator")
        framework = Framework.objects.get(code="vlap")
        assert (f'href="/frameworks/{framework.pk}/edit/"' in page) is (who == "coordinator")

    @pytest.mark.parametrize("who", ["focal_point", "viewer", "minister"])
    def test_others_cannot_open_or_post_the_form(self, who, request) -> None:
        client = signed_in(request.getfixturevalue(who))
        framework = Framework.objects.get(code="vlap")
        assert client.get("/frameworks/new/").status_code == 403
        url = f"/frameworks/{framework.pk}/edit/"
        assert client.get(url).status_code == 403
        assert client.post(url, {"code": "x", "family": "eu", "name_ka": "x"}).status_code == 403
        assert Framework.objects.get(pk=framework.pk).code == "vlap"

    def test_the_department_adds_a_framework(self, coordinator) -> None:
        client = signed_in(coordinator)
        form = opened_form(client, "/frameworks/new/") | {
            "code": "osce",
            "family": "other",
            "name_ka": "ეუთო",
            "name_en": "OSCE",
            "is_active": "on",
        }
        response = client.post("/frameworks/new/", form)
        saved = Framework.objects.get(code="osce")
        assert response.status_code == 302
        assert response["Location"] == f"/frameworks/#framework-{saved.pk}"
        assert (saved.name_ka, saved.family, saved.is_active) == ("ეუთო", "other", True)

    def test_a_taken_code_is_refused_beside_the_field_keeping_the_names(self, coordinator) -> None:
        client = signed_in(coordinator)
        form = opened_form(client, "/frameworks/new/") | {
            "code": "vlap",
            "family": "eu",
            "name_ka": "ჩემი სახელი",
        }
        response = client.post("/frameworks/new/", form)
        assert response.status_code == 400
        page = response.content.decode()
        field = page.index('name="code"')
        assert 'role="alert"' in page[field : field + 300]
        assert 'value="ჩემი სახელი"' in page

    def test_the_department_retires_a_framework_and_a_stale_edit_is_refused(
        self, coordinator
    ) -> None:
        framework = Framework.objects.get(code="vlap")
        client = signed_in(coordinator)
        url = f"/frameworks/{framework.pk}/edit/"
        form = opened_form(client, url)
        assert form["version"] == str(framework.version)
        framework_update(
            framework=Framework.objects.get(pk=framework.pk),
            user=coordinator,
            fields={"name_en": "VLAP (renamed)"},
        )
        stale = client.post(url, {k: v for k, v in form.items() if k != "is_active"})
        assert stale.status_code == 409
        assert 'id="stale-values"' in stale.content.decode()
        framework.refresh_from_db()
        assert framework.is_active and framework.name_en == "VLAP (renamed)"
        again = {k: v for k, v in form.items() if k != "is_active"} | {
            "version": str(framework.version)
        }
        assert client.post(url, again).status_code == 302
        framework.refresh_from_db()
        # Only what was changed is saved: the name someone else gave stays.
        assert not framework.is_active and framework.name_en == "VLAP (renamed)"


class TestDonorPriorities:
    def test_the_donor_list_shows_priorities_and_the_edit_link_to_the_department(
        self, coordinator, viewer, donor
    ) -> None:
        DonorPriority.objects.create(donor=donor, theme="საზღვრის მართვა")
        url = f"/donors/{donor.pk}/priorities/"
        page = signed_in(viewer).get("/donors/").content.decode()
        assert "საზღვრის მართვა" in page and url not in page
        assert '<div class="table-box">' in page
        assert url in signed_in(coordinator).get("/donors/").content.decode()

    @pytest.mark.parametrize("who", ["focal_point", "viewer", "minister"])
    def test_others_cannot_edit_them(self, who, request, donor) -> None:
        client = signed_in(request.getfixturevalue(who))
        url = f"/donors/{donor.pk}/priorities/"
        assert client.get(url).status_code == 403
        response = client.post(
            url,
            {
                "priorities-TOTAL_FORMS": "1",
                "priorities-INITIAL_FORMS": "0",
                "priorities-0-theme": "x",
            },
        )
        assert response.status_code == 403
        assert not donor.priorities.exists()

    def test_the_department_adds_changes_and_removes_rows(self, coordinator, donor) -> None:
        framework = Framework.objects.get(code="eu-aa")
        DonorPriority.objects.create(donor=donor, theme="ძველი თემა")
        DonorPriority.objects.create(donor=donor, sector="15210")
        client = signed_in(coordinator)
        url = f"/donors/{donor.pk}/priorities/"
        form = opened_form(client, url)
        page = client.get(url).content.decode()
        rows = page[: page.index("<template")]  # before the empty row kept for adding in place
        assert rows.count('class="card row-card"') == 4 and "<table" not in page
        form |= {
            "priorities-0-DELETE": "on",
            "priorities-2-framework": str(framework.pk),
            "priorities-3-theme": "მიგრაცია",
        }
        response = client.post(url, form)
        assert response.status_code == 302
        kept = {(p.framework_id, p.sector, p.theme) for p in donor.priorities.all()}
        assert kept == {(None, "15210", ""), (framework.pk, "", ""), (None, "", "მიგრაცია")}
