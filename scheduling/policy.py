"""The reminder rules in force, read from settings (``REMINDERS``) with their defaults."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings

from scheduling.series import Series

RECIPIENT_RULES = (
    "responsible_unit",
    "unit_head",
    "department_head",
    "coordinators",
    "top_management",
)

DEFAULTS: dict[str, object] = {
    "deadline_days_before": (14, 7, 3, 1),
    "deadline_top_management_within": 3,
    "decision_pending_days": 7,
    "communication_days": 14,
    "communication_head_days": 7,
    "report_days": (-7, 0, 1, 8, 15),
    "obligation_days_before": (7, 1),
    "obligation_escalation": (
        (0, ("responsible_unit",)),
        (3, ("responsible_unit", "unit_head")),
        (7, ("responsible_unit", "department_head")),
        (14, ("responsible_unit", "department_head", "top_management")),
    ),
    # An action-plan activity's quarterly status: due this many working days after the quarter
    # ends, chased on these days from the due date (negative: before it).
    "activity_report_working_days": 10,
    "activity_report_days": (-5, 0, 1, 8),
}


@dataclass(frozen=True)
class EscalationStep:
    days_overdue: int
    recipients: tuple[str, ...]


def _rules() -> dict[str, object]:
    return DEFAULTS | dict(getattr(settings, "REMINDERS", {}))


def _days(name: str) -> tuple[int, ...]:
    return tuple(int(day) for day in _rules()[name])  # type: ignore[attr-defined]


def _number(name: str) -> int:
    return int(_rules()[name])  # type: ignore[call-overload]


def deadline_series() -> Series:
    return Series(tuple(-day for day in _days("deadline_days_before")))


def deadline_top_management_within() -> int:
    return _number("deadline_top_management_within")


def decision_series() -> Series:
    days = _number("decision_pending_days")
    return Series((days,), repeat_every=days)


def communication_series() -> Series:
    first = _number("communication_days")
    return Series((first, first + _number("communication_head_days")))


def report_series() -> Series:
    return Series(_days("report_days"))


def obligation_reminder_series() -> Series:
    return Series(tuple(-day for day in _days("obligation_days_before")))


def activity_report_working_days() -> int:
    return _number("activity_report_working_days")


def activity_report_series() -> Series:
    """Counted from the day a quarter's status is due; the coordinators hear once it is late."""
    return Series(_days("activity_report_days"))


def escalation_ladder() -> tuple[EscalationStep, ...]:
    steps = [
        EscalationStep(int(days), tuple(recipients))
        for days, recipients in _rules()["obligation_escalation"]  # type: ignore[attr-defined]
    ]
    return tuple(sorted(steps, key=lambda step: step.days_overdue))


def escalation_series() -> Series:
    """Counted from the due date: day 0 of the ladder is the first day overdue."""
    return Series(tuple(1 + step.days_overdue for step in escalation_ladder()))


def unknown_recipient_rules() -> list[str]:
    return sorted(
        {
            rule
            for step in escalation_ladder()
            for rule in step.recipients
            if rule not in RECIPIENT_RULES
        }
    )
