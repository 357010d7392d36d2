"""Who reads, sends and reviews which information reports.

The staff of a unit (leaders, workers, viewers) read the items of their subtree, whatever
their status; everyone with a data role reads the items published by a unit containing
theirs. Leaders and workers send the items of their units and below; someone of a unit
strictly above an item, who did not send it, reviews it. Anything else is ``Http404``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, User
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import is_inside
from guanai.reports.models import InfoPhoto, InfoReport, InfoStatus


def _reader_units(user: User) -> list[OrgUnit]:
    """Units whose subtree the user reads published items of (not the admin roles)."""
    return scoping.units_for(user, DATA_ROLES)


def published_q(user: User) -> Q:
    """Return the filter for items published by a unit containing one of the user's."""
    return Q(status=InfoStatus.PUBLISHED) & scoping.sent_down_q(
        user, field="published_unit__path", roles=DATA_ROLES
    )


def reports_visible(user: User) -> QuerySet[InfoReport]:
    """Return the items of the user's roster subtrees (any status) and those published
    to them."""
    return InfoReport.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path") | published_q(user)
    ).select_related("org_unit")


def reads_published(user: User) -> bool:
    """Return whether the user reads what the units above publish (the data roles)."""
    return bool(_reader_units(user))


def timeliness_units_for(user: User) -> list[OrgUnit]:
    """Return the user's own units (leaders, workers, viewers): each has a timeliness
    page of the units below it."""
    return scoping.units_for(user, scoping.ROSTER_ROLES)


def access_report(user: User, pk: int) -> InfoReport:
    """Return an item the user may read, or raise Http404."""
    report = reports_visible(user).filter(pk=pk).first()
    if report is None:
        raise Http404
    return report


def access_photo(user: User, pk: int) -> InfoPhoto:
    """Return a photo of an item the user may read, else raise Http404."""
    photo = (
        InfoPhoto.objects.filter(
            pk=pk,
            report__in=reports_visible(user).values("pk"),
        )
        .select_related("report")
        .first()
    )
    if photo is None:
        raise Http404
    return photo


def can_submit(user: User, unit: OrgUnit) -> bool:
    """Leaders and workers of the unit (or above it) send its reports."""
    return scoping.holds_role_over(user, unit, scoping.ROSTER_EDITORS)


def reviewing_unit(user: User, report: InfoReport) -> OrgUnit | None:
    """Return the user's nearest unit strictly above the report's unit (leader or worker),
    which reviews and publishes it; None if the user reviews nothing here.

    It asks a different question from scoping's ``holds_role_over`` ("may the user act on
    this unit?"): *which* of the user's units reviews the report — the nearest one strictly
    above it, whose subtree it is published to. A unit of the user equal to the report's
    unit does not count (nobody reviews their own unit's report).
    """
    above = [
        u
        for u in scoping.units_for(user, scoping.ROSTER_EDITORS)
        if is_inside(report.org_unit, u, strictly=True)
    ]
    return max(above, key=lambda u: len(u.path)) if above else None


def may_review(user: User, report: InfoReport) -> bool:
    """Return whether ``user`` may publish or return ``report`` now: someone of a unit
    above it who did not send it."""
    return (
        report.status == InfoStatus.SUBMITTED
        and report.submitted_by_id != user.pk
        and reviewing_unit(user, report) is not None
    )


def submit_units_for(user: User) -> QuerySet[OrgUnit]:
    """Return the units the user may send reports for: their units and below, all of them
    (a unit left out could not be chosen at all)."""
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    if not units:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(
        scoping.subtree_q(units), is_active=True, parent__isnull=False
    ).order_by("path")
