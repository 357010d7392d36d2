"""Monthly reports (月报): pre-filled, changed only with a reason, submitted up the tree.

Plan 八: "必须在每月15日前将每月爱心帮扶活动情况报送至县……再由县……汇总后上报".

* **Who reports.** Units of the administrative kinds (prefecture, county, township)
  report to their parent; villages, schools and institutions are where the data comes
  from and report nothing of their own.
* **Pre-filled figures.** A unit without reporting sub-units (a township) gets its
  subtree's figures from the data (``figures.month_figures``). A unit with reporting
  sub-units (a county) gets the sum of their *accepted* reports, plus the figures of its
  own rows outside them (persons of its offices and institutions), from the fact table.
  A sub-unit not yet accepted adds nothing and shows as missing.
* **Changes.** A figure may be changed by hand only with a reason; the change and its
  reason stay on the report and travel with it.
* **Timeliness.** The deadline is day D (default 15, set by the nearest ancestor with a
  ``ReportDeadline``) of the following month. A report is on time when its *first*
  submission was on or before the deadline (a return for correction does not make it
  late), late when after, missing when not submitted once the deadline has passed.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from enum import Enum
from typing import Any

from django.db import transaction
from django.db.models import QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused, StaleEdit, ValidationFailed
from guanai.core.text import fits, within
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.registry.models import Category
from guanai.reports.facts import CATEGORY_PREFIX, facts_by_unit
from guanai.reports.figures import AMOUNTS, Month, month_figures, month_starting
from guanai.reports.models import FigureChange, MonthlyReport, ReportDeadline, ReportStatus

DEFAULT_DEADLINE_DAY = 15
NARRATIVE_LENGTH = 5000  # the narrative is a TextField: this limit is the report's, not a column's
REMIND_DAYS = 3
REPORTING_KINDS = frozenset({OrgKind.PREFECTURE, OrgKind.COUNTY, OrgKind.TOWNSHIP})

# The figures of a report in the order the form shows them.
FIGURE_LABELS: dict[str, Any] = {
    **{
        f"{CATEGORY_PREFIX}{code}": gettext_lazy("Persons: %(category)s") % {"category": label}
        for code, label in Category.choices
    },
    "persons_total": gettext_lazy("Persons on file"),
    "files_new": gettext_lazy("New files"),
    "files_closed": gettext_lazy("Closed files"),
    "pairings_active": gettext_lazy("Pairings"),
    "persons_paired": gettext_lazy("Persons paired"),
    "pairings_new": gettext_lazy("New pairings"),
    "care_records": gettext_lazy("Care records"),
    "talks": gettext_lazy("Heart-to-heart talks"),
    "visits": gettext_lazy("Home visits"),
    "plans_active": gettext_lazy("Assistance plans running"),
    "plans_new": gettext_lazy("New assistance plans"),
    "benefits_paid": gettext_lazy("Benefits paid (¥)"),
    "persons_paid": gettext_lazy("Persons paid"),
    "medical_claims": gettext_lazy("Medical-assistance claims"),
    "medical_assistance_paid": gettext_lazy("Medical assistance (¥)"),
}
FIGURES = tuple(FIGURE_LABELS)


def _number(name: str, value: Decimal | int) -> str:
    """Store a figure as text: amounts with two decimals, counts as whole numbers."""
    if name in AMOUNTS:
        return f"{Decimal(value):.2f}"
    return str(int(value))


def flat_figures(unit: OrgUnit, month: Month) -> dict[str, str]:
    """Return the unit's figures from the data, flattened to ``FIGURES`` as text."""
    live = month_figures(unit, month)
    values: dict[str, Decimal | int] = {
        f"{CATEGORY_PREFIX}{code}": n for code, n in live["persons_by_category"].items()
    }
    values.update({name: live[name] for name in FIGURES if name in live})
    return {name: _number(name, values.get(name, 0)) for name in FIGURES}


# --- Who reports to whom, and by when ---------------------------------------------------


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
    following = (month.replace(day=1) + dt.timedelta(days=32)).replace(day=1)
    return following.replace(day=day)


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


# --- Reading and permissions ----------------------------------------------------------


def reports_visible(user: User) -> Any:
    """Return the reports of units in the user's roster subtrees (leader, worker, viewer)."""
    return MonthlyReport.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
    ).select_related("org_unit")


def access_report(user: User, pk: int) -> MonthlyReport:
    report = reports_visible(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def access_unit(user: User, pk: int) -> OrgUnit:
    """Return a unit of the user's roster subtrees (leaders, workers, viewers), else 404."""
    unit = OrgUnit.objects.filter(scoping.roster_subtree_q(user, field="path"), pk=pk).first()
    if unit is None:
        raise Http404
    return unit


def require_reader(user: User) -> None:
    """Refuse users who hold no roster role (helpers, volunteers, the admin roles)."""
    if not scoping.units_for(user, scoping.ROSTER_ROLES):
        raise PermissionRefused(_("Reports are read by leaders, workers and viewers."))


def can_fill(user: User, unit: OrgUnit) -> bool:
    """Leaders and workers of the unit (or above it) fill and submit its report."""
    return scoping.holds_role_over(user, unit, scoping.ROSTER_EDITORS)


# Who reviews a report: the leaders, workers and viewers (上级查看, who "return reports for
# correction", DESIGN §1) of the unit directly above the report's unit. Every level
# reviews the level below it: the prefecture a county's report, the county a township's.
REVIEW_ROLES = frozenset({Role.LEADER, Role.WORKER, Role.VIEWER})


def can_review(user: User, unit: OrgUnit) -> bool:
    """Return whether ``user`` reviews the reports of ``unit``: a leader, worker or viewer
    of the unit directly above it."""
    if unit.parent_id is None:
        return False
    return any(u.pk == unit.parent_id for u in scoping.units_for(user, REVIEW_ROLES))


def may_review(user: User, report: MonthlyReport) -> bool:
    """Return whether ``user`` may accept or return ``report`` now: a reviewer of its unit
    who did not submit it (a county worker may fill a township's report, not pass it too)."""
    return (
        report.status == ReportStatus.SUBMITTED
        and can_review(user, report.org_unit)
        and report.submitted_by_id != user.pk
    )


def reporting_units_for(user: User) -> list[OrgUnit]:
    """Return the units whose reports the user fills: their reporting units and below."""
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    if not units:
        return []
    return list(
        OrgUnit.objects.filter(
            scoping.subtree_q(units), kind__in=REPORTING_KINDS, is_active=True, parent__isnull=False
        ).order_by("path")
    )


def index_units(user: User) -> QuerySet[OrgUnit]:
    """Return the reporting units in the user's subtrees (leaders, workers, viewers), all of
    them in order: the page shows them a page at a time."""
    units = scoping.units_for(user, scoping.ROSTER_ROLES)
    if not units:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(
        scoping.subtree_q(units), kind__in=REPORTING_KINDS, is_active=True, parent__isnull=False
    ).order_by("path")


# --- Pre-filling -------------------------------------------------------------------------


def _sum_into(total: dict[str, Decimal], figures: dict[str, Any], sign: int = 1) -> None:
    for name in FIGURES:
        try:
            total[name] += sign * Decimal(str(figures.get(name, 0) or 0))
        except InvalidOperation:
            continue


def computed_figures(unit: OrgUnit, month: Month) -> dict[str, str]:
    """Return the figures a report of ``unit`` is pre-filled with (see the module doc)."""
    children = reporting_children(unit)
    if not children:
        return flat_figures(unit, month)
    total: dict[str, Decimal] = dict.fromkeys(FIGURES, Decimal(0))
    accepted = MonthlyReport.objects.filter(
        org_unit__in=children, month=month.first, status=ReportStatus.ACCEPTED
    )
    for report in accepted:
        _sum_into(total, report.figures)
    # The unit's own rows: its subtree's facts less its reporting sub-units' subtrees.
    facts = facts_by_unit([unit, *children], month.first, FIGURES)
    _sum_into(total, facts[unit.pk])
    for child in children:
        _sum_into(total, facts[child.pk], sign=-1)
    return {name: _number(name, max(total[name], Decimal(0))) for name in FIGURES}


def _reported(computed: dict[str, str], changes: Iterable[FigureChange]) -> dict[str, str]:
    figures = dict(computed)
    for change in changes:
        figures[change.figure] = _number(change.figure, change.value)
    return figures


def _editable(report: MonthlyReport) -> bool:
    return report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _require_fill(acting_user: User, unit: OrgUnit) -> None:
    if not can_fill(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit fill its report."))


def _require_version(report: MonthlyReport, version: int) -> None:
    if report.version != version:
        raise StaleEdit(
            _("Someone else changed this report after you opened it. Reload it and try again.")
        )


@transaction.atomic
def report_open(
    *, acting_user: User, unit: OrgUnit, month: dt.date, today: dt.date | None = None
) -> MonthlyReport:
    """Return the unit's report for the month, creating it as a draft; refresh a draft's
    figures from the data (changes by hand are kept)."""
    if not reports_up(unit):
        raise ValidationFailed(_("This unit does not send monthly reports."))
    period = month_starting(month.replace(day=1), today=today)
    report = MonthlyReport.objects.select_for_update().filter(org_unit=unit, month=period.first)
    current = report.first()
    if current is None:
        _require_fill(acting_user, unit)
        current = MonthlyReport(
            org_unit=unit,
            month=period.first,
            deadline=deadline_of(period.first, deadline_day(unit)),
        )
    elif not _editable(current):
        return current
    current.computed = computed_figures(unit, period)
    current.figures = _reported(current.computed, current.changes.all() if current.pk else [])
    if current.first_submitted_at is None:
        current.deadline = deadline_of(period.first, deadline_day(unit))
    current.save()
    return current


@transaction.atomic
def report_change_figure(
    *,
    acting_user: User,
    report: MonthlyReport,
    version: int,
    figure: str,
    value: object,
    reason: str,
) -> MonthlyReport:
    """Change one figure by hand; refused without a reason, which stays on the report."""
    current = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    _require_fill(acting_user, current.org_unit)
    _require_version(current, version)
    if not _editable(current):
        raise ValidationFailed(_("A submitted or accepted report cannot be changed."))
    if figure not in FIGURE_LABELS:
        raise ValidationFailed(_("Choose a figure of the report."), field="figure")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed(
            _("Say why the figure differs from the data; the reason stays on the report."),
            field="reason",
        )
    fits(reason, FigureChange, "reason")
    try:
        number = Decimal(str(value).strip().replace(",", ""))
    except InvalidOperation:
        raise ValidationFailed(_("Enter a number."), field="value") from None
    if not number.is_finite() or number < 0:
        raise ValidationFailed(_("Enter a number that is not negative."), field="value")
    if figure not in AMOUNTS and number != number.to_integral_value():
        raise ValidationFailed(_("This figure is a count: enter a whole number."), field="value")
    if number >= Decimal("1e13"):
        raise ValidationFailed(_("This number is too large."), field="value")
    FigureChange.objects.create(
        report=current,
        figure=figure,
        computed=Decimal(current.computed.get(figure, "0")),
        value=number,
        reason=reason,
        changed_by=acting_user,
    )
    current.figures = _reported(current.computed, current.changes.all())
    current.version += 1
    current.save()
    return current


@transaction.atomic
def report_save_narrative(
    *, acting_user: User, report: MonthlyReport, version: int, narrative: str
) -> MonthlyReport:
    current = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    _require_fill(acting_user, current.org_unit)
    _require_version(current, version)
    if not _editable(current):
        raise ValidationFailed(_("A submitted or accepted report cannot be changed."))
    current.narrative = within(narrative.strip(), NARRATIVE_LENGTH, field="narrative")
    current.version += 1
    current.save()
    return current


@transaction.atomic
def report_submit(*, acting_user: User, report: MonthlyReport, version: int) -> MonthlyReport:
    """Send the report to the unit above; the first submission fixes its timeliness."""
    current = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    _require_fill(acting_user, current.org_unit)
    _require_version(current, version)
    if not _editable(current):
        raise ValidationFailed(_("This report has been submitted already."))
    now = timezone.now()
    current.status = ReportStatus.SUBMITTED
    current.submitted_at = now
    current.submitted_by = acting_user
    if current.first_submitted_at is None:
        current.first_submitted_at = now
    current.version += 1
    current.save()
    return current


def _review(acting_user: User, report: MonthlyReport, version: int) -> MonthlyReport:
    current = MonthlyReport.objects.select_for_update().get(pk=report.pk)
    if not can_review(acting_user, current.org_unit):
        raise PermissionRefused(_("Only the unit directly above reviews this report."))
    if current.submitted_by_id == acting_user.pk:
        raise PermissionRefused(_("You submitted this report; someone else reviews it."))
    _require_version(current, version)
    if current.status != ReportStatus.SUBMITTED:
        raise ValidationFailed(_("Only a submitted report can be reviewed."))
    current.reviewed_at = timezone.now()
    current.reviewed_by = acting_user
    current.version += 1
    return current


@transaction.atomic
def report_return(
    *, acting_user: User, report: MonthlyReport, version: int, comment: str
) -> MonthlyReport:
    """Send the report back for correction with a comment the unit sees."""
    comment = " ".join((comment or "").split())
    if not comment:
        raise ValidationFailed(_("Say what needs correcting."), field="comment")
    fits(comment, MonthlyReport, "return_comment", field="comment")
    current = _review(acting_user, report, version)
    current.status = ReportStatus.RETURNED
    current.return_comment = comment
    current.save()
    return current


@transaction.atomic
def report_accept(*, acting_user: User, report: MonthlyReport, version: int) -> MonthlyReport:
    current = _review(acting_user, report, version)
    current.status = ReportStatus.ACCEPTED
    current.save()
    return current


@transaction.atomic
def deadline_set(*, acting_user: User, unit: OrgUnit, day: int) -> ReportDeadline:
    """Set the deadline day for the reports of the units below ``unit`` (leaders only)."""
    if not scoping.holds_role_over(acting_user, unit, [Role.LEADER]):
        raise PermissionRefused(_("Only a leader of this unit sets its report deadline."))
    if not isinstance(day, int) or not 1 <= day <= 28:
        raise ValidationFailed(_("Choose a day from 1 to 28."), field="day")
    setting, _created = ReportDeadline.objects.update_or_create(
        org_unit=unit, defaults={"day": day, "set_by": acting_user}
    )
    return setting


@dataclass(frozen=True)
class Reminder:
    unit: OrgUnit
    month: dt.date
    deadline: dt.date

    @property
    def days_left(self) -> int:
        return (self.deadline - timezone.localdate()).days


@dataclass(frozen=True)
class Reminders:
    """The first reminders a page shows, and how many more there are (none left out unsaid)."""

    shown: list[Reminder]
    more: int


REMINDERS_SHOWN = 5


def reminders_shown(user: User, *, today: dt.date | None = None) -> Reminders:
    due = reminders_due(user, today=today)
    return Reminders(due[:REMINDERS_SHOWN], max(len(due) - REMINDERS_SHOWN, 0))


def reminders_due(user: User, *, today: dt.date | None = None) -> list[Reminder]:
    """Return last month's reports the user must still submit, due within three days."""
    today = today or timezone.localdate()
    month = (today.replace(day=1) - dt.timedelta(days=1)).replace(day=1)
    units = reporting_units_for(user)
    if not units:
        return []
    done = set(
        MonthlyReport.objects.filter(
            org_unit__in=units, month=month, first_submitted_at__isnull=False
        ).values_list("org_unit_id", flat=True)
    )
    days = deadline_days(units)
    due = []
    for unit in units:
        if unit.pk in done:
            continue
        deadline = deadline_of(month, days[unit.pk])
        if 0 <= (deadline - today).days <= REMIND_DAYS:
            due.append(Reminder(unit, month, deadline))
    return due
