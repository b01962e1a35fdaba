"""What every item's page shows the same way above its content: the breadcrumbs to it
(``{% breadcrumbs opportunity %}``, or ``{% breadcrumbs opportunity _("Edit") %}`` on a page
under it) and the line that says where it stands and what comes next
(``{% next_step opportunity %}``)."""

from __future__ import annotations

from typing import Any

from django import template

from web.shared.breadcrumbs import trail
from web.shared.next_steps import next_step as step_of

register = template.Library()


@register.inclusion_tag("web/_breadcrumbs.html")
def breadcrumbs(item: Any, here: str = "") -> dict[str, Any]:
    return {"crumbs": trail(item, str(here))}


@register.inclusion_tag("web/_next_step.html")
def next_step(item: Any) -> dict[str, Any]:
    return {"next": step_of(item)}
