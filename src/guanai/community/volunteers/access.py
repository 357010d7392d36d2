"""Who sees which volunteers and visits, and who may change them.

A volunteer group's leaders and workers (their roles held at the group's unit) keep its
volunteers; the roster roles of the units above read them (``accounts.scoping``). A
volunteer with an account sees their own record only. A visit is seen by those who see its
event (the host unit's roster roles, the event's helpers), by the group's roster roles and
by the group's own volunteers, who sign themselves up. The group's leaders and workers sign
volunteers up and give them roles; the host unit's leaders and workers confirm the hours.
Objects outside a user's scope are ``Http404``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.accounts.scoping import Actor, AnyUser
from guanai.activities.events import can_manage_event, events_visible
from guanai.community.models import Volunteer, VolunteerVisit
from guanai.core.actors import SystemActor
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import ancestors_of, is_inside, subtree_q

# The roles that open the volunteers pages: the roster roles, and volunteers (their own).
VOLUNTEER_READERS = scoping.ROSTER_ROLES | {Role.VOLUNTEER}


def _none(user: AnyUser) -> bool:
    return not user.is_authenticated or not scoping.can_see_beneficiary_data(user)


def volunteers_visible(user: AnyUser) -> QuerySet[Volunteer]:
    """Return the volunteers of the groups in the user's roster subtrees, and their own."""
    if _none(user):
        return Volunteer.objects.none()
    return Volunteer.objects.filter(
        scoping.roster_subtree_q(user, field="group__path") | Q(user_id=user.pk)
    ).select_related("group")


def access_volunteer(user: AnyUser, pk: int) -> Volunteer:
    """Return a volunteer the user may read, or raise Http404."""
    return get_object_or_404(volunteers_visible(user), pk=pk)


def can_open_volunteers(user: AnyUser) -> bool:
    return user.is_authenticated and scoping.has_role(user, *VOLUNTEER_READERS)


def groups_read(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the active volunteer groups in the user's roster subtrees."""
    return OrgUnit.objects.filter(
        subtree_q(scoping.units_for(user, scoping.ROSTER_ROLES)),
        kind=OrgKind.VOLUNTEER_GROUP,
        is_active=True,
    )


def groups_managed(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the active volunteer groups whose volunteers the user keeps."""
    return OrgUnit.objects.filter(
        subtree_q(scoping.units_for(user, scoping.ROSTER_EDITORS)),
        kind=OrgKind.VOLUNTEER_GROUP,
        is_active=True,
    )


def can_manage_group(user: Actor, group: OrgUnit) -> bool:
    """Leaders and workers of the group, or of a unit containing it, keep its volunteers."""
    return scoping.acts_over(user, group, scoping.ROSTER_EDITORS)


def require_manage_group(user: Actor, group: OrgUnit) -> None:
    if not can_manage_group(user, group):
        raise PermissionRefused(
            _("Only a leader or worker of this volunteer group may change its volunteers.")
        )


def own_volunteer(user: AnyUser) -> Volunteer | None:
    """Return the active volunteer record of the user's account, if any."""
    if not user.is_authenticated:
        return None
    return Volunteer.objects.filter(user_id=user.pk, is_active=True).first()


def visits_visible(user: AnyUser) -> QuerySet[VolunteerVisit]:
    """Return the visits whose event the user sees, those of the groups in their roster
    subtrees, and those of the group they volunteer in."""
    if _none(user) or not isinstance(user, User):
        return VolunteerVisit.objects.none()
    own_groups = Volunteer.objects.filter(user=user, is_active=True).values("group_id")
    return VolunteerVisit.objects.filter(
        Q(event_id__in=events_visible(user).values("pk"))
        | scoping.roster_subtree_q(user, field="group__path")
        | Q(group_id__in=own_groups)
    ).select_related("event", "event__org_unit", "group")


def access_visit(user: AnyUser, event_id: int) -> VolunteerVisit:
    """Return the visit of event ``event_id`` if the user may read it, or raise Http404."""
    return get_object_or_404(visits_visible(user), pk=event_id)


def can_coordinate(user: Actor, visit: VolunteerVisit) -> bool:
    """The group's leaders and workers sign volunteers up and give them roles."""
    return can_manage_group(user, visit.group)


def is_host(user: Actor, visit: VolunteerVisit) -> bool:
    """The host unit's leaders and workers (who hold the event) confirm the hours."""
    return can_manage_event(user, visit.event.org_unit)


def acts_for(user: Actor, volunteer: Volunteer) -> bool:
    """Return whether ``user`` is the volunteer's own account."""
    return not isinstance(user, SystemActor) and volunteer.user_id == user.pk


def require_sign_up(user: Actor, visit: VolunteerVisit, volunteer: Volunteer) -> None:
    if can_coordinate(user, visit):
        return
    if acts_for(user, volunteer) and volunteer.group_id == visit.group_id:
        return
    raise PermissionRefused(
        _("Only the group's coordinators sign volunteers up; a volunteer signs up themselves.")
    )


def require_check(user: Actor, visit: VolunteerVisit, volunteer: Volunteer) -> None:
    if can_coordinate(user, visit) or is_host(user, visit) or acts_for(user, volunteer):
        return
    raise PermissionRefused(
        _("Only the volunteer, the group's coordinators or the host unit check a volunteer in.")
    )


def require_host(user: Actor, visit: VolunteerVisit) -> None:
    if not is_host(user, visit):
        raise PermissionRefused(
            _("Only a leader or worker of the unit visited confirms the hours.")
        )


def groups_near(unit: OrgUnit) -> QuerySet[OrgUnit]:
    """Return the active volunteer groups of the county (or the region above) holding
    ``unit``: those a host unit may invite."""
    counties = [a for a in ancestors_of(unit) if a.kind in scoping.COUNTY_OR_ABOVE]
    if not counties:
        return OrgUnit.objects.none()
    return OrgUnit.objects.filter(
        subtree_q([counties[-1]]), kind=OrgKind.VOLUNTEER_GROUP, is_active=True
    )


def groups_offered(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the volunteer groups of the counties holding the units where the user may
    hold events: those the user may invite to a visit (two queries)."""
    units = scoping.units_for(user, scoping.ROSTER_EDITORS)
    paths = {p for unit in units for p in unit.ancestor_paths()}
    above = OrgUnit.objects.filter(path__in=sorted(paths), kind__in=scoping.COUNTY_OR_ABOVE)
    deepest: dict[int, OrgUnit] = {}
    for ancestor in above:
        for unit in units:
            if is_inside(unit, ancestor):
                known = deepest.get(unit.pk)
                if known is None or is_inside(ancestor, known, strictly=True):
                    deepest[unit.pk] = ancestor
    return OrgUnit.objects.filter(
        subtree_q(deepest.values()), kind=OrgKind.VOLUNTEER_GROUP, is_active=True
    )
