"""Who reads, fills and reviews monthly reports; reports and units fetched with that check."""

from __future__ import annotations

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgUnit
from guanai.reports.models import MonthlyReport, ReportStatus
from guanai.reports.monthly.deadlines import REPORTING_KINDS

# Who reviews a report: the leaders, workers and viewers (上级查看, who "return reports for
# correction", DESIGN §1) of the unit directly above the report's unit. Every level
# reviews the level below it: the prefecture a county's report, the county a township's.
REVIEW_ROLES = frozenset({Role.LEADER, Role.WORKER, Role.VIEWER})


def reports_visible(user: User) -> QuerySet[MonthlyReport]:
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


def can_set_deadline(user: User, unit: OrgUnit) -> bool:
    """Leaders of the unit (or above it) set the deadline of the reports below it."""
    return scoping.holds_role_over(user, unit, [Role.LEADER])


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
