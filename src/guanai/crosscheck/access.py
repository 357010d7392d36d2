"""Who may upload lists and read and work their findings (DESIGN §1, §5).

* A list is uploaded by a leader or worker of a unit, for that unit's subtree; the lists of
  a unit are read by the roster roles (leader, worker, viewer) of the unit or above.
* A finding is assigned to the unit managing the person (the uploading unit, for someone
  not registered); it is read by the roster roles of that unit or above, and resolved by
  a leader or worker over it.
* Persons of a list managed outside the uploading unit are counted, never shown: no finding
  is made about them.

Anything outside the user's scope is a 404.
"""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.errors import PermissionRefused
from guanai.crosscheck.models import CheckList, Finding
from guanai.orgs.models import OrgUnit

WORKERS = frozenset({Role.LEADER, Role.WORKER})


def can_open(user: AnyUser) -> bool:
    """Return whether the user gets the pages (the menu asks the same)."""
    return bool(scoping.roles(user) & scoping.ROSTER_ROLES)


def upload_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units the user may upload a list for."""
    return scoping.units_for(user, WORKERS)


def can_upload(user: Actor, unit: OrgUnit) -> bool:
    return scoping.acts_over(user, unit, WORKERS)


def require_upload(user: Actor, unit: OrgUnit) -> None:
    if not can_upload(user, unit):
        raise PermissionRefused(_("Only a leader or worker of the unit may upload a list for it."))


def lists_visible(user: AnyUser) -> QuerySet[CheckList]:
    return CheckList.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
    ).select_related("org_unit", "uploaded_by")


def access_list(user: AnyUser, pk: int) -> CheckList:
    return get_object_or_404(lists_visible(user), pk=pk)


def findings_visible(user: AnyUser) -> QuerySet[Finding]:
    return Finding.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
    ).select_related("org_unit", "person", "resolved_by")


def access_finding(user: AnyUser, pk: int) -> Finding:
    return get_object_or_404(findings_visible(user), pk=pk)


def can_resolve(user: Actor, finding: Finding) -> bool:
    return scoping.acts_over(user, finding.org_unit, WORKERS)


def require_resolve(user: Actor, finding: Finding) -> None:
    if not can_resolve(user, finding):
        raise PermissionRefused(_("Only a leader or worker of the finding's unit may resolve it."))
