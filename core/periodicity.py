from django.db import models
from django.utils.translation import gettext_lazy as _


class Periodicity(models.TextChoices):
    """How often an item is monitored or reported on."""

    MONTHLY = "monthly", _("Monthly")
    QUARTERLY = "quarterly", _("Quarterly")
    SEMI_ANNUAL = "semi_annual", _("Every six months")
    ANNUAL = "annual", _("Annually")
