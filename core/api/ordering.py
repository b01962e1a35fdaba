from typing import Any

from django.db.models import F, QuerySet
from rest_framework.filters import OrderingFilter


class StableOrderingFilter(OrderingFilter):
    """Ordering where empty values sort last either way and ties break by id.

    Without it PostgreSQL puts items with no deadline first when sorting descending, and pages
    of equal keys could repeat or skip rows.
    """

    def filter_queryset(self, request: Any, queryset: QuerySet[Any], view: Any) -> QuerySet[Any]:
        ordering = self.get_ordering(request, queryset, view)
        if not ordering:
            return queryset
        expressions = [
            F(field[1:]).desc(nulls_last=True)
            if field.startswith("-")
            else F(field).asc(nulls_last=True)
            for field in ordering
        ]
        return queryset.order_by(*expressions, "-id")
