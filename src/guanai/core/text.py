"""One rule for text a user writes: refuse what does not fit, never cut it.

A service that stores text checks its length here, so that the page and the API refuse the
same input with the same message, naming the limit. The limit of a column is read from the
model field, not copied into the service; a ``TextField`` (no column limit) passes its own.
"""

from __future__ import annotations

from django.db.models import Model
from django.utils.translation import gettext as _

from guanai.core.errors import ValidationFailed


def column_limit(model: type[Model], name: str) -> int:
    """Return the ``max_length`` of ``model.name``; a field without one is a programming error."""
    limit = getattr(model._meta.get_field(name), "max_length", None)
    if not isinstance(limit, int):
        raise TypeError(f"{model.__name__}.{name} has no max_length")
    return limit


def within(text: str, limit: int, *, field: str | None = None) -> str:
    """Return ``text`` unchanged if it has at most ``limit`` characters; refuse it otherwise."""
    if len(text) > limit:
        raise ValidationFailed(
            _("Write at most %(count)s characters here.") % {"count": limit}, field=field
        )
    return text


def fits(text: str, model: type[Model], name: str, *, field: str | None = None) -> str:
    """Return ``text`` if it fits the column ``model.name``; refuse it otherwise.

    ``field`` names the input the message belongs to (default: the column's name).
    """
    return within(text, column_limit(model, name), field=field or name)


# How much of a wrong value a message quotes back.
QUOTE_MAX = 40


def quoted(value: object, limit: int = QUOTE_MAX) -> str:
    """Return what someone typed, to quote in a message about it: past ``limit`` characters
    it is shortened with a visible "…". Nothing quoted is stored; a long paste quoted whole
    would hide the message's advice."""
    text = str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"
