"""Writes of volunteer visits: open one on an event, sign up, roles (the shifts, their
correction and confirmation are in ``shifts``).

Sign-up is race-safe: it reads the visit row under ``select_for_update`` (on SQLite the
transaction takes the write lock at its start) and counts the participants inside the same
transaction, so two coordinators signing up at once can never pass the cap together. A
refusal saves nothing. Every change is audited by django-auditlog.

A volunteer signed up who has an account serves the event: the account joins the event's
helpers (``Event.helpers``, the users who see the event, take its attendance and add its
photos) in the same transaction, and leaves them when the sign-up is cancelled. A volunteer
without an account is on the visit's list only.
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from guanai.accounts.scoping import Actor
from guanai.activities.events import can_manage_event
from guanai.activities.models.events import Event, EventKind, EventStatus
from guanai.community.models import (
    ServiceShift,
    VisitRole,
    VisitRoleKind,
    Volunteer,
    VolunteerVisit,
)
from guanai.community.volunteers.access import (
    can_coordinate,
    groups_near,
    is_host,
    require_sign_up,
)
from guanai.core.actors import account_of
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.orgs.models import OrgUnit

# More volunteers than any group sends on one visit: a typing slip, not a cap.
CAP_MAX = 1000


def _check_cap(cap: int) -> None:
    if not 1 <= cap <= CAP_MAX:
        raise ValidationFailed(
            _("Give between 1 and %(max)s volunteers.") % {"max": CAP_MAX},
            field="volunteer_cap",
        )


@transaction.atomic
def visit_open(
    *, acting_user: Actor, event: Event, group: OrgUnit, volunteer_cap: int
) -> VolunteerVisit:
    """Make ``event`` (kind volunteer visit) a visit of ``group`` with at most
    ``volunteer_cap`` volunteers; the event's unit is the host."""
    if not can_manage_event(acting_user, event.org_unit):
        raise PermissionRefused(_("Only a leader or worker of the unit visited opens a visit."))
    if event.kind != EventKind.VOLUNTEER_VISIT:
        raise ValidationFailed(_("Only an event of kind volunteer visit can be opened to a group."))
    if VolunteerVisit.objects.filter(event=event).exists():
        raise ValidationFailed(_("This event is already open to a volunteer group."))
    if not groups_near(event.org_unit).filter(pk=group.pk).exists():
        raise ValidationFailed(_("Choose a volunteer group of this county."), field="group")
    _check_cap(volunteer_cap)
    return VolunteerVisit.objects.create(event=event, group=group, volunteer_cap=volunteer_cap)


@transaction.atomic
def visit_cap_set(*, acting_user: Actor, visit: VolunteerVisit, volunteer_cap: int) -> None:
    """Change the cap; never below the volunteers already signed up."""
    if not is_host(acting_user, visit):
        raise PermissionRefused(_("Only a leader or worker of the unit visited changes the cap."))
    current = VolunteerVisit.objects.select_for_update().get(pk=visit.pk)
    _check_cap(volunteer_cap)
    signed = VisitRole.objects.filter(visit=current, role=VisitRoleKind.PARTICIPANT).count()
    if volunteer_cap < signed:
        raise ValidationFailed(
            _("%(count)s volunteers are signed up already: the cap cannot be lower.")
            % {"count": signed},
            field="volunteer_cap",
        )
    current.volunteer_cap = volunteer_cap
    current.save(update_fields=["volunteer_cap"])
    visit.volunteer_cap = volunteer_cap


def require_open(visit: VolunteerVisit) -> None:
    if visit.event.status == EventStatus.CANCELLED:
        raise ValidationFailed(_("The visit is cancelled."))


def _require_in_group(visit: VolunteerVisit, volunteers: Sequence[Volunteer]) -> None:
    strangers = [v.name for v in volunteers if v.group_id != visit.group_id or not v.is_active]
    if strangers:
        raise ValidationFailed(
            _("Not active volunteers of the visit's group: %(names)s.")
            % {"names": "、".join(strangers)},
            field="volunteers",
        )


@transaction.atomic
def visit_sign_up(
    *, acting_user: Actor, visit: VolunteerVisit, volunteers: Sequence[Volunteer]
) -> list[VisitRole]:
    """Sign ``volunteers`` up as participants, up to the visit's cap; those already signed
    up are left as they are. Past the cap nobody is signed up."""
    for volunteer in volunteers:
        require_sign_up(acting_user, visit, volunteer)
    current = VolunteerVisit.objects.select_for_update().get(pk=visit.pk)
    require_open(visit)
    _require_in_group(visit, volunteers)
    signed = set(
        VisitRole.objects.filter(visit=current, role=VisitRoleKind.PARTICIPANT).values_list(
            "volunteer_id", flat=True
        )
    )
    new = [v for v in dict.fromkeys(volunteers) if v.pk not in signed]
    free = current.volunteer_cap - len(signed)
    if len(new) > free:
        raise ValidationFailed(
            ngettext(
                "Only %(free)s place is left for %(count)s volunteers; nobody was signed up.",
                "Only %(free)s places are left for %(count)s volunteers; nobody was signed up.",
                free,
            )
            % {"free": max(free, 0), "count": len(new)},
            field="volunteers",
        )
    by = account_of(acting_user)
    # One insert per volunteer, so that auditlog records each sign-up.
    added = [
        VisitRole.objects.create(
            visit=current, volunteer=v, role=VisitRoleKind.PARTICIPANT, added_by=by
        )
        for v in new
    ]
    accounts = [v.user_id for v in new if v.user_id is not None]
    if accounts:
        visit.event.helpers.add(*accounts)
    return added


@transaction.atomic
def visit_sign_up_cancel(
    *, acting_user: Actor, visit: VolunteerVisit, volunteer: Volunteer
) -> None:
    """Take a volunteer off the visit's participants (not once they checked in)."""
    require_sign_up(acting_user, visit, volunteer)
    if ServiceShift.objects.filter(visit=visit, volunteer=volunteer).exists():
        raise ValidationFailed(_("%(name)s has checked in already.") % {"name": volunteer.name})
    for role in VisitRole.objects.filter(
        visit=visit, volunteer=volunteer, role=VisitRoleKind.PARTICIPANT
    ):
        role.delete()
    if volunteer.user_id is not None:
        visit.event.helpers.remove(volunteer.user_id)


@transaction.atomic
def visit_role_add(
    *, acting_user: Actor, visit: VolunteerVisit, volunteer: Volunteer, role: str
) -> VisitRole:
    """Give a volunteer a role of the thank-you list (lead, scout, driver …); participants
    come in through ``visit_sign_up``, which keeps the cap."""
    if not can_coordinate(acting_user, visit):
        raise PermissionRefused(_("Only the group's coordinators give volunteers their roles."))
    if role not in VisitRoleKind.values:
        raise ValidationFailed(_("Choose a role from the list."), field="role")
    if role == VisitRoleKind.PARTICIPANT:
        return visit_sign_up(acting_user=acting_user, visit=visit, volunteers=[volunteer])[0]
    _require_in_group(visit, [volunteer])
    found, _created = VisitRole.objects.get_or_create(
        visit=visit,
        volunteer=volunteer,
        role=role,
        defaults={"added_by": account_of(acting_user)},
    )
    return found


@transaction.atomic
def visit_role_remove(*, acting_user: Actor, visit: VolunteerVisit, role: VisitRole) -> None:
    if role.role == VisitRoleKind.PARTICIPANT:
        visit_sign_up_cancel(acting_user=acting_user, visit=visit, volunteer=role.volunteer)
        return
    if not can_coordinate(acting_user, visit):
        raise PermissionRefused(_("Only the group's coordinators give volunteers their roles."))
    role.delete()
