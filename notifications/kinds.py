"""Every kind of notification Donorflow sends: its name for people, and whether it may be
turned off. Each kind has its own email templates (subject, text, HTML) in
``notifications/templates/notifications/email/<kind>/``."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _


@dataclass(frozen=True)
class Kind:
    code: str
    label: str | Promise
    # Mandatory kinds always go out at once: escalations, the deadline guard, digests.
    mandatory: bool = False


# What a person may switch off, in the order the preferences page shows it.
OPTIONAL_KINDS = [
    Kind("opportunity.present", _("An opportunity awaits a decision")),
    Kind("opportunity.approve", _("An opportunity is approved")),
    Kind("opportunity.reject", _("An opportunity is rejected")),
    Kind("opportunity.return_for_revision", _("An opportunity is returned for revision")),
    Kind("opportunity.start_donor_communication", _("Communication with the donor begins")),
    Kind("opportunity.start_monitoring", _("Monitoring begins")),
    Kind("opportunity.mark_not_funded", _("An opportunity is not funded")),
    Kind("opportunity.close", _("An opportunity is closed")),
    Kind("opportunity.withdraw", _("An opportunity is withdrawn")),
    Kind("opportunity.decision_pending", _("A decision has been pending for long")),
    Kind("opportunity.communication_pending", _("No donor communication since approval")),
    Kind("meeting.scheduled", _("A coordination meeting is scheduled")),
    Kind("meeting.agenda_added", _("An item is put on an agenda")),
    Kind("meeting.deferred", _("An item is deferred at a meeting")),
    Kind("meeting.agenda", _("The agenda of tomorrow's meeting")),
    Kind("meeting.minutes", _("The minutes of a meeting")),
    Kind("obligation.submit", _("An obligation report is submitted")),
    Kind("obligation.accept", _("An obligation report is accepted")),
    Kind("obligation.return_for_revision", _("An obligation report is returned")),
    Kind("obligation.waive", _("An obligation is waived")),
    Kind("obligation.reminder", _("An obligation falls due soon")),
    Kind("progress.submitted", _("A progress report is submitted")),
    Kind("progress.accept", _("A progress report is accepted")),
    Kind("progress.return_for_revision", _("A progress report is returned")),
    Kind("progress.due", _("A progress report is due")),
    Kind("activity.report_due", _("An action-plan activity's quarterly status is due")),
]

# Sent at once whatever a person's preferences: the deadline guard, escalations, digests.
MANDATORY_KINDS = [
    Kind("opportunity.deadline", _("A donor deadline approaches"), mandatory=True),
    Kind(
        "opportunity.communication_escalation",
        _("No donor communication since approval: escalation"),
        mandatory=True,
    ),
    Kind("obligation.escalation", _("An obligation is overdue: escalation"), mandatory=True),
    Kind("digest.daily", _("Daily digest"), mandatory=True),
    Kind("digest.weekly", _("Weekly digest for top management"), mandatory=True),
]

KINDS: dict[str, Kind] = {kind.code: kind for kind in [*OPTIONAL_KINDS, *MANDATORY_KINDS]}


def kind_label(code: str) -> str:
    kind = KINDS.get(code)
    return str(kind.label) if kind else code


def is_mandatory(code: str) -> bool:
    kind = KINDS.get(code)
    return kind is None or kind.mandatory
