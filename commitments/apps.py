from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _frameworks_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    # As for the regions: a flushed database gets the starting frameworks back.
    from commitments.frameworks import frameworks_ensure

    frameworks_ensure(sender.get_model("Framework"))


class CommitmentsConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "commitments"
    verbose_name = _("International commitments")

    def ready(self) -> None:
        post_migrate.connect(_frameworks_after_migrate, sender=self)
