from typing import Any

from django.db.models import QuerySet
from rest_framework.filters import OrderingFilter

from core.ordering import stable_order


class StableOrderingFilter(OrderingFilter):
    """DRF ordering with empty values last and ties broken by id (see ``stable_order``)."""

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        ordering = self.get_ordering(request, queryset, view)
        return stable_order(queryset, ordering) if ordering else queryset
