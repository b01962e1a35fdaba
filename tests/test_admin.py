"""The admin shows every model; history and states cannot be changed there."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from django.apps import apps
from django.contrib import admin
from django.contrib.staticfiles import finders

from tests.web import opened_form
from workflow.models import Opportunity
from workflow.services import opportunity_transition

pytestmark = pytest.mark.django_db

OWN_APPS = {
    "core",
    "commitments",
    "workflow",
    "notifications",
    "projects",
    "needs",
    "trainings",
}


def test_every_model_is_registered() -> None:
    models = [m for m in apps.get_models() if m._meta.app_label in OWN_APPS]
    missing = [m.__name__ for m in models if m not in admin.site._registry]
    # Inline-only models are reachable from their parent's page.
    assert set(missing) <= {"DonorContact", "KeyPerformanceIndicator"}


@pytest.fixture
def superuser_client(client, django_user_model):
    user = django_user_model.objects.create_superuser("root", "root@people.test", "pass-1234")
    client.force_login(user)
    return client


def test_every_changelist_and_opportunity_page_opens(
    superuser_client, coordinator, make_opportunity
) -> None:
    opportunity = make_opportunity()
    opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    for model in admin.site._registry:
        if model._meta.app_label in OWN_APPS:
            url = f"/admin/{model._meta.app_label}/{model._meta.model_name}/"
            assert superuser_client.get(url).status_code == 200, url
    page = superuser_client.get(f"/admin/workflow/opportunity/{opportunity.pk}/change/")
    assert page.status_code == 200
    assert opportunity.reference in page.content.decode()


def test_opportunity_cannot_be_changed_in_admin(superuser_client, make_opportunity) -> None:
    opportunity = make_opportunity(title="უცვლელი")
    superuser_client.post(
        f"/admin/workflow/opportunity/{opportunity.pk}/change/",
        {"title": "შეცვლილი", "state": "approved"},
    )
    opportunity.refresh_from_db()
    assert (opportunity.title, opportunity.state) == ("უცვლელი", "identified")


def test_admin_pages_carry_a_font_that_draws_georgian_capitals(superuser_client) -> None:
    # Django capitalises names into Mtavruli; common office fonts have no glyphs for them.
    page = superuser_client.get("/admin/").content.decode()
    assert "web/fonts.css" in page and "web/admin.css" in page
    admin_css = finders.find("web/admin.css")
    assert admin_css and '"Noto Sans Georgian"' in Path(admin_css).read_text()
    css = finders.find("web/fonts.css")
    assert css and "U+1C90" in Path(css).read_text()


def test_an_admin_edit_of_a_unit_keeps_a_change_saved_meanwhile_and_a_stale_form_is_refused(
    superuser_client, unit
) -> None:
    from core.services import unit_update

    url = f"/admin/core/organisationalunit/{unit.pk}/change/"
    opened = opened_form(superuser_client, url)
    assert opened["opened_version"] == str(unit.version)
    # Someone saves the unit through the API while the admin's form is open.
    unit_update(unit=unit, fields={"name_en": "Academy of the Ministry"})
    typed = {**opened, "notification_email": "academy@mia.example.ge"}
    refused = superuser_client.post(url, typed)
    assert refused.status_code == 200  # the form again, with the reason
    assert "სხვამ შეინახა ეს ჩანაწერი" in refused.content.decode()
    unit.refresh_from_db()
    assert unit.name_en == "Academy of the Ministry"
    assert unit.notification_email != "academy@mia.example.ge"

    fresh = {**opened_form(superuser_client, url), "notification_email": "academy@mia.example.ge"}
    saved = superuser_client.post(url, fresh)
    assert saved.status_code == 302
    unit.refresh_from_db()
    assert (unit.name_en, unit.notification_email) == (
        "Academy of the Ministry",
        "academy@mia.example.ge",
    )
    assert unit.version == 3


def test_the_transition_log_shows_states_in_peoples_words(
    superuser_client: Any, coordinator: Any, make_opportunity: Any
) -> None:
    opportunity = make_opportunity()
    opportunity_transition(opportunity=opportunity, user=coordinator, name="present")
    listing = superuser_client.get("/admin/workflow/transitionlog/").content.decode()
    page = superuser_client.get(f"/admin/workflow/opportunity/{opportunity.pk}/change/")
    for html in (listing, page.content.decode()):
        assert str(Opportunity.State.PRESENTED.label) in html
        assert ">presented<" not in html


def test_a_commitment_and_its_status_report_are_shown(
    superuser_client: Any, coordinator: Any, focal_point: Any, unit: Any
) -> None:
    from commitments.models import Framework
    from commitments.services import commitment_create
    from projects.services.commitment_reports import commitment_report_submit

    commitment = commitment_create(
        user=coordinator,
        fields={
            "framework": Framework.objects.get(code="un-cat"),
            "reference": "რეკ. 12",
            "text_ka": "დაკავების ადგილების მონიტორინგი",
            "responsible_unit": unit,
        },
        indicators=[{"name": "მონიტორინგის ვიზიტები", "measure": "number"}],
    )
    indicator = commitment.indicators.get()
    submission = commitment_report_submit(
        commitment=commitment,
        user=focal_point,
        report="ვიზიტები ჩატარდა",
        assessment="on_track",
        values={indicator.pk: "7"},
    )
    page = superuser_client.get(f"/admin/commitments/commitment/{commitment.pk}/change/")
    assert page.status_code == 200 and "მონიტორინგის ვიზიტები" in page.content.decode()
    shown = superuser_client.get(
        f"/admin/projects/obligationsubmission/{submission.pk}/change/"
    ).content.decode()
    assert "მონიტორინგის ვიზიტები" in shown and "7.00" in shown
    listing = superuser_client.get("/admin/projects/obligation/").content.decode()
    assert "რეკ. 12" in listing


def test_a_framework_is_edited_through_its_service(superuser_client: Any) -> None:
    from commitments.models import Framework

    framework = Framework.objects.get(code="coe-ecri")
    url = f"/admin/commitments/framework/{framework.pk}/change/"
    typed = {**opened_form(superuser_client, url), "name_en": "ECRI"}
    assert superuser_client.post(url, typed).status_code == 302
    framework.refresh_from_db()
    assert (framework.name_en, framework.version) == ("ECRI", 2)
    stale = superuser_client.post(url, typed | {"name_en": "ECRI (CoE)"})
    assert stale.status_code == 200  # refused: saved meanwhile
    added = {
        **opened_form(superuser_client, "/admin/commitments/framework/add/"),
        "code": "osce",
        "family": "other",
        "name_ka": "ეუთო",
        "position": "30",
    }
    assert superuser_client.post("/admin/commitments/framework/add/", added).status_code == 302
    assert Framework.objects.filter(code="osce").exists()
