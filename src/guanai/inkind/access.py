"""Who may read and do what with assistance in kind (DESIGN §1, §5).

* Requests are read by the roster roles (leader, worker, viewer) of a unit containing the
  person's unit, and by the helper who made one for a person they still read (paired).
* A request is made by a leader or worker for a person of their roster, or by a helper for a
  person paired with them; it is assessed, delivered, followed up and its project stages
  recorded by a leader or worker over the person's unit; it is approved or refused by a
  leader over the person's unit only.
* The catalogue is one for the installation: every data role reads it, a leader of a county
  or above edits it.
* Targets are a unit's: the roster roles of the unit or above read them (so a township sees
  the county's), a leader over the unit sets them.

Anything outside the user's scope is a 404.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.actors import SystemActor
from guanai.core.errors import PermissionRefused
from guanai.inkind.models import Application, Service, ServiceTarget
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

WORKERS = frozenset({Role.LEADER, Role.WORKER})
APPROVERS = frozenset({Role.LEADER})
REQUESTERS = WORKERS | {Role.HELPER}


def can_open(user: AnyUser) -> bool:
    """Return whether the user gets the pages (the menu asks the same)."""
    return bool(scoping.roles(user) & (scoping.ROSTER_ROLES | {Role.HELPER}))


def requests_visible(user: AnyUser) -> QuerySet[Application]:
    """Return the requests the user reads: their rosters', and the ones they made (paired)."""
    own = Q(requested_by_id=user.pk) & scoping.paired_persons_q(user, field="person_id")
    return (
        Application.objects.filter(
            scoping.roster_subtree_q(user, field="person__org_unit__path") | own
        )
        .select_related("person", "person__org_unit", "service")
        .distinct()
    )


def access_request(user: AnyUser, pk: int) -> Application:
    """Return a request the user may read, or raise Http404."""
    return get_object_or_404(requests_visible(user), pk=pk)


def can_request(user: Actor, person: Person) -> bool:
    """Return whether the user may ask for a service for ``person``."""
    if scoping.acts_over(user, person.org_unit, WORKERS):
        return True
    if isinstance(user, SystemActor):
        return True
    return Role.HELPER in scoping.roles(user) and (
        Person.objects.filter(scoping.paired_persons_q(user), pk=person.pk).exists()
    )


def can_work(user: Actor, request: Application) -> bool:
    """Return whether the user may assess, deliver, follow up and record stages."""
    return scoping.acts_over(user, request.person.org_unit, WORKERS)


def can_approve(user: Actor, request: Application) -> bool:
    return scoping.acts_over(user, request.person.org_unit, APPROVERS)


def require_work(user: Actor, request: Application) -> None:
    if not can_work(user, request):
        raise PermissionRefused(_("Only a leader or worker of the person's unit may do this."))


def require_approve(user: Actor, request: Application) -> None:
    if not can_approve(user, request):
        raise PermissionRefused(_("Only a leader of the person's unit may approve or refuse."))


def services_visible(user: AnyUser) -> QuerySet[Service]:
    """Return the catalogue for any data role, nothing for the admin roles."""
    if not scoping.can_see_beneficiary_data(user):
        return Service.objects.none()
    return Service.objects.all()


def access_service(user: AnyUser, pk: int) -> Service:
    return get_object_or_404(services_visible(user), pk=pk)


def can_edit_catalogue(user: Actor) -> bool:
    """Return whether the user is a leader of a county (or a unit above one)."""
    if isinstance(user, SystemActor):
        return True  # the demo, a command
    return any(unit.kind in scoping.COUNTY_OR_ABOVE for unit in scoping.units_for(user, APPROVERS))


def require_edit_catalogue(user: Actor) -> None:
    if not can_edit_catalogue(user):
        raise PermissionRefused(_("Only a leader of a county or above may change the catalogue."))


def targets_visible(user: AnyUser) -> QuerySet[ServiceTarget]:
    """Return the service targets of the units the user reads the roster of, and of the
    units above."""
    units = scoping.units_for(user, scoping.ROSTER_ROLES)
    above = {path for unit in units for path in unit.ancestor_paths()}
    return ServiceTarget.objects.filter(
        scoping.roster_subtree_q(user, field="target__org_unit__path")
        | Q(target__org_unit__path__in=above)
    ).select_related("target", "target__org_unit", "service")


def access_target(user: AnyUser, pk: int) -> ServiceTarget:
    return get_object_or_404(targets_visible(user), pk=pk)


def can_set_targets(user: Actor, unit: OrgUnit) -> bool:
    return scoping.acts_over(user, unit, APPROVERS)


def require_set_targets(user: Actor, unit: OrgUnit) -> None:
    if not can_set_targets(user, unit):
        raise PermissionRefused(_("Only a leader of the unit or above may set its targets."))


def coverage_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units whose eligible-but-not-served lists the user reads (roster roles)."""
    return scoping.units_for(user, scoping.ROSTER_ROLES)


def can_read_coverage(user: AnyUser) -> bool:
    """Return whether the user opens the not-served lists and the targets (roster roles)."""
    return bool(coverage_units(user))
