from collections.abc import Iterable
from typing import Any, TypeVar

from django.core.exceptions import FieldDoesNotExist
from django.db.models import F, Model, QuerySet

M = TypeVar("M", bound=Model)


def stable_order(queryset: QuerySet[M], fields: Iterable[str]) -> QuerySet[M]:
    """Order with empty values last either way and ties broken by id.

    Without it PostgreSQL puts items with no deadline first when sorting descending, and pages
    of equal keys could repeat or skip rows. Columns that are never empty keep a plain order,
    which an index on them can serve.
    """
    names = list(fields)
    expressions: list[Any] = [_empty_last(queryset.model, name) for name in names]
    if not {"id", "-id", "pk", "-pk"} & set(names):
        expressions.append("-id")
    return queryset.order_by(*expressions)


def _empty_last(model: type[Model], name: str) -> Any:
    column = name.removeprefix("-")
    if not _may_be_empty(model, column):
        return name
    if name.startswith("-"):
        return F(column).desc(nulls_last=True)
    return F(column).asc(nulls_last=True)


def _may_be_empty(model: type[Model], column: str) -> bool:
    if "__" in column:  # across a relation the joined row itself may be missing
        return True
    try:
        return bool(model._meta.get_field(column).null)
    except FieldDoesNotExist:  # an annotation
        return True
