"""The short texts of giving — items, names, reasons — cleaned and checked one way."""

from __future__ import annotations

from datetime import date

from django.db.models import Model
from django.utils import timezone

from guanai.core.dates import check_plausible_day
from guanai.core.errors import ValidationFailed
from guanai.core.names import check_name_characters
from guanai.core.text import fits


def words(text: str, model: type[Model], name: str, *, field: str, required: str = "") -> str:
    """Return ``text`` with its runs of spaces made one, refused when too long for the
    column (never cut) or, when ``required`` gives the message, when empty."""
    cleaned = " ".join((text or "").split())
    if required and not cleaned:
        raise ValidationFailed(required, field=field)
    check_name_characters(cleaned, field=field)
    return fits(cleaned, model, name, field=field)


def day_clean(on: date | None, *, field: str) -> date:
    """Return ``on`` (today when missing), refused when in the future or before 1900."""
    if on is None:
        return timezone.localdate()
    return check_plausible_day(on, field=field)
