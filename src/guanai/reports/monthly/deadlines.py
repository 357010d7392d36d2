"""Who reports to whom, by when, and whether on time.

The deadline is day D (default 15, set by the nearest ancestor with a ``ReportDeadline``)
of the following month. A report is on time when its *first* submission was on or before
the deadline (a return for correction does not make it late), late when after, missing
when not submitted once the deadline has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from django.utils import timezone
from django.utils.translation import gettext_lazy

from guanai.core.months import month_start, next_month
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports.models import MonthlyReport, ReportDeadline

DEFAULT_DEADLINE_DAY = 15
REPORTING_KINDS = frozenset({OrgKind.PREFECTURE, OrgKind.COUNTY, OrgKind.TOWNSHIP})


def reports_up(unit: OrgUnit) -> bool:
    return unit.kind in REPORTING_KINDS and unit.parent_id is not None


def reporting_children(unit: OrgUnit) -> list[OrgUnit]:
    """Return the active sub-units that report to ``unit``, by name."""
    return list(
        OrgUnit.objects.filter(parent=unit, is_active=True, kind__in=REPORTING_KINDS).order_by(
            "path"
        )
    )


def deadline_days(units: Iterable[OrgUnit]) -> dict[int, int]:
    """Return unit id → the deadline day of its report: the nearest ancestor's setting."""
    units = list(units)
    above = {path for unit in units for path in unit.ancestor_paths()[:-1]}
    settings = dict(
        ReportDeadline.objects.filter(org_unit__path__in=above).values_list("org_unit__path", "day")
    )
    days = {}
    for unit in units:
        found = [settings[p] for p in unit.ancestor_paths()[:-1] if p in settings]
        days[unit.pk] = found[-1] if found else DEFAULT_DEADLINE_DAY
    return days


def deadline_day(unit: OrgUnit) -> int:
    return deadline_days([unit])[unit.pk]


def deadline_of(month: dt.date, day: int) -> dt.date:
    return next_month(month_start(month)).replace(day=day)


class Timeliness(Enum):
    ON_TIME = "on_time"
    LATE = "late"
    MISSING = "missing"
    PENDING = "pending"  # not submitted, and the deadline has not passed

    @property
    def label(self) -> str:
        return str(TIMELINESS_LABELS[self])


TIMELINESS_LABELS = {
    Timeliness.ON_TIME: gettext_lazy("On time"),
    Timeliness.LATE: gettext_lazy("Late"),
    Timeliness.MISSING: gettext_lazy("Missing"),
    Timeliness.PENDING: gettext_lazy("Not yet due"),
}


def timeliness(report: MonthlyReport | None, deadline: dt.date, today: dt.date) -> Timeliness:
    first = report.first_submitted_at if report is not None else None
    if first is None:
        return Timeliness.MISSING if today > deadline else Timeliness.PENDING
    submitted_on = timezone.localdate(first)
    return Timeliness.ON_TIME if submitted_on <= deadline else Timeliness.LATE


@dataclass(frozen=True)
class SubunitRow:
    unit: OrgUnit
    report: MonthlyReport | None
    deadline: dt.date
    timeliness: Timeliness


@dataclass(frozen=True)
class Overview:
    """A parent's view of its sub-units' reports for one month."""

    rows: list[SubunitRow]

    @property
    def expected(self) -> int:
        return len(self.rows)

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.report is not None and r.report.first_submitted_at)

    @property
    def completeness(self) -> int:
        """Return the share of sub-units that submitted, in whole percent."""
        return round(100 * self.submitted / self.expected) if self.expected else 100

    def count(self, kind: Timeliness) -> int:
        return sum(1 for r in self.rows if r.timeliness is kind)


def subunit_overview(parent: OrgUnit, month: dt.date, *, today: dt.date | None = None) -> Overview:
    """Return every reporting sub-unit with its report and timeliness (3 queries)."""
    today = today or timezone.localdate()
    children = reporting_children(parent)
    reports = {
        r.org_unit_id: r for r in MonthlyReport.objects.filter(org_unit__in=children, month=month)
    }
    day = deadline_day(children[0]) if children else DEFAULT_DEADLINE_DAY
    deadline = deadline_of(month, day)
    return Overview(
        [
            SubunitRow(
                unit=child,
                report=reports.get(child.pk),
                deadline=deadline,
                timeliness=timeliness(reports.get(child.pk), deadline, today),
            )
            for child in children
        ]
    )
