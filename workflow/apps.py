from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkflowConfig(AppConfig):
    name = "workflow"
    verbose_name = _("Opportunities")

    def ready(self) -> None:
        from core.lifecycle import after_transition, lifecycle_register
        from workflow.lifecycle import OPPORTUNITY_LIFECYCLE
        from workflow.models import Opportunity
        from workflow.services.opportunities import presented_on_agenda

        lifecycle_register(Opportunity, OPPORTUNITY_LIFECYCLE)
        after_transition(Opportunity, "present", presented_on_agenda)
