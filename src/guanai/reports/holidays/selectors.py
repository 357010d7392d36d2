"""Reads of the holiday arrangement: the calendar the deadlines use, and the page's lists.

The table holds a few dozen rows a year and is the same for every user: nothing here is
scoped (``access`` decides who opens the page).
"""

from __future__ import annotations

from django.db.models import QuerySet

from guanai.reports.models import HolidayKind, HolidayOverride
from guanai.reports.monthly.workdays import Calendar, OverrideDay


def _override_days(year: int) -> list[OverrideDay]:
    return [
        OverrideDay(day=day, rest=kind == HolidayKind.REST, name=name)
        for day, kind, name in HolidayOverride.objects.filter(day__year=year).values_list(
            "day", "kind", "name"
        )
    ]


def holiday_calendar() -> Calendar:
    """Return the working-day calendar with the administrator's days, each year's read
    once (one query a year asked about). Make one per page or task and pass it down."""
    return Calendar(_override_days)


def holiday_overrides(year: int) -> QuerySet[HolidayOverride]:
    """Return the days entered for ``year``, in date order, with who entered them."""
    return (
        HolidayOverride.objects.filter(day__year=year).select_related("entered_by").order_by("day")
    )


def holiday_years() -> list[int]:
    """Return the years that have days entered, the earliest first."""
    return [d.year for d in HolidayOverride.objects.dates("day", "year")]
