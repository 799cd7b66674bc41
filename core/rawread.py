"""Read model rows by fixed SQL: the ORM's result, without building a query for every request.

Building an ORM query costs 700-1,600 Python function calls before the database sees it (issue 15).
For the few reads every page makes (the session, the signed-in person, the project and its phases),
``rows`` runs a fixed statement over the model's concrete columns and turns each row into a model
instance exactly as the ORM would: the same database converters per column (SQLite's text dates, JSON,
booleans) and ``Model.from_db``. The caller writes only the ``WHERE``/``ORDER BY`` tail, with
placeholders (never formatted values).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any

from django.db import connection
from django.db.models import Model
from django.utils import timezone
from django.utils.dateparse import parse_datetime

_Converter = tuple[int, list[Callable[..., Any]], Any]
_SHAPES: dict[tuple[type[Model], str], tuple[str, list[str], list[_Converter]]] = {}


def _shape(model: type[Model]) -> tuple[str, list[str], list[_Converter]]:
    key = (model, connection.vendor)
    shape = _SHAPES.get(key)
    if shape is None:
        meta = model._meta
        quote = connection.ops.quote_name
        fields = list(meta.concrete_fields)
        columns = [field.get_col(meta.db_table) for field in fields]
        converters: list[_Converter] = []
        for index, column in enumerate(columns):
            found = connection.ops.get_db_converters(column) + column.get_db_converters(connection)
            if found:
                converters.append((index, found, column))
        select = "SELECT " + ", ".join(f"{quote(meta.db_table)}.{quote(str(f.column))}" for f in fields)
        shape = (f"{select} FROM {quote(meta.db_table)}", [f.attname for f in fields], converters)
        _SHAPES[key] = shape
    return shape


def rows[M: Model](model: type[M], tail: str, params: Sequence[Any] = ()) -> list[M]:
    """``SELECT <every column> FROM <the model's table> <tail>`` as model instances (``tail``: placeholders)."""
    select, names, converters = _shape(model)
    with connection.cursor() as cursor:
        cursor.execute(f"{select} {tail}", params)
        fetched = cursor.fetchall()
    found: list[M] = []
    db = connection.alias
    for row in fetched:
        if converters:
            values = list(row)
            for index, functions, column in converters:
                value = values[index]
                for function in functions:
                    value = function(value, column, connection)
                values[index] = value
            row = values
        found.append(model.from_db(db, names, row))
    return found


_COLUMNS: dict[tuple[type[Model], str, str], str] = {}


def columns(model: type[Model], alias: str) -> str:
    """The model's concrete columns under a table alias, for a hand-written join read by ``build``."""
    key = (model, alias, connection.vendor)
    found = _COLUMNS.get(key)
    if found is None:
        quote = connection.ops.quote_name
        found = _COLUMNS[key] = ", ".join(f"{quote(alias)}.{quote(str(f.column))}" for f in model._meta.concrete_fields)
    return found


def build[M: Model](model: type[M], row: Sequence[Any], start: int = 0) -> M:
    """The model instance from ``row[start:]`` (its columns in the order of ``columns``), as the ORM builds it."""
    _select, names, converters = _shape(model)
    values = list(row[start : start + len(names)])
    for index, functions, column in converters:
        value = values[index]
        for function in functions:
            value = function(value, column, connection)
        values[index] = value
    return model.from_db(connection.alias, names, values)


def first[M: Model](model: type[M], tail: str, params: Sequence[Any] = ()) -> M | None:
    found = rows(model, tail, params)
    return found[0] if found else None


def moment(value: Any) -> dt.datetime | None:
    """A datetime column of a hand-written read, aware: PostgreSQL answers with aware datetimes, SQLite with
    naive ones or text, in UTC."""
    if value is None:
        return None
    if isinstance(value, str):
        parsed = parse_datetime(value)
        if parsed is None:
            raise ValueError(value)
        value = parsed
    return value if timezone.is_aware(value) else value.replace(tzinfo=dt.UTC)
