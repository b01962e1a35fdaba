"""The shopping list: needs, one need's page, its form, and the gap view."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from core.auth import signed_in_user
from core.history import readable_edits
from core.roles import keeps_any_unit_records, keeps_unit_records, may_keep_unit_record
from needs import selectors
from needs.filters import NeedFilter
from needs.models import Need
from needs.services import need_create, need_update
from web.documents import exports
from web.forms.needs import NeedForm
from web.shared.editing import changed_fields, if_changed, opened_version, record_form_page
from web.shared.feedback import forbidden_page
from web.shared.listing import filtered_page, filtered_rows


@login_required
def need_list(request: HttpRequest) -> HttpResponse:
    filters = NeedFilter(request.GET, queryset=selectors.need_list())
    ordering = ["settled", "priority_rank", "title"]
    if request.GET.get("export") == "xlsx":
        return exports.need_list_xlsx(filtered_rows(filters, ordering))
    page, query = filtered_page(request, filters, ordering)
    context = {
        "filters": filters,
        "page": page,
        "query": query,
        "can_add": keeps_any_unit_records(request.user),
    }
    return render(request, "web/needs.html", context)


@login_required
def need_detail(request: HttpRequest, pk: int) -> HttpResponse:
    need = get_object_or_404(selectors.need_list(), pk=pk)
    context = {
        "need": need,
        "can_edit": keeps_unit_records(need.responsible_unit_id, request.user),
        "edits": readable_edits(need.edits.select_related("actor"), Need),
    }
    return render(request, "web/need_detail.html", context)


def _save_need(request: HttpRequest, need: Need | None) -> HttpResponse:
    user = signed_in_user(request)
    if not may_keep_unit_record(user, need, "responsible_unit_id"):
        return forbidden_page(request)
    form_instance = Need.objects.get(pk=need.pk) if need else None
    form = NeedForm(request.POST or None, instance=form_instance, user=user)

    def save() -> Need:
        links = {
            "opportunities": list(form.cleaned_data["opportunities"]),
            "projects": list(form.cleaned_data["projects"]),
        }
        if need is None:
            return need_create(user=user, fields=form.service_fields(), **links)  # type: ignore[arg-type]
        return need_update(
            need=need,
            user=user,
            fields=changed_fields(form, form.service_fields()),  # type: ignore[arg-type]
            expected_version=opened_version(request),
            **{name: if_changed(name in form.changed_data, rows) for name, rows in links.items()},
        )

    return record_form_page(
        request,
        form=form,
        record=need,
        save=save,
        detail="need-detail",
        heading=_("New need") if need is None else need.title,
        cancel_url="need-detail" if need else "needs",
    )


@login_required
def need_create_page(request: HttpRequest) -> HttpResponse:
    return _save_need(request, None)


@login_required
def need_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_need(request, get_object_or_404(Need, pk=pk))


@login_required
def need_gaps(request: HttpRequest) -> HttpResponse:
    """Needs nobody is answering yet, and opportunities that answer no listed need."""
    context = {
        "needs": selectors.needs_without_support(),
        "opportunities": selectors.opportunities_without_need(),
    }
    return render(request, "web/need_gaps.html", context)
