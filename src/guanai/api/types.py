"""Input types shared by every router: dates and yes/no values as a person writes them.

Pydantic's lax mode reads the integer ``0`` as 1970-01-01 (seconds since 1970) and as
``false``, and a string of digits as a timestamp too; a script sending the wrong field
would store a date nobody meant (issue 12). These types take a date only as
``YYYY-MM-DD`` text (or a ``date``), and a yes/no only as ``true``/``false``.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any

from django.utils import timezone
from django.utils.translation import gettext as _
from pydantic import BeforeValidator, WithJsonSchema
from pydantic_core import PydanticCustomError

_ISO_DATE = re.compile(r"[0-9]{4}-[0-9]{2}-[0-9]{2}")


def _date_text(value: Any) -> Any:
    """Pass a ``date`` or ``YYYY-MM-DD`` text on to pydantic; refuse anything else."""
    if isinstance(value, dt.datetime):
        raise PydanticCustomError("date_type", _("Enter a date as YYYY-MM-DD."))
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str) and _ISO_DATE.fullmatch(value.strip()):
        return value.strip()
    raise PydanticCustomError("date_type", _("Enter a date as YYYY-MM-DD."))


def _yes_no(value: Any) -> Any:
    """Pass ``true``/``false`` (JSON, or the words in a query string) on; refuse 0 and 1."""
    if isinstance(value, bool):
        return value
    if isinstance(value, str) and value.strip().lower() in ("true", "false"):
        return value.strip().lower() == "true"
    raise PydanticCustomError("bool_type", _("Enter true or false."))


Date = Annotated[
    dt.date,
    BeforeValidator(_date_text),
    WithJsonSchema({"type": "string", "format": "date"}),
]
Bool = Annotated[bool, BeforeValidator(_yes_no), WithJsonSchema({"type": "boolean"})]


_ISO_DATETIME = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}[T ][0-9]{2}:[0-9]{2}(:[0-9]{2}(\.[0-9]{1,6})?)?"
    r"(Z|[+-][0-9]{2}:?[0-9]{2})?"
)
# The years a time written to the API may fall in: outside them a time is a typing slip,
# and far outside them the database cannot hold it once moved to UTC.
DATETIME_YEARS = (1900, 2200)


def _datetime_text(value: Any) -> Any:
    """Return an aware datetime in UTC from ``YYYY-MM-DDTHH:MM`` text (with seconds and an
    offset if given; without an offset, in the server's time zone); refuse anything else."""
    message = _("Enter a date and time as YYYY-MM-DDTHH:MM.")
    if isinstance(value, dt.datetime):
        found = value
    elif isinstance(value, str) and _ISO_DATETIME.fullmatch(value.strip()):
        try:
            found = dt.datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
        except ValueError:
            raise PydanticCustomError("datetime_parsing", message) from None
    else:
        raise PydanticCustomError("datetime_type", message)
    if not DATETIME_YEARS[0] <= found.year <= DATETIME_YEARS[1]:
        raise PydanticCustomError("datetime_parsing", message)
    if found.tzinfo is None:
        found = timezone.make_aware(found)
    # In UTC: Python takes offsets up to ±24 h, PostgreSQL only up to ±15:59.
    return found.astimezone(dt.UTC)


DateTime = Annotated[
    dt.datetime,
    BeforeValidator(_datetime_text),
    WithJsonSchema({"type": "string", "format": "date-time"}),
]
