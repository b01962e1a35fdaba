"""Claiming a batch of due rows in one statement.

``UPDATE … SET due = <each row's next due> WHERE <each row still holds what was read>
RETURNING pk``: the rows returned are this sweep's, and their due columns have already moved.
It is the conditional UPDATE of one row (``filter(pk=x, due=old).update(due=new)``) made
set-wise, so it keeps its guarantee: on PostgreSQL a second sweep's UPDATE waits for the first
one's row locks and then re-checks its condition on the committed row, which no longer holds
the value it read; on SQLite writers take turns. Either way no row is returned to two sweeps.

Django's ORM has no UPDATE … RETURNING, so the statement is written here. PostgreSQL and
SQLite from 3.35 both accept it; other databases claim row by row (see ``claim``).
"""

from __future__ import annotations

import datetime
from collections.abc import Iterable, Sequence
from typing import Any

from django.db import connections, models, router
from django.db.backends.base.base import BaseDatabaseWrapper

# (the row as read, where its due column moves)
Move = tuple[models.Model, datetime.datetime | None]


def claim(
    model: type[models.Model], due_field: str, moves: Sequence[Move], unchanged: Sequence[str]
) -> set[Any]:
    """Move each row's due column from the value read to its next value, where the row still
    holds what was read (its due column and the ``unchanged`` fields); the primary keys moved.
    """
    if not moves:
        return set()
    connection = connections[router.db_for_write(model)]
    if not _returns_rows(connection):
        return _claim_one_by_one(model, due_field, moves, unchanged)
    sql, params = _statement(connection, model, due_field, moves, unchanged)
    limit = connection.features.max_query_params
    if limit and len(params) > limit and len(moves) > 1:
        half = len(moves) // 2
        return claim(model, due_field, moves[:half], unchanged) | claim(
            model, due_field, moves[half:], unchanged
        )
    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return {row[0] for row in cursor.fetchall()}


def _returns_rows(connection: BaseDatabaseWrapper) -> bool:
    if connection.vendor == "postgresql":
        return True
    # SQLite has RETURNING from 3.35 on, when Django also returns columns from an INSERT.
    return connection.vendor == "sqlite" and connection.features.can_return_columns_from_insert


def _statement(
    connection: BaseDatabaseWrapper,
    model: type[models.Model],
    due_field: str,
    moves: Sequence[Move],
    unchanged: Sequence[str],
) -> tuple[str, list[Any]]:
    """The UPDATE. Rows are grouped by what was read and by where they move, so a batch whose
    rows share a due time (reminders fall due at the same hour) makes a short statement; the
    primary keys are integers written into it."""
    meta = model._meta
    qn = connection.ops.quote_name
    pk = qn(_column(meta.pk))
    due = _field(model, due_field)
    checked = [due, *(_field(model, name) for name in unchanged)]

    read: dict[tuple[Any, ...], list[int]] = {}
    moving_to: dict[datetime.datetime | None, list[int]] = {}
    for item, next_due in moves:
        values = tuple(getattr(item, field.attname) for field in checked)
        read.setdefault(values, []).append(item.pk)
        moving_to.setdefault(next_due, []).append(item.pk)

    params: list[Any] = []
    if len(moving_to) == 1:
        (value,) = moving_to
        new = _value(connection, due, value, params)
    else:
        whens = [
            f"WHEN {pk} IN ({_integers(pks)}) THEN {_value(connection, due, value, params)}"
            for value, pks in moving_to.items()
        ]
        new = f"CASE {' '.join(whens)} END"
        if connection.features.requires_casted_case_in_updates:
            new = f"CAST({new} AS {due.cast_db_type(connection)})"

    still = []
    for values, pks in read.items():
        terms = [f"{pk} IN ({_integers(pks)})"]
        for field, value in zip(checked, values, strict=True):
            column = qn(_column(field))
            if value is None:
                terms.append(f"{column} IS NULL")
            else:
                terms.append(f"{column} = {_value(connection, field, value, params)}")
        still.append(f"({' AND '.join(terms)})")
    sql = (
        f"UPDATE {qn(meta.db_table)} SET {qn(_column(due))} = {new} "
        f"WHERE {' OR '.join(still)} RETURNING {pk}"
    )
    return sql, params


def _field(model: type[models.Model], name: str) -> models.Field[Any, Any]:
    field = model._meta.get_field(name)
    assert isinstance(field, models.Field)
    return field


def _column(field: models.Field[Any, Any]) -> str:
    assert field.column is not None
    return field.column


def _value(
    connection: BaseDatabaseWrapper, field: models.Field[Any, Any], value: Any, params: list[Any]
) -> str:
    if value is None:
        return "NULL"
    params.append(field.get_db_prep_value(value, connection, prepared=False))
    return "%s"


def _integers(pks: Iterable[Any]) -> str:
    return ", ".join(str(int(pk)) for pk in pks)


def _claim_one_by_one(
    model: type[models.Model], due_field: str, moves: Sequence[Move], unchanged: Sequence[str]
) -> set[Any]:
    taken = set()
    for item, next_due in moves:
        read = {name: getattr(item, name) for name in (due_field, *unchanged)}
        if model._default_manager.filter(pk=item.pk, **read).update(**{due_field: next_due}):
            taken.add(item.pk)
    return taken
