from typing import Any

from django.core.paginator import Paginator
from django.utils.translation import gettext as _
from rest_framework.exceptions import ValidationError
from rest_framework.pagination import PageNumberPagination as BasePageNumberPagination
from rest_framework.request import Request
from rest_framework.views import APIView


class PageNumberPagination(BasePageNumberPagination):
    page_size_query_param = "page_size"
    max_page_size = 200

    def _whole_number(self, request: Request, name: str, most: int | None = None) -> None:
        # A page or page size out of its range is refused, not silently replaced.
        raw = request.query_params.get(name)
        if raw is None:
            return
        if not (raw.isascii() and raw.isdigit() and int(raw) > 0):
            raise ValidationError({name: [_("Enter a whole number above 0.")]})
        if most is not None and int(raw) > most:
            raise ValidationError(
                {name: [_("At most %(most)d rows fit on a page.") % {"most": most}]}
            )

    def get_page_size(self, request: Request) -> int | None:
        self._whole_number(request, self.page_size_query_param, self.max_page_size)
        return super().get_page_size(request)

    def get_page_number(self, request: Request, paginator: Paginator[Any]) -> int | str:
        self._whole_number(request, self.page_query_param)
        return super().get_page_number(request, paginator)

    def get_schema_operation_parameters(self, view: APIView) -> list[dict[str, object]]:
        parameters: list[dict[str, object]] = super().get_schema_operation_parameters(view)
        for parameter in parameters:
            schema = parameter["schema"]
            assert isinstance(schema, dict)
            schema["minimum"] = 1
            if parameter["name"] == self.page_size_query_param:
                schema["maximum"] = self.max_page_size
        return parameters
