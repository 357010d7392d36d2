"""Who sees and does what in giving.

* Needs: the roster roles (leader, worker, viewer) see the needs of their subtrees; a
  volunteer group — a volunteer, or any data role held in a unit of kind volunteer group —
  sees the needs board of the county its group belongs to, without personal data (the
  person a need is for is never shown there). Leaders and workers of a unit or above post
  its needs.
* Donations: the roster roles see those received in their subtrees; leaders and workers of
  the receiving unit or above record them and match them to needs.
* A volunteer with an account, signed up for a volunteer visit, records the donations
  received on it: to the host unit, or to one of its needs — never to a fund or a person
  (volunteers see no person's data). The host unit's leaders and workers may record them
  there too.
* Funds: the roster roles of the fund's unit or above see the fund, its ledger and its
  grants. A worker (or leader) of the fund's unit or above asks for a grant; a leader of
  the fund's unit or above approves or refuses it — a leader's own request is a grant made
  directly (approved as it is made). Giving money away takes a leader (篇八: 领导小组).

Anything outside scope is ``Http404``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import DATA_ROLES, Role
from guanai.accounts.scoping import Actor, AnyUser
from guanai.community.models import VisitRole, VolunteerVisit
from guanai.community.models.giving import CharityFund, Destination, Donation, Grant, Need
from guanai.core.actors import SystemActor
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.orgs.selectors import is_inside, subtree_q

# The units that keep a charity fund (篇八: 县、乡 慈善救助基金).
FUND_UNIT_KINDS = frozenset({OrgKind.COUNTY, OrgKind.TOWNSHIP})
LEADERS = frozenset({Role.LEADER})


def volunteer_group_units(user: AnyUser) -> list[OrgUnit]:
    """Return the units in which the user serves a volunteer group."""
    return [
        m.org_unit
        for m in scoping.memberships(user)
        if m.role == Role.VOLUNTEER
        or (m.role in DATA_ROLES and m.org_unit.kind == OrgKind.VOLUNTEER_GROUP)
    ]


def board_counties(user: AnyUser) -> list[OrgUnit]:
    """Return the counties whose needs boards the user's volunteer groups read (one query)."""
    paths = {p for unit in volunteer_group_units(user) for p in unit.ancestor_paths()}
    if not paths:
        return []
    return list(OrgUnit.objects.filter(path__in=sorted(paths), kind=OrgKind.COUNTY))


def needs_q(user: AnyUser, *, counties: list[OrgUnit] | None = None) -> Q:
    """Return the filter for the needs the user sees: the roster's and the boards'."""
    if counties is None:
        counties = board_counties(user)
    return scoping.roster_subtree_q(user) | subtree_q(counties, field="org_unit__path")


def can_read_community(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether the user reads the community data of ``unit``'s subtree as a whole —
    its donations, funds, needs, and the volunteer groups and hours in it: a roster role
    held at the unit or above (the rule of ``donations_visible``, ``funds_visible`` and
    ``volunteers.groups_read``). A volunteer group's board of its county is not this: it
    shows needs, never the county's figures."""
    return user.is_authenticated and scoping.holds_role_over(user, unit, scoping.ROSTER_ROLES)


def can_open_needs(user: AnyUser) -> bool:
    return user.is_authenticated and (
        scoping.has_role(user, *scoping.ROSTER_ROLES) or bool(volunteer_group_units(user))
    )


def needs_visible(user: AnyUser) -> QuerySet[Need]:
    return Need.objects.filter(needs_q(user)).select_related("org_unit")


def access_need(user: AnyUser, pk: int) -> Need:
    return get_object_or_404(needs_visible(user), pk=pk)


def can_post_need(user: Actor, unit: OrgUnit) -> bool:
    return scoping.acts_over(user, unit, scoping.ROSTER_EDITORS)


def sees_need_person(user: AnyUser, need: Need) -> bool:
    """The staff of the need's unit see for whom it is; the board never does."""
    return scoping.holds_role_over(user, need.org_unit, scoping.ROSTER_ROLES)


def giving_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the units whose needs and donations the user may record."""
    return scoping.roster_edit_units(user)


def require_can_record(user: Actor, unit: OrgUnit) -> None:
    if not scoping.acts_over(user, unit, scoping.ROSTER_EDITORS):
        raise PermissionRefused(
            _("Only a leader or worker of %(unit)s or above records its needs and donations.")
            % {"unit": unit.name}
        )


def signed_up_for(user: Actor, visit: VolunteerVisit) -> bool:
    """Return whether the user's own volunteer record is on the visit's list (one query)."""
    if isinstance(user, SystemActor) or not user.is_authenticated:
        return False
    return VisitRole.objects.filter(
        visit=visit, volunteer__user_id=user.pk, volunteer__is_active=True
    ).exists()


def can_record_on_visit(user: Actor, visit: VolunteerVisit) -> bool:
    """A volunteer signed up for the visit, or the host unit's leaders and workers."""
    return signed_up_for(user, visit) or scoping.acts_over(
        user, visit.event.org_unit, scoping.ROSTER_EDITORS
    )


def require_visit_destination(destination: str) -> None:
    """On a visit a donation goes to the host unit or one of its needs, nothing else."""
    if destination not in (Destination.UNIT, Destination.NEED):
        raise ValidationFailed(
            _("On a visit a donation is recorded for the unit visited or one of its needs."),
            field="destination",
        )


def require_can_record_on_visit(
    user: Actor, visit: VolunteerVisit, destination: str, unit: OrgUnit
) -> None:
    """Refuse a donation recorded on a visit that is not the host unit's or its needs'."""
    if not can_record_on_visit(user, visit):
        raise PermissionRefused(
            _("Only a volunteer signed up for the visit records the donations received on it.")
        )
    require_visit_destination(destination)
    host = visit.event.org_unit
    if not is_inside(unit, host):
        raise ValidationFailed(
            _("On this visit a donation is recorded for %(unit)s or its needs only.")
            % {"unit": host.name},
            field="unit" if destination == Destination.UNIT else "need",
        )


def visit_units(visit: VolunteerVisit) -> QuerySet[OrgUnit]:
    """Return the units a donation received on the visit may go to: the host and below."""
    return OrgUnit.objects.filter(subtree_q([visit.event.org_unit]), is_active=True)


def can_open_donations(user: AnyUser) -> bool:
    return user.is_authenticated and scoping.has_role(user, *scoping.ROSTER_ROLES)


def donations_visible(user: AnyUser) -> QuerySet[Donation]:
    return Donation.objects.filter(scoping.roster_subtree_q(user)).select_related(
        "org_unit", "need", "fund", "campaign"
    )


def access_donation(user: AnyUser, pk: int) -> Donation:
    return get_object_or_404(donations_visible(user), pk=pk)


def can_open_funds(user: AnyUser) -> bool:
    return user.is_authenticated and scoping.has_role(user, *scoping.ROSTER_ROLES)


def funds_visible(user: AnyUser) -> QuerySet[CharityFund]:
    return CharityFund.objects.filter(scoping.roster_subtree_q(user)).select_related("org_unit")


def access_fund(user: AnyUser, pk: int) -> CharityFund:
    return get_object_or_404(funds_visible(user), pk=pk)


def grants_visible(user: AnyUser) -> QuerySet[Grant]:
    return Grant.objects.filter(
        scoping.roster_subtree_q(user, field="fund__org_unit__path")
    ).select_related("fund__org_unit", "person", "org_unit")


def access_grant(user: AnyUser, pk: int) -> Grant:
    return get_object_or_404(grants_visible(user), pk=pk)


def can_request_grant(user: Actor, fund: CharityFund) -> bool:
    return scoping.acts_over(user, fund.org_unit, scoping.ROSTER_EDITORS)


def can_approve_grant(user: Actor, fund: CharityFund) -> bool:
    return scoping.acts_over(user, fund.org_unit, LEADERS)


def require_can_request_grant(user: Actor, fund: CharityFund) -> None:
    if not can_request_grant(user, fund):
        raise PermissionRefused(_("Only a leader or worker of the fund's unit asks for a grant."))


def require_can_approve_grant(user: Actor, fund: CharityFund) -> None:
    if not can_approve_grant(user, fund):
        raise PermissionRefused(_("Only a leader of the fund's unit decides a grant."))


def can_open_fund(user: Actor, unit: OrgUnit) -> bool:
    """A leader of the unit or above opens its fund and moves its charity day."""
    return scoping.acts_over(user, unit, LEADERS)


def fund_units(user: AnyUser) -> QuerySet[OrgUnit]:
    """Return the active counties and townships under the user's leadership that keep no
    charity fund yet: those whose fund the user may open."""
    return (
        OrgUnit.objects.filter(
            subtree_q(scoping.units_for(user, LEADERS)),
            kind__in=FUND_UNIT_KINDS,
            is_active=True,
        )
        .exclude(pk__in=CharityFund.objects.values("org_unit_id"))
        .order_by("path")
    )


def require_can_open_fund(user: Actor, unit: OrgUnit) -> None:
    if not can_open_fund(user, unit):
        raise PermissionRefused(_("Only a leader of the unit opens its charity fund."))
