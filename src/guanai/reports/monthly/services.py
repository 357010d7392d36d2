"""Monthly reports (月报): opened pre-filled, changed only with a reason, submitted up the tree.

Plan 八: "必须在每月15日前将每月爱心帮扶活动情况报送至县……再由县……汇总后上报".

A figure may be changed by hand only with a reason; the change and its reason stay on the
report and travel with it. Submitting, returning and accepting a report each write an
audit event (issue 13, point 5).
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.core.money import parse_money
from guanai.core.months import month_label, month_start
from guanai.core.numbers import parse_count, parse_decimal
from guanai.core.text import fits, within
from guanai.orgs.models import OrgUnit
from guanai.reports.figures import AMOUNTS, HALVES, month_starting
from guanai.reports.models import FigureChange, MonthlyReport, ReportDeadline, ReportStatus
from guanai.reports.monthly.access import can_fill, can_review, can_set_deadline
from guanai.reports.monthly.catalogue import FIGURE_LABELS, HALF, NARRATIVE_LENGTH
from guanai.reports.monthly.deadlines import deadline_day, deadline_of, reports_up
from guanai.reports.monthly.prefill import computed_figures, reported_figures

# Larger than any figure a prefecture reports; keeps a typo of extra digits out.
FIGURE_MAXIMUM = 10**13 - 1
# The fields a stale save names, read from the audit trail.
STALE_NAMED = ("narrative", "status", "return_comment")


def _editable(report: MonthlyReport) -> bool:
    return report.status in (ReportStatus.DRAFT, ReportStatus.RETURNED)


def _require_fill(acting_user: User, unit: OrgUnit) -> None:
    if not can_fill(acting_user, unit):
        raise PermissionRefused(_("Only leaders and workers of this unit fill its report."))


def _require_version(report: MonthlyReport, version: int) -> None:
    # A save that changed none of STALE_NAMED changed the figures (their column has no
    # name a clerk reads, and each figure change is a save of its own).
    refuse_stale(
        report,
        version,
        message=_(
            "Someone else saved this report after you opened it (changed: %(fields)s). "
            "Reload it and try again."
        ),
        fields=STALE_NAMED,
        nothing_named=_("the figures"),
    )


def _audited(
    acting_user: User, action: AuditAction, report: MonthlyReport, **detail: object
) -> None:
    access_log(
        user=acting_user,
        action=action,
        obj=report,
        detail={
            "unit": report.org_unit_id,
            "month": month_label(report.month),
            "version": report.version,
            **detail,
        },
    )


@transaction.atomic
def report_open(
    *, acting_user: User, unit: OrgUnit, month: dt.date, today: dt.date | None = None
) -> MonthlyReport:
    """Return the unit's report for the month, creating it as a draft; refresh a draft's
    figures from the data (changes by hand are kept)."""
    if not reports_up(unit):
        raise ValidationFailed(_("This unit does not send monthly reports."))
    period = month_starting(month_start(month), today=today)
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
    current.figures = reported_figures(
        current.computed, current.changes.all() if current.pk else []
    )
    if current.first_submitted_at is None:
        current.deadline = deadline_of(period.first, deadline_day(unit))
    current.save()
    return current


def _figure_value(figure: str, value: object) -> Decimal:
    """Read a figure typed by hand: an amount by the money rule, hours to the half hour,
    a count as a whole number."""
    if figure in AMOUNTS:
        return parse_money(value, field="value", maximum=Decimal(FIGURE_MAXIMUM))
    if figure in HALVES:
        hours = parse_decimal(value, field="value", places=1, maximum=Decimal(FIGURE_MAXIMUM))
        if hours % HALF:
            raise ValidationFailed(
                _("Hours are counted to the half hour: write 12 or 12.5."), field="value"
            )
        return hours
    return Decimal(parse_count(value, field="value", maximum=FIGURE_MAXIMUM))


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
    number = _figure_value(figure, value)
    FigureChange.objects.create(
        report=current,
        figure=figure,
        computed=Decimal(current.computed.get(figure, "0")),
        value=number,
        reason=reason,
        changed_by=acting_user,
    )
    current.figures = reported_figures(current.computed, current.changes.all())
    bump(current)
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
    bump(current)
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
    first = current.first_submitted_at is None
    current.status = ReportStatus.SUBMITTED
    current.submitted_at = now
    current.submitted_by = acting_user
    if first:
        current.first_submitted_at = now
    bump(current)
    current.save()
    _audited(acting_user, AuditAction.REPORT_SUBMIT, current, first=first)
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
    bump(current)
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
    _audited(acting_user, AuditAction.REPORT_RETURN, current, comment=comment)
    return current


@transaction.atomic
def report_accept(*, acting_user: User, report: MonthlyReport, version: int) -> MonthlyReport:
    """Accept a submitted report: its figures now count in the report of the unit above."""
    current = _review(acting_user, report, version)
    current.status = ReportStatus.ACCEPTED
    current.save()
    _audited(acting_user, AuditAction.REPORT_ACCEPT, current)
    return current


@transaction.atomic
def deadline_set(*, acting_user: User, unit: OrgUnit, day: int) -> ReportDeadline:
    """Set the deadline day for the reports of the units below ``unit`` (leaders only)."""
    if not can_set_deadline(acting_user, unit):
        raise PermissionRefused(_("Only a leader of this unit sets its report deadline."))
    if not isinstance(day, int) or not 1 <= day <= 28:
        raise ValidationFailed(_("Choose a day from 1 to 28."), field="day")
    setting, _created = ReportDeadline.objects.update_or_create(
        org_unit=unit, defaults={"day": day, "set_by": acting_user}
    )
    return setting
