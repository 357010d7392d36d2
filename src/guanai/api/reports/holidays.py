"""The holiday arrangement (节假日安排) through the API, as on its page: read by every system
administrator, entered by one of a county or a higher unit (``reports.holidays``).

A day travels as ``YYYY-MM-DD``; a pasted arrangement as the page's lines, refused whole
with every bad line named.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime
from typing import Annotated

from django.http import HttpRequest
from django.utils.translation import gettext as _
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.accounts.models import User
from guanai.api.auth import acting_user
from guanai.api.errors import ErrorOut
from guanai.api.schemas import READ_ERRORS, WRITE_ERRORS
from guanai.api.text import PlainText
from guanai.api.types import Date
from guanai.core.errors import PermissionRefused
from guanai.core.text import column_limit
from guanai.reports import holidays
from guanai.reports.models import HolidayKind, HolidayOverride
from guanai.reports.monthly import workdays

router = Router(tags=["reports"])

READ = {**READ_ERRORS, 403: ErrorOut}
NAME_LENGTH = column_limit(HolidayOverride, "name")
WRITE = {**READ_ERRORS, **WRITE_ERRORS}


def _reader(request: HttpRequest) -> User:
    user = acting_user(request)
    if not holidays.may_read_holidays(user):
        raise PermissionRefused(_("Only a system administrator reads the holiday arrangement."))
    return user


class YearQuery(Schema):
    year: int = Field(ge=2004, le=2100, description="The calendar year.")


class HolidayDayOut(Schema):
    day: date
    kind: HolidayKind
    name: str
    entered_by: str | None = Field(description="The administrator's username.")
    entered_at: datetime


def _day_out(row: HolidayOverride) -> HolidayDayOut:
    return HolidayDayOut(
        day=row.day,
        kind=HolidayKind(row.kind),
        name=row.name,
        entered_by=row.entered_by.username if row.entered_by else None,
        entered_at=row.entered_at,
    )


class HolidayYearOut(Schema):
    year: int
    library_knows: bool = Field(
        description="Whether the built-in calendar holds the State Council's arrangement."
    )
    days: list[HolidayDayOut] = Field(description="The days entered here, by date.")


@router.get("/reports/holidays", response={200: HolidayYearOut, **READ})
def holiday_list(request: HttpRequest, query: Query[YearQuery]) -> HolidayYearOut:
    """The days entered for a year, and whether the built-in calendar knows the year."""
    _reader(request)
    return HolidayYearOut(
        year=query.year,
        library_knows=workdays.library_knows(query.year),
        days=[_day_out(row) for row in holidays.holiday_overrides(query.year)],
    )


class ArrangementIn(Schema):
    text: Annotated[PlainText, Field(min_length=1, max_length=20_000)] = Field(
        examples=["2027-02-06 至 2027-02-12 春节 放假\n2027-02-14 上班"],
        description="One line a holiday (a date or a range, the name, 放假) or a working day "
        "(a date, 上班), as on the page.",
    )


class EnteredOut(Schema):
    added: int
    changed: int
    unchanged: int


@router.post("/reports/holidays/arrangement", response={200: EnteredOut, **WRITE})
def holiday_arrangement_enter(request: HttpRequest, payload: ArrangementIn) -> EnteredOut:
    """Enter a year's arrangement as lines; with a bad line nothing is entered and the
    message names every bad line."""
    entered = holidays.holiday_arrangement_enter(acting_user=_reader(request), text=payload.text)
    return EnteredOut(added=entered.added, changed=entered.changed, unchanged=entered.unchanged)


# Routed after the arrangement: the path ``{day}`` would take its last part for a day.
class HolidayDayIn(Schema):
    kind: HolidayKind
    name: Annotated[PlainText, Field(max_length=NAME_LENGTH)] = Field(
        "", description="The holiday's name as the notice writes it (春节); needed for a rest day."
    )


@router.put("/reports/holidays/{day}", response={200: HolidayDayOut, **WRITE})
def holiday_set(request: HttpRequest, day: Date, payload: HolidayDayIn) -> HolidayDayOut:
    """Enter a day as a rest day or a make-up working day; an entered day is replaced."""
    row = holidays.holiday_override_set(
        acting_user=_reader(request), day=day, kind=payload.kind.value, name=payload.name
    )
    return _day_out(row)


@router.delete("/reports/holidays/{day}", response={204: None, **WRITE})
def holiday_delete(request: HttpRequest, day: Date) -> Status:
    """Remove an entered day: the built-in calendar (or the weekday) decides it again."""
    holidays.holiday_override_delete(acting_user=_reader(request), day=day)
    return Status(204, None)
