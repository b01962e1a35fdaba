"""The admin shows the plans, activities and reports, and writes none of them."""

from __future__ import annotations

import pytest
from django.contrib import admin

from actionplans.models import ActionPlan, Activity, ActivityReport

pytestmark = pytest.mark.django_db


def test_the_plans_open_in_the_admin_read_only(client, django_user_model, plan) -> None:
    root = django_user_model.objects.create_superuser("root", "root@people.test", "pass-1234")
    client.force_login(root)
    for model in (ActionPlan, Activity, ActivityReport):
        assert model in admin.site._registry
        url = f"/admin/actionplans/{model._meta.model_name}/"
        assert client.get(url).status_code == 200, url
    page = client.get(f"/admin/actionplans/actionplan/{plan.pk}/change/")
    assert page.status_code == 200 and "დონორული დახმარება" in page.content.decode()
    assert client.get("/admin/actionplans/actionplan/add/").status_code == 403
