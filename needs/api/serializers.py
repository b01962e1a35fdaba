from __future__ import annotations

from typing import Any

from core.api.strict import StrictModelSerializer
from needs.models import Need

# Saved as links beside the need's own fields: lists of the linked records' ids.
LINKS = ("commitments", "opportunities", "projects")


class NeedSerializer(StrictModelSerializer[Need]):
    class Meta:
        model = Need
        fields = ["id", "version", *Need.EDITABLE_FIELDS, *LINKS]

    def service_arguments(self) -> dict[str, Any]:
        fields = dict(self.validated_data)
        links = {name: fields.pop(name) for name in LINKS if name in fields}
        return {"fields": fields, **links}
