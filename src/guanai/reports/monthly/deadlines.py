"""Who reports to whom, by when, and whether on time.

The deadline is day D (default 15) of the following month. When that day is a weekend or
a statutory holiday, the deadline moves to the next working day (春节, 国庆节: plan 八's
"每月15日前" cannot ask a township to report on the first day of the Spring Festival);
``workdays`` says which days are working days, from the library and the days the
administrator entered (``reports.holidays``). A function that works out many deadlines
takes one ``Calendar`` for all of them, so that each year's entered days are read once.

Both parts are set in ``ReportDeadline`` by the unit that receives the reports — the
county for its townships' reports, as it reviews them — and hold for every unit below it
until a unit below sets its own. Each part is inherited on its own: a county that keeps
the 15th of its prefecture can still turn the moving off. The nearest ancestor that set a
part decides it; without one, the 15th, moved (``DEFAULT_RULE``).

A report is on time when its *first* submission was on or before the (moved) deadline (a
return for correction does not make it late), late when after, missing when not submitted
once the deadline has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from enum import Enum

from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.core.months import month_start, next_month
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports.holidays.selectors import holiday_calendar
from guanai.reports.models import MonthlyReport, ReportDeadline
from guanai.reports.monthly.workdays import Calendar, Shift, first_working_day

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


@dataclass(frozen=True)
class DeadlineRule:
    """When a unit's reports fall due: day ``day`` of the following month, moved to the
    next working day when that is a rest day (``moves``)."""

    day: int = DEFAULT_DEADLINE_DAY
    moves: bool = True


DEFAULT_RULE = DeadlineRule()


def _rules(chains: dict[int, list[str]]) -> dict[int, DeadlineRule]:
    """Return key → the rule set along its chain of unit paths (root first), each part
    from the nearest unit that set it (one query)."""
    paths = {path for chain in chains.values() for path in chain}
    settings = {
        path: (day, moves)
        for path, day, moves in ReportDeadline.objects.filter(org_unit__path__in=paths).values_list(
            "org_unit__path", "day", "next_working_day"
        )
    }
    rules = {}
    for key, chain in chains.items():
        day, moves = DEFAULT_RULE.day, DEFAULT_RULE.moves
        for path in chain:  # root first: the nearest is applied last
            set_day, set_moves = settings.get(path, (None, None))
            day = set_day if set_day is not None else day
            moves = set_moves if set_moves is not None else moves
        rules[key] = DeadlineRule(day=day, moves=moves)
    return rules


def deadline_days(units: Iterable[OrgUnit]) -> dict[int, DeadlineRule]:
    """Return unit id → the deadline rule of its report, set by the units above it (one
    query)."""
    return _rules({unit.pk: unit.ancestor_paths()[:-1] for unit in units})


def rule_below(unit: OrgUnit) -> DeadlineRule:
    """Return the rule of the reports of the units directly below ``unit`` (one query)."""
    return _rules({unit.pk: unit.ancestor_paths()})[unit.pk]


def deadline_day(unit: OrgUnit) -> DeadlineRule:
    """Return the deadline rule of ``unit``'s reports (one query)."""
    return deadline_days([unit])[unit.pk]


@dataclass(frozen=True)
class Deadline:
    """The deadline of one report: the day the rule names, the day it falls due, and why
    they differ."""

    shift: Shift
    moves: bool

    @property
    def nominal(self) -> dt.date:
        return self.shift.nominal

    @property
    def due(self) -> dt.date:
        return self.shift.moved_to if self.moves else self.shift.nominal

    @property
    def moved(self) -> bool:
        return self.due != self.nominal

    @property
    def reason(self) -> str:
        """Return why the deadline moved ("因春节顺延"), or nothing when it did not."""
        if not self.moved:
            return ""
        if self.shift.holiday:
            return _("moved for %(holiday)s") % {"holiday": self.shift.holiday_name}
        return _("moved past the weekend")

    @property
    def calendar_unknown(self) -> bool:
        """Return whether the holidays of the deadline's year are unknown, so that only
        weekends were skipped (a holiday may still fall on the deadline)."""
        return self.moves and not self.shift.calendar_known

    @property
    def note(self) -> str:
        """Return that the holidays of the deadline's year are unknown, when they are."""
        if not self.calendar_unknown:
            return ""
        return _("the holidays of %(year)s are not known yet: only weekends are skipped") % {
            "year": self.due.year
        }

    @property
    def remark(self) -> str:
        """Return what to say beside the date: why it moved, and that holidays are
        unknown for its year; nothing when there is nothing to say."""
        if self.reason and self.note:
            return _("%(reason)s; %(note)s") % {"reason": self.reason, "note": self.note}
        return self.reason or self.note


def deadline_explained(
    month: dt.date, rule: DeadlineRule, calendar: Calendar | None = None
) -> Deadline:
    """Return the deadline of ``month``'s report under ``rule``, with why it moved
    (without a ``calendar``, one query for the entered holidays of each year passed)."""
    nominal = next_month(month_start(month)).replace(day=rule.day)
    return Deadline(
        shift=first_working_day(nominal, calendar or holiday_calendar()), moves=rule.moves
    )


def deadline_of(month: dt.date, rule: DeadlineRule, calendar: Calendar | None = None) -> dt.date:
    """Return the day ``month``'s report falls due under ``rule`` (moved past rest days
    when the rule says so)."""
    return deadline_explained(month, rule, calendar).due


def unit_deadline(unit: OrgUnit, month: dt.date, calendar: Calendar | None = None) -> Deadline:
    """Return the deadline of ``unit``'s report of ``month``, explained (two queries: the
    rule and the entered holidays)."""
    return deadline_explained(month, deadline_day(unit), calendar)


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
    # The rule of the sub-units' reports (all have the same parent, so the same rule).
    rule: DeadlineRule = DEFAULT_RULE

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


def subunit_overview(
    parent: OrgUnit,
    month: dt.date,
    *,
    today: dt.date | None = None,
    calendar: Calendar | None = None,
) -> Overview:
    """Return every reporting sub-unit with its report and timeliness (3 queries, and
    one for the entered holidays without a ``calendar`` that has read them)."""
    today = today or timezone.localdate()
    children = reporting_children(parent)
    reports = {
        r.org_unit_id: r for r in MonthlyReport.objects.filter(org_unit__in=children, month=month)
    }
    rule = deadline_day(children[0]) if children else DEFAULT_RULE
    deadline = deadline_of(month, rule, calendar)
    return Overview(
        [
            SubunitRow(
                unit=child,
                report=reports.get(child.pk),
                deadline=deadline,
                timeliness=timeliness(reports.get(child.pk), deadline, today),
            )
            for child in children
        ],
        rule=rule,
    )
