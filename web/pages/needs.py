"""The shopping list: the needs (the list, a need's page, its form, on the shared unit-record
pages) and the gap view."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from insight.donor_match import donor_matches
from needs import selectors
from needs.filters import NeedFilter
from needs.models import Need
from needs.permissions import can_keep_need, can_keep_needs
from needs.services import need_create, need_update
from web.documents.exports import need_list_xlsx
from web.forms.needs import NeedForm
from web.shared.routes import under
from web.shared.unit_records import UnitRecordPages


def _beside_the_need(need: Need, request: HttpRequest) -> dict[str, Any]:
    """The donors whose priorities match the need, with what each funded before."""
    return {"donor_matches": donor_matches(need)}


NEEDS = UnitRecordPages(
    model=Need,
    name="need",
    plural="needs",
    heading=_("Shopping list"),
    new_heading=_("New need"),
    title_field="title",
    may_add=can_keep_needs,
    may_keep=can_keep_need,
    rows=selectors.need_list,
    filters=NeedFilter,
    ordering=["settled", "priority_rank", "title"],
    export=need_list_xlsx,
    form=NeedForm,
    create=need_create,
    update=need_update,
    detail_extra=_beside_the_need,
    sortable={
        "title": ("title",),
        "source": ("source", "source_reference"),
        "priority": ("priority_rank",),
        "responsible_unit": ("responsible_unit__name_ka",),
        "status": ("status",),
    },
)


@login_required
def need_gaps(request: HttpRequest) -> HttpResponse:
    """Needs nobody is answering yet, and opportunities that answer no listed need."""
    context = {
        "needs": selectors.needs_without_support(),
        "opportunities": selectors.opportunities_without_need(),
    }
    return render(request, "web/needs/gaps.html", context)


urlpatterns = [
    *NEEDS.urlpatterns(),
    *under("needs/", ("gaps/", need_gaps, "need-gaps")),
]
