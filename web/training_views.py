"""The training record: the list with totals per unit and year, one training, its form."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _

from core.auth import signed_in_user
from core.history import readable_edits
from core.roles import keeps_any_unit_records, keeps_unit_records, may_keep_unit_record
from trainings import selectors
from trainings.filters import TrainingFilter
from trainings.models import Training
from trainings.services import training_create, training_update
from web.documents import exports
from web.forms.trainings import TrainingForm
from web.shared.editing import changed_fields, if_changed, opened_version, record_form_page
from web.shared.feedback import forbidden_page
from web.shared.listing import filtered_page, filtered_rows


@login_required
def training_list(request: HttpRequest) -> HttpResponse:
    filters = TrainingFilter(request.GET, queryset=selectors.training_list())
    ordering = ["-start_date", "-id"]
    if request.GET.get("export") == "xlsx":
        return exports.training_list_xlsx(filtered_rows(filters, ordering))
    page, query = filtered_page(request, filters, ordering)
    rows = filters.qs if filters.is_valid() else Training.objects.none()
    context = {
        "filters": filters,
        "page": page,
        "query": query,
        "totals": selectors.totals_by_unit_and_year(rows),
        "can_add": keeps_any_unit_records(request.user),
    }
    return render(request, "web/trainings.html", context)


@login_required
def training_detail(request: HttpRequest, pk: int) -> HttpResponse:
    training = get_object_or_404(selectors.training_list(), pk=pk)
    context = {
        "training": training,
        "can_edit": keeps_unit_records(training.unit_id, request.user),
        "edits": readable_edits(training.edits.select_related("actor"), Training),
    }
    return render(request, "web/training_detail.html", context)


def _save_training(request: HttpRequest, training: Training | None) -> HttpResponse:
    user = signed_in_user(request)
    if not may_keep_unit_record(user, training, "unit_id"):
        return forbidden_page(request)
    form_instance = Training.objects.get(pk=training.pk) if training else None
    form = TrainingForm(request.POST or None, instance=form_instance, user=user)

    def save() -> Training:
        staff = list(form.cleaned_data["staff"])
        if training is None:
            return training_create(user=user, fields=form.service_fields(), staff=staff)  # type: ignore[arg-type]
        return training_update(
            training=training,
            user=user,
            fields=changed_fields(form, form.service_fields()),  # type: ignore[arg-type]
            staff=if_changed("staff" in form.changed_data, staff),
            expected_version=opened_version(request),
        )

    return record_form_page(
        request,
        form=form,
        record=training,
        save=save,
        detail="training-detail",
        heading=_("New training") if training is None else training.name,
        cancel_url="training-detail" if training else "trainings",
    )


@login_required
def training_create_page(request: HttpRequest) -> HttpResponse:
    return _save_training(request, None)


@login_required
def training_edit_page(request: HttpRequest, pk: int) -> HttpResponse:
    return _save_training(request, get_object_or_404(Training, pk=pk))
