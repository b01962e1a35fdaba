from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from core.unique import UniqueMessages
from projects.models import Project


class PublicStamp(UniqueMessages, models.Model):
    """When what one public output shows of a project last changed. The outputs give this time
    as "updated", never the project's own ``updated_at``, which also moves when a field kept
    back from the public is edited."""

    project = models.ForeignKey(Project, on_delete=models.CASCADE, related_name="+")
    # The output and its language, e.g. "atom:ka" or "iati".
    output = models.CharField(max_length=20)
    # SHA-256 of the project's public content in that output.
    digest = models.CharField(max_length=64)
    since = models.DateTimeField()

    class Meta:
        verbose_name = _("publication stamp")
        verbose_name_plural = _("publication stamps")
        constraints = [
            models.UniqueConstraint(fields=["project", "output"], name="public_stamp_once")
        ]

    def __str__(self) -> str:
        return f"{self.project_id} {self.output} {self.since:%Y-%m-%d %H:%M}"
