"""Where a line of the home page's work opens: a page the person signed in may open
(``{% obligation_url obligation %}``)."""

from __future__ import annotations

from typing import Any

from django import template
from django.urls import reverse

from commitments.permissions import can_report_on

register = template.Library()


@register.simple_tag(takes_context=True)
def obligation_url(context: template.Context, obligation: Any, handed_in: bool = False) -> str:
    """A commitment's status report still owed opens its report form for those who may report
    on it (the responsible unit's focal points, the department); for everyone else (the head
    or the minister it was escalated to), and once it is handed in, the obligation's page."""
    if (
        obligation.is_status_report
        and not handed_in
        and can_report_on(obligation.commitment, context["user"])
    ):
        return reverse("commitment-report", args=[obligation.commitment_id])
    return reverse("obligation-detail", args=[obligation.pk])
