"""Who sees which events, and who may change them or take their attendance.

The roster roles (leader, worker, viewer) see the events held in their subtrees; a user
who serves an event (``Event.helpers``: a volunteer, a subject teacher) sees that event
and no other, its list of names but never an ID or phone number (DESIGN §1). Leaders and
workers of a unit containing the event's unit create, edit and enrol; they and the event's
helpers take attendance. The admin roles see no event (no beneficiary data). An event
outside a user's scope is ``Http404``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.accounts.scoping import Actor, AnyUser
from guanai.activities.models.events import Event
from guanai.core.actors import SystemActor
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgUnit

# The roles that open the events pages: the roster roles and those who may serve an event.
EVENT_READERS = scoping.ROSTER_ROLES | {Role.HELPER, Role.VOLUNTEER}

# The roles that may be named as an event's helpers.
HELPER_ROLES = frozenset({Role.HELPER, Role.VOLUNTEER, Role.WORKER, Role.LEADER})


def served_q(user: AnyUser) -> Q:
    """Return the filter for the events ``user`` serves (none for the admin roles)."""
    if not user.is_authenticated or not scoping.can_see_beneficiary_data(user):
        return Q(pk__in=[])
    return Q(pk__in=Event.helpers.through.objects.filter(user_id=user.pk).values("event_id"))


def events_visible(user: AnyUser) -> QuerySet[Event]:
    """Return the events of the user's roster subtrees and the events they serve."""
    return Event.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path") | served_q(user)
    ).select_related("org_unit", "organiser")


def can_open_events(user: AnyUser) -> bool:
    return user.is_authenticated and scoping.has_role(user, *EVENT_READERS)


def can_open_coverage(user: AnyUser) -> bool:
    """The roster roles read the coverage of their units (a list of names to act on)."""
    return user.is_authenticated and scoping.has_role(user, *scoping.ROSTER_ROLES)


def can_set_priorities(user: AnyUser) -> bool:
    """Leaders and workers set the order of categories of their units."""
    return user.is_authenticated and scoping.has_role(user, *scoping.ROSTER_EDITORS)


def access_event(user: AnyUser, pk: int) -> Event:
    """Return an event the user may read, or raise Http404."""
    return get_object_or_404(events_visible(user), pk=pk)


def event_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units in which the user may create events."""
    return scoping.roster_edit_units(user)


def can_manage_event(user: Actor, unit: OrgUnit) -> bool:
    """Leaders and workers of a unit containing ``unit`` create, edit and enrol."""
    return scoping.acts_over(user, unit, scoping.ROSTER_EDITORS)


def serves(user: Actor, event: Event) -> bool:
    if isinstance(user, SystemActor):
        return True
    return scoping.can_see_beneficiary_data(user) and event.helpers.filter(pk=user.pk).exists()


def can_take_attendance(user: Actor, event: Event) -> bool:
    return can_manage_event(user, event.org_unit) or serves(user, event)


def require_manage(user: Actor, unit: OrgUnit) -> None:
    if not can_manage_event(user, unit):
        raise PermissionRefused(_("Only a leader or worker of this unit may change its events."))


def require_attendance(user: Actor, event: Event) -> None:
    if not can_take_attendance(user, event):
        raise PermissionRefused(
            _("Only the event's unit and the helpers who serve it take its attendance.")
        )


def helpers_offered(user: User) -> QuerySet[User]:
    """Return the accounts a user may name as an event's helpers: those they see who hold
    a role that sees beneficiary data."""
    return (
        scoping.users_visible(user)
        .filter(memberships__role__in=sorted(HELPER_ROLES))
        .distinct()
        .order_by("full_name", "pk")
    )
