from django.contrib import admin

from core.admin_readonly import ReadOnlyAdmin, ReadOnlyInline, ToStateFilter
from workflow.models import (
    AgendaItem,
    Attachment,
    CoordinationMeeting,
    DonorCommunication,
    KeyPerformanceIndicator,
    Opportunity,
    OpportunityEdit,
    ReferenceCounter,
    TransitionLog,
)


class KpiInline(ReadOnlyInline):
    model = KeyPerformanceIndicator


class TransitionLogInline(ReadOnlyInline):
    model = TransitionLog
    readonly_fields = [
        "transition",
        "get_from_state_display",
        "get_to_state_display",
        "actor",
        "at",
        "comment",
    ]
    fields = tuple(readonly_fields)


@admin.register(Opportunity)
class OpportunityAdmin(ReadOnlyAdmin):
    """Shown, not edited: edits and moves go through the services, which check the role and
    keep the history (an admin form would bypass both)."""

    list_display = ["reference", "title", "state", "owning_unit", "donor", "application_deadline"]
    list_filter = ["state", "kind", "owning_unit", "donor"]
    search_fields = ["reference", "title", "description"]
    list_select_related = ["owning_unit", "donor"]
    inlines = [KpiInline, TransitionLogInline]


@admin.register(TransitionLog)
class TransitionLogAdmin(ReadOnlyAdmin):
    list_display = [
        "opportunity",
        "transition",
        "get_from_state_display",
        "get_to_state_display",
        "actor",
        "at",
    ]
    list_filter = ["transition", ToStateFilter]
    list_select_related = ["opportunity", "actor"]


@admin.register(OpportunityEdit)
class OpportunityEditAdmin(ReadOnlyAdmin):
    list_display = ["opportunity", "actor", "at"]
    list_select_related = ["opportunity", "actor"]


class AgendaItemInline(ReadOnlyInline):
    model = AgendaItem
    readonly_fields = ["position", "opportunity", "outcome", "notes", "recorded_by", "recorded_at"]


@admin.register(CoordinationMeeting)
class CoordinationMeetingAdmin(ReadOnlyAdmin):
    """Meetings are scheduled and their agendas kept on the meetings pages, which notify the
    attending units; here they are only shown."""

    list_display = ["title", "starts_at", "place"]
    search_fields = ["title", "place"]
    inlines = [AgendaItemInline]


@admin.register(AgendaItem)
class AgendaItemAdmin(ReadOnlyAdmin):
    list_display = ["meeting", "position", "opportunity", "outcome", "recorded_by"]
    list_filter = ["outcome"]
    list_select_related = ["meeting", "opportunity", "recorded_by"]


@admin.register(DonorCommunication)
class DonorCommunicationAdmin(ReadOnlyAdmin):
    list_display = ["opportunity", "occurred_on", "channel", "next_step_due", "author"]
    list_filter = ["channel"]
    list_select_related = ["opportunity", "author"]


@admin.register(Attachment)
class AttachmentAdmin(ReadOnlyAdmin):
    list_display = ["original_name", "opportunity", "size", "uploaded_by", "uploaded_at"]
    list_select_related = ["opportunity", "uploaded_by"]


@admin.register(ReferenceCounter)
class ReferenceCounterAdmin(ReadOnlyAdmin):
    list_display = ["year", "last_number"]
