from django.contrib import admin

from core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline
from projects.models import (
    Area,
    BudgetLine,
    IndicatorActual,
    Obligation,
    ObligationEdit,
    ObligationLog,
    ObligationSubmission,
    ProgressActual,
    ProgressReport,
    ProgressReportLog,
    Project,
    ProjectDocument,
    ProjectEdit,
    ProjectParticipant,
    ProjectResult,
    ProjectSector,
    ResultIndicator,
)
from projects.models.obligation import ReportedIndicatorValue


@admin.register(Area)
class AreaAdmin(admin.ModelAdmin[Area]):
    """Reference data: administrators add municipalities as projects need them."""

    list_display = ["name_ka", "name_en", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name_ka", "name_en"]


class ParticipantInline(ReadOnlyInline):
    model = ProjectParticipant


class SectorInline(ReadOnlyInline):
    model = ProjectSector


class BudgetLineInline(ReadOnlyInline):
    model = BudgetLine


class ResultInline(ReadOnlyInline):
    model = ProjectResult


@admin.register(Project)
class ProjectAdmin(ReadOnlyAdmin):
    """Shown, not edited: the register's services check roles and keep every change."""

    list_display = ["title_ka", "status", "actual_start", "actual_end", "is_public"]
    list_filter = ["status", "is_public"]
    search_fields = ["title_ka", "title_en"]
    inlines = [ParticipantInline, SectorInline, BudgetLineInline, ResultInline]


class ObligationLogInline(ReadOnlyInline):
    model = ObligationLog
    readonly_fields = [
        "transition",
        "get_from_state_display",
        "get_to_state_display",
        "due_date",
        "actor",
        "at",
        "comment",
    ]
    fields = tuple(readonly_fields)


class ObligationEditInline(ReadOnlyInline):
    model = ObligationEdit


@admin.register(Obligation)
class ObligationAdmin(ReadOnlyAdmin):
    list_display = [
        "kind",
        "project",
        "commitment",
        "responsible_unit",
        "due_date",
        "state",
        "recurrence",
    ]
    list_filter = ["state", "kind", "recurrence"]
    list_select_related = ["project", "commitment__framework", "responsible_unit"]
    inlines = [ObligationLogInline, ObligationEditInline]


class ReportedIndicatorValueInline(ReadOnlyInline):
    model = ReportedIndicatorValue


@admin.register(ObligationSubmission)
class ObligationSubmissionAdmin(ReadOnlyAdmin):
    """A report handed in; a commitment's status report with its assessment and the values it
    claims for the commitment's indicators."""

    list_display = ["obligation", "due_date", "assessment", "submitted_by", "submitted_at"]
    list_filter = ["assessment"]
    list_select_related = ["obligation", "submitted_by"]
    inlines = [ReportedIndicatorValueInline]


@admin.register(ProgressReport)
class ProgressReportAdmin(ReadOnlyAdmin):
    list_display = ["project", "period_start", "period_end", "state", "submitted_by"]
    list_filter = ["state"]
    list_select_related = ["project", "submitted_by"]


for model in (
    ProjectParticipant,
    ProjectSector,
    BudgetLine,
    ProjectResult,
    ResultIndicator,
    IndicatorActual,
    ProjectEdit,
    ReportedIndicatorValue,
    ObligationLog,
    ObligationEdit,
    ProjectDocument,
    ProgressActual,
    ProgressReportLog,
):
    admin.site.register(model, ReadOnlyAdmin)
