"""Which org units a user sees, manages or reads the beneficiary data of."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts.models import DATA_ROLES, Role
from guanai.accounts.scoping.persons import ROSTER_ROLES
from guanai.accounts.scoping.roles_held import AnyUser, units_for
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import subtree_q


def org_units_visible(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return every org unit in the subtree of any of the user's memberships."""
    return OrgUnit.objects.filter(subtree_q(units_for(user, Role)))


def org_units_managed(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the org units a system administrator may create, edit and staff."""
    return OrgUnit.objects.filter(subtree_q(units_for(user, [Role.SYSADMIN])))


def org_units_with_data(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the org units whose beneficiary data the user may see.

    Admin roles get nothing, so every later list of persons, plans or records built on
    this inherits the rule that a sysadmin sees no beneficiary data.
    """
    return OrgUnit.objects.filter(subtree_q(units_for(user, DATA_ROLES)))


def data_subtree_q(user: AnyUser, field: str = "org_unit__path") -> Q:
    """Return the filter for records whose org unit lies in the user's data scope.

    Later apps use it as ``Person.objects.filter(scoping.data_subtree_q(user))``.
    """
    return subtree_q(units_for(user, DATA_ROLES), field=field)


def sent_down_q(
    user: AnyUser, field: str = "org_unit__path", roles: Iterable[Role] = ROSTER_ROLES
) -> Q:
    """Return the filter for documents of the units containing the user's units.

    A county's published bulletin or finalised assessment is read by its townships: the
    caller adds the condition that makes a document sent down ("published").
    """
    above = {path for unit in units_for(user, roles) for path in unit.ancestor_paths()}
    return Q(**{f"{field}__in": sorted(above)})


def access_org_unit(user: AnyUser, pk: int, *, manage: bool = False) -> OrgUnit:
    """Return the org unit if the user may see it (or manage it), else raise Http404."""
    return get_object_or_404(org_units_managed(user) if manage else org_units_visible(user), pk=pk)
