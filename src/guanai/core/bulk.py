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
PostgreSQL one ``COPY``. ``prepare_rows`` and ``write_rows`` are its two halves, for a
caller that converts rows on one thread and writes them on another.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from itertools import repeat
from json import encoder as json_encoder
from typing import Any

from django.db import connection, models
from django.utils import timezone

from guanai.core.crypto import encrypt, encrypt_many
from guanai.core.fields import EncryptedCharField


@dataclass
class PreparedRows:
    """Rows of one model converted into database parameters, ready for ``write_rows``.

    Preparing (the Python work: encryption, JSON, dates) and writing are apart so that
    an importer can prepare the next rows while another thread writes these; a value
    known only later (the key of a row inserted just before) can still be set in
    ``rows`` at the index that ``column`` gives.
    """

    model: type[models.Model]
    fields: list[str]  # field names, in the order of each row's parameters
    columns: list[str]  # their database columns
    rows: list[list[Any]] | list[tuple[Any, ...]]  # lists if made ``mutable``

    def column(self, field_name: str) -> int:
        """Return the index of ``field_name``'s parameter in every row."""
        return self.fields.index(field_name)


def _encrypted(value: Any) -> Any:
    return encrypt(value) if value else value


def _key(value: Any) -> Any:
    return value.pk if isinstance(value, models.Model) else value


def _encrypted_column(values: Iterable[Any]) -> list[Any]:
    """Encrypt a column's values at once (``encrypt_many``); blanks stay as they are."""
    values = list(values)
    sealed = iter(encrypt_many([v for v in values if v]))
    return [next(sealed) if v else v for v in values]


def _key_column(values: Iterable[Any]) -> list[Any]:
    """Return a column of foreign keys as primary keys (given as instances or keys)."""
    values = list(values)
    # Rows usually give the same instance (the importing unit) or plain keys: a set of
    # the distinct values' types is one pass in C, not an isinstance per value.
    if not any(issubclass(kind, models.Model) for kind in set(map(type, values))):
        return values
    return [_key(v) for v in values]


def _encode_function(encoder: type[json.JSONEncoder] | None) -> Callable[[Any], str]:
    """Return ``(encoder or JSONEncoder)().encode``, what ``json.dumps`` does, or its C core.

    ``JSONEncoder.encode`` builds the C encoder anew for every value; built once here, it
    is half the time of a change-log entry's encoding. The same text: the C encoder is
    what ``encode`` uses whenever it can (no indent, a C module), and the encoder's own
    settings and ``default`` are given to it.
    """
    instance = (encoder or json.JSONEncoder)()
    make = getattr(json_encoder, "c_make_encoder", None)  # None without the C module
    kind = type(instance)
    if (
        make is None
        or instance.indent is not None
        or kind.encode is not json.JSONEncoder.encode
        or kind.iterencode is not json.JSONEncoder.iterencode
    ):
        return instance.encode
    encode_chunks = make(
        {} if instance.check_circular else None,
        instance.default,
        (
            json_encoder.encode_basestring_ascii
            if instance.ensure_ascii
            else json_encoder.encode_basestring
        ),
        instance.indent,
        instance.key_separator,
        instance.item_separator,
        instance.sort_keys,
        instance.skipkeys,
        instance.allow_nan,
    )

    def encode(value: Any) -> str:
        return "".join(encode_chunks(value, 0))

    return encode


def _to_json(encoder: type[json.JSONEncoder] | None) -> Callable[[Any], Any]:
    """Return a converter of Python values into JSON text, as the field would store them.

    The text is what Django's SQLite backend stores, and what PostgreSQL's COPY reads into
    a jsonb column. Rows often share one value object (the same ``{"source": …}`` on
    every row); it is encoded once.
    """
    encode = _encode_function(encoder)
    last: list[Any] = [object(), None]  # the last value and its text

    def to_json(value: Any) -> Any:
        # None is SQL NULL (every JSON field we bulk-write is nullable or has a default).
        if value is None:
            return None
        if value is last[0]:
            return last[1]
        if not value and type(value) is dict:
            return "{}"  # what every encoder makes of an empty dict (most details)
        text = encode(value)
        last[0], last[1] = value, text
        return text

    return to_json


def _converter(field: models.Field[Any, Any]) -> Callable[[Any], Any] | None:
    """Return how to turn a Python value of ``field`` into a database parameter, if needed."""
    ops = connection.ops
    if isinstance(field, EncryptedCharField):
        return _encrypted
    if isinstance(field, models.JSONField):
        return _to_json(field.encoder)
    if isinstance(field, models.ForeignKey):
        return _key
    if isinstance(field, models.DateTimeField):
        return ops.adapt_datetimefield_value
    if isinstance(field, models.DateField):
        return ops.adapt_datefield_value
    return None


def insert_rows(model: type[models.Model], rows: Sequence[Mapping[str, Any]]) -> None:
    """Insert ``rows`` (field name → value; a foreign key as instance or pk) into the table."""
    write_rows(prepare_rows(model, rows))


def prepare_rows(
    model: type[models.Model], rows: Sequence[Mapping[str, Any]], *, mutable: bool = False
) -> list[PreparedRows]:
    """Convert ``rows`` of ``model`` into parameters; one ``PreparedRows`` per set of fields.

    Each row's parameters are a tuple, or a list if ``mutable`` (a value to set later).
    """
    # Rows that give the same fields go in one statement (callers give the same ones).
    groups: dict[tuple[str, ...], list[Mapping[str, Any]]] = {}
    for row in rows:
        groups.setdefault(tuple(row), []).append(row)
    return [_prepare_group(model, names, group, mutable) for names, group in groups.items()]


def _prepare_group(
    model: type[models.Model],
    names: tuple[str, ...],
    rows: list[Mapping[str, Any]],
    mutable: bool,
) -> PreparedRows:
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
    # Column by column: a column's values are converted in one map, and the rows are
    # put together by zip, in C, not value by value in Python.
    columns: list[Any] = list(zip(*(row.values() for row in rows), strict=True))
    if not columns:
        columns = [() for _ in given]
    for i, f in enumerate(given):
        if isinstance(f, EncryptedCharField):
            columns[i] = _encrypted_column(columns[i])
        elif isinstance(f, models.ForeignKey):
            columns[i] = _key_column(columns[i])
        elif (convert := _converter(f)) is not None:
            columns[i] = map(convert, columns[i])
    count = len(rows)
    columns += [repeat(value, count) for value in tail]
    params: list[list[Any]] | list[tuple[Any, ...]]
    if mutable:
        params = [list(values) for values in zip(*columns, strict=False)]
    else:
        params = list(zip(*columns, strict=False))  # tuples, made in C
    return PreparedRows(
        model=model,
        fields=[f.name for f in [*given, *rest]],
        columns=[f.column for f in [*given, *rest]],
        rows=params,
    )


def write_rows(prepared: Iterable[PreparedRows]) -> None:
    """Insert prepared rows, one statement per ``PreparedRows``, on this thread's connection."""
    quote = connection.ops.quote_name
    for group in prepared:
        table = quote(group.model._meta.db_table)
        columns = ", ".join(quote(c) for c in group.columns)
        with connection.cursor() as cursor:
            if connection.vendor == "postgresql":
                # COPY streams the rows in one statement; executemany would cost PostgreSQL
                # a statement (and a round trip) per row. The raw cursor's errors are
                # wrapped as Django's (IntegrityError …), as Django's own cursor would.
                with (
                    connection.wrap_database_errors,
                    cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy,
                ):
                    for values in group.rows:
                        copy.write_row(values)
            else:
                marks = ", ".join(["%s"] * len(group.columns))
                cursor.executemany(
                    f"INSERT INTO {table} ({columns}) VALUES ({marks})",  # noqa: S608
                    group.rows,
                )


def gather_statistics() -> None:
    """Tell PostgreSQL's planner the sizes of tables just filled in this transaction.

    Autovacuum cannot see a transaction's rows before it commits. Without statistics the
    planner takes a table filled in bulk for a row or two and plans nested loops that run
    for minutes over thousands of rows. ANALYZE inside the transaction counts its own
    rows; it samples every table of the database (a second or two for the demo's). For
    setting up data (the demo), not for a request. Nothing to do on SQLite, whose planner
    needs no statistics for this.
    """
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("ANALYZE")
