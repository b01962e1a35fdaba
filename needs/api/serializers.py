from __future__ import annotations

from typing import Any

from core.api.strict import StrictModelSerializer
from needs.models import Need


class NeedSerializer(StrictModelSerializer[Need]):
    class Meta:
        model = Need
        fields = ["id", "version", *Need.EDITABLE_FIELDS, "opportunities", "projects"]

    def service_arguments(self) -> dict[str, Any]:
        fields = dict(self.validated_data)
        links = {name: fields.pop(name) for name in ("opportunities", "projects") if name in fields}
        return {"fields": fields, **links}
