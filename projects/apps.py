from typing import Any

from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _regions_after_migrate(sender: AppConfig, **kwargs: Any) -> None:
    # As Django does for content types: a flushed database (`manage.py flush`, a test that
    # commits for real) gets its reference data back, not only a freshly migrated one.
    from projects.regions import regions_ensure

    regions_ensure(sender.get_model("Area"))


class ProjectsConfig(AppConfig):
    name = "projects"
    verbose_name = _("Projects and obligations")

    def ready(self) -> None:
        post_migrate.connect(_regions_after_migrate, sender=self)
        from projects.lifecycle import register

        register()
