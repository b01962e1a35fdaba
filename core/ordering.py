from collections.abc import Iterable
from typing import Any, TypeVar

from django.db.models import F, Model, QuerySet

M = TypeVar("M", bound=Model)


def stable_order(queryset: QuerySet[M], fields: Iterable[str]) -> QuerySet[M]:
    """Order with empty values last either way and ties broken by id.

    Without it PostgreSQL puts items with no deadline first when sorting descending, and pages
    of equal keys could repeat or skip rows.
    """
    expressions: list[Any] = [
        F(f[1:]).desc(nulls_last=True) if f.startswith("-") else F(f).asc(nulls_last=True)
        for f in fields
    ]
    return queryset.order_by(*expressions, "-id")
