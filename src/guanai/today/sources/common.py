"""What every source uses: dates as the pages show them, and the batch of the first tasks."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime

from django.utils import formats, timezone

from guanai.accounts.models import User
from guanai.today.items import SHOWN, Batch, Task

Source = Callable[[User, date], Batch]


def day(value: date | datetime | None) -> str:
    """Return a date as the pages show it (the locale's DATE_FORMAT)."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        value = timezone.localdate(value)
    return str(formats.date_format(value, "DATE_FORMAT"))


def year_month(value: date) -> str:
    return str(formats.date_format(value, "YEAR_MONTH_FORMAT"))


def first(tasks: list[Task], total: int, label: str, url: str) -> Batch:
    tasks = sorted(tasks, key=lambda t: t.urgency)
    return Batch(tasks[:SHOWN], total, label, url)
