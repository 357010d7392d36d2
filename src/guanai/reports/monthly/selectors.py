"""What the monthly report pages read: the index rows, a unit's month, a report's figures.

Every function takes a user or a unit already fetched through ``access``; none of them
widens what the caller may see.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.core.paginator import Page
from django.utils import timezone

from guanai.accounts.models import User
from guanai.core.paging import page_of
from guanai.orgs.models import OrgUnit
from guanai.reports.figures import AMOUNTS
from guanai.reports.holidays.selectors import holiday_calendar
from guanai.reports.models import MonthlyReport
from guanai.reports.monthly.access import index_units
from guanai.reports.monthly.catalogue import FIGURE_LABELS
from guanai.reports.monthly.deadlines import (
    Overview,
    Timeliness,
    deadline_day,
    deadline_days,
    deadline_of,
    subunit_overview,
    timeliness,
)


@dataclass(frozen=True)
class IndexRow:
    unit: OrgUnit
    report: MonthlyReport | None
    deadline: dt.date
    timeliness: Timeliness


def index_page(
    user: User, month: dt.date, number: str | None
) -> tuple[Page[OrgUnit], list[IndexRow]]:
    """Return one page of the reporting units the user sees, each with its report of the
    month, its deadline and timeliness (5 queries whatever the page size)."""
    # A province has thousands of reporting units: they are paged.
    page = page_of(index_units(user), number)
    units = list(page)
    reports = {
        r.org_unit_id: r for r in MonthlyReport.objects.filter(org_unit__in=units, month=month)
    }
    days = deadline_days(units)
    calendar = holiday_calendar()
    today = timezone.localdate()
    rows = []
    for unit in units:
        deadline = deadline_of(month, days[unit.pk], calendar)
        report = reports.get(unit.pk)
        rows.append(IndexRow(unit, report, deadline, timeliness(report, deadline, today)))
    return page, rows


@dataclass(frozen=True)
class UnitMonth:
    """A unit's month: its own report (if any), its deadline, its sub-units' reports."""

    report: MonthlyReport | None
    deadline: dt.date
    timeliness: Timeliness
    overview: Overview


def unit_month(unit: OrgUnit, month: dt.date) -> UnitMonth:
    """Return ``unit``'s report of ``month`` and the overview of its sub-units' reports."""
    report = MonthlyReport.objects.filter(org_unit=unit, month=month).first()
    calendar = holiday_calendar()
    deadline = (
        report.deadline if report is not None else deadline_of(month, deadline_day(unit), calendar)
    )
    return UnitMonth(
        report=report,
        deadline=deadline,
        timeliness=timeliness(report, deadline, timezone.localdate()),
        overview=subunit_overview(unit, month, calendar=calendar),
    )


def figure_rows(report: MonthlyReport) -> list[dict[str, Any]]:
    """Return every figure of the report with its computed and reported value and the
    changes made by hand, in the order the form shows them."""
    changes: dict[str, list[Any]] = {}
    for change in report.changes.select_related("changed_by"):
        changes.setdefault(change.figure, []).append(change)
    return [
        {
            "name": name,
            "label": label,
            "computed": report.computed.get(name, "0"),
            "reported": report.figures.get(name, "0"),
            "changed": report.figures.get(name) != report.computed.get(name),
            "changes": changes.get(name, []),
            "amount": name in AMOUNTS,
        }
        for name, label in FIGURE_LABELS.items()
    ]
