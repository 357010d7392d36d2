"""Insert many rows of a model in one statement, without building model instances.

``bulk_create`` builds a model instance per row and compiles every value through the
field's full ``get_db_prep_save`` chain; for a 100,000-row roster that is most of the
import's time (issue 3 asks for ≥ 8,000 rows/s). ``insert_rows`` takes plain mappings of
field name → Python value and converts only what needs converting for the database:
dates and times through the backend's adapters, JSON and encrypted fields through their
own field, everything else as given. Fields a row leaves out get their model default
(``auto_now``/``auto_now_add`` fields the current time), as ``Model.save`` would.

Like ``bulk_create`` it sends no signals and runs no model validation: callers check
their values first. It returns nothing; read the new primary keys back by a unique key.
SQLite gets one ``executemany`` (in-process, so a statement per row costs little);
PostgreSQL one ``COPY``.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from typing import Any

from django.db import connection, models
from django.utils import timezone

from guanai.core.crypto import encrypt
from guanai.core.fields import EncryptedCharField


def _encrypted(value: Any) -> Any:
    return encrypt(value) if value else value


def _key(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """Return how to turn a Python value of ``field`` into a database parameter, if needed."""
    ops = connection.ops
    if isinstance(field, EncryptedCharField):
        return _encrypted
    if isinstance(field, models.JSONField):
        encoder = field.encoder

        def to_json(value: Any) -> Any:
            # None is SQL NULL (every JSON field we bulk-write is nullable or has a default).
            return None if value is None else ops.adapt_json_value(value, encoder)

        return to_json
    if isinstance(field, models.ForeignKey):
        return _key
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (field name → value; a foreign key as instance or pk) into the table."""
    # Rows that give the same fields go in one statement (callers give the same ones).
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    for names, group in groups.items():
        _insert_group(model, names, group)


def _insert_group(
    model: type[models.Model], names: tuple[str, ...], rows: list[Mapping[str, Any]]
) -> None:
    fields = {f.name: f for f in model._meta.concrete_fields if not isinstance(f, models.AutoField)}
    unknown = set(names) - set(fields)
    if unknown:
        raise ValueError(f"{model.__name__} has no fields {sorted(unknown)}")
    given = [fields[name] for name in names]
    # The fields the rows leave out get their default, converted once for all rows.
    now = timezone.now()
    rest = [f for f in fields.values() if f.name not in names]
    tail = []
    for f in rest:
        auto = isinstance(f, models.DateField) and (f.auto_now or f.auto_now_add)
        default = now if auto else f.get_default()
        convert = _converter(f)
        tail.append(convert(default) if convert is not None else default)
    converters = [(i, c) for i, f in enumerate(given) if (c := _converter(f)) is not None]
    params = []
    for row in rows:
        values = [*row.values(), *tail]
        for i, convert in converters:
            values[i] = convert(values[i])
        params.append(values)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    columns = ", ".join(quote(f.column) for f in [*given, *rest])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            # COPY streams the rows in one statement; executemany would cost PostgreSQL a
            # statement (and a round trip) per row. The raw cursor's errors are wrapped as
            # Django's (IntegrityError …), as Django's own cursor would.
            with (
                connection.wrap_database_errors,
                cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
            ):
                for values in params:
                    copy.write_row(values)
        else:
            marks = ", ".join(["%s"] * len(given + rest))
            cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", params)  # noqa: S608
