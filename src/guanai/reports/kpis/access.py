"""Who sets a unit's KPI targets and enters its survey counts."""

from __future__ import annotations

from django.db.models import Q, QuerySet

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.orgs.models import OrgUnit


def can_set_targets(user: User, unit: OrgUnit) -> bool:
    """Leaders of the unit (or above it) set its targets."""
    return scoping.holds_role_over(user, unit, [Role.LEADER])


def can_enter_survey(user: User, unit: OrgUnit) -> bool:
    """Leaders and workers of the unit (or above it) enter its survey count: the clerk who
    ran the survey (摸底排查) enters what it found."""
    return scoping.holds_role_over(user, unit, scoping.ROSTER_EDITORS)


def setting_units_for(user: User) -> QuerySet[OrgUnit]:
    """Return where the user starts setting targets or survey counts: their units as
    leader or worker and the units directly below them, in order.

    Every unit further down is reached from its parent's page ("Units below"), so the list
    stays short in a province of thousands of units and leaves none out.
    """
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    if not units:
        return OrgUnit.objects.none()
    pks = [unit.pk for unit in units]
    return OrgUnit.objects.filter(Q(pk__in=pks) | Q(parent__in=pks), is_active=True).order_by(
        "path"
    )
