"""The admin shows commitments, their indicators, actuals and donors' priorities; they are kept
through the services (the pages and the API), which check roles and keep the history.
Frameworks, which are plain reference data, are edited here too, through their service."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from commitments.models import (
    Commitment,
    CommitmentEdit,
    DonorPriority,
    Framework,
    Indicator,
    IndicatorValue,
)
from commitments.services import framework_create, framework_update
from core.admin import VersionedAdmin
from core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline


@admin.register(Framework)
class FrameworkAdmin(VersionedAdmin):
    list_display = ["code", "name_ka", "name_en", "family", "position", "is_active"]
    list_filter = ["family", "is_active"]
    search_fields = ["code", "name_ka", "name_en"]

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        columns = {f.name for f in obj._meta.concrete_fields} - {"id", "version"}
        fields: Any = {
            name: form.cleaned_data[name] for name in form.changed_data if name in columns
        }
        if not change:
            created = framework_create(user=request.user, fields=fields)  # type: ignore[arg-type]
            obj.pk, obj.version = created.pk, created.version
        elif fields:
            framework_update(
                framework=obj,
                user=request.user,  # type: ignore[arg-type]
                fields=fields,
                expected_version=form.cleaned_data.get("opened_version"),
            )


class IndicatorInline(ReadOnlyInline):
    model = Indicator
    fields = ("name", "measure", "baseline", "baseline_date", "target", "target_date")
    readonly_fields = fields


class CommitmentEditInline(ReadOnlyInline):
    model = CommitmentEdit


@admin.register(Commitment)
class CommitmentAdmin(ReadOnlyAdmin):
    """Shown, not edited: the services check roles, keep every change and plan the reports."""

    list_display = ["__str__", "responsible_unit", "status", "reporting", "deadline"]
    list_filter = ["framework", "status", "reporting"]
    list_select_related = ["framework", "responsible_unit"]
    search_fields = ["reference", "text_ka", "text_en"]
    inlines = [IndicatorInline, CommitmentEditInline]


@admin.register(IndicatorValue)
class IndicatorValueAdmin(ReadOnlyAdmin):
    list_display = ["indicator", "period_end", "value", "text", "reported_by"]
    list_select_related = ["indicator", "reported_by"]
    date_hierarchy = "period_end"


@admin.register(DonorPriority)
class DonorPriorityAdmin(ReadOnlyAdmin):
    """Kept with the donor on the donors' page (``donor_priorities_set``)."""

    list_display = ["donor", "framework", "sector", "theme"]
    list_filter = ["framework"]
    list_select_related = ["donor", "framework"]


for model in (Indicator, CommitmentEdit):
    admin.site.register(model, ReadOnlyAdmin)
