from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WebConfig(AppConfig):
    name = "web"
    verbose_name = _("Screens")

    def ready(self) -> None:
        from web import readiness  # noqa: F401  (registers the deploy check)
