"""The admin shows the action plans; they are kept through the services (the pages and the
API), which check roles, keep every edit and plan the quarterly reminders."""

from django.contrib import admin

from actionplans.models import (
    ActionPlan,
    ActionPlanEdit,
    Activity,
    ActivityEdit,
    ActivityReport,
    ActivityReportEdit,
    PlanSection,
)
from core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline


class SectionInline(ReadOnlyInline):
    model = PlanSection
    fields = ("number", "title")
    readonly_fields = fields


class ActionPlanEditInline(ReadOnlyInline):
    model = ActionPlanEdit


@admin.register(ActionPlan)
class ActionPlanAdmin(ReadOnlyAdmin):
    list_display = ["title", "year", "unit", "copied_from"]
    list_filter = ["year", "unit"]
    search_fields = ["title"]
    inlines = [SectionInline, ActionPlanEditInline]


class ActivityReportInline(ReadOnlyInline):
    model = ActivityReport
    fields = ("quarter", "status", "progress", "actual", "reported_by", "reported_at")
    readonly_fields = fields


class ActivityEditInline(ReadOnlyInline):
    model = ActivityEdit


@admin.register(Activity)
class ActivityAdmin(ReadOnlyAdmin):
    list_display = ["number", "plan", "responsible_unit", "deadline_text", "next_report_at"]
    list_filter = ["plan__year", "responsible_unit"]
    search_fields = ["number", "text", "indicator"]
    list_select_related = ["plan", "responsible_unit"]
    inlines = [ActivityReportInline, ActivityEditInline]


@admin.register(ActivityReport)
class ActivityReportAdmin(ReadOnlyAdmin):
    list_display = ["activity", "quarter", "status", "reported_by", "reported_at"]
    list_filter = ["quarter", "status"]
    list_select_related = ["activity", "reported_by"]


@admin.register(ActivityReportEdit)
class ActivityReportEditAdmin(ReadOnlyAdmin):
    list_display = ["report", "actor", "at"]
