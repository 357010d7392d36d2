"""Who reads and edits an acknowledgement list (感谢名单).

A visit's list is read by whoever reads the visit (``volunteers.access``: the host unit's
roster roles, the group's roster roles, the group's own volunteers) and edited by the host
unit's leaders and workers and the group's leaders and workers. A campaign's list is read
by those who read its fund and edited by the leaders and workers of the fund's unit or
above. Anything outside scope is ``Http404``.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import Actor, AnyUser
from guanai.community.giving.access import funds_visible
from guanai.community.models import Acknowledgement, VolunteerVisit
from guanai.community.models.giving import Campaign
from guanai.community.volunteers.access import can_coordinate, is_host, visits_visible
from guanai.core.errors import PermissionRefused


def campaigns_visible(user: AnyUser) -> QuerySet[Campaign]:
    return Campaign.objects.filter(fund__in=funds_visible(user)).select_related(
        "fund", "fund__org_unit"
    )


def access_campaign(user: AnyUser, pk: int) -> Campaign:
    """Return a campaign whose fund the user reads, or raise Http404."""
    return get_object_or_404(campaigns_visible(user), pk=pk)


def acknowledgements_visible(user: AnyUser) -> QuerySet[Acknowledgement]:
    return Acknowledgement.objects.filter(
        Q(visit__in=visits_visible(user).values("pk"))
        | Q(campaign__fund__in=funds_visible(user).values("pk"))
    ).select_related(
        "visit__event__org_unit", "visit__group", "campaign__fund__org_unit", "updated_by"
    )


def access_acknowledgement(user: AnyUser, pk: int) -> Acknowledgement:
    return get_object_or_404(acknowledgements_visible(user), pk=pk)


def can_edit_visit(user: Actor, visit: VolunteerVisit) -> bool:
    return is_host(user, visit) or can_coordinate(user, visit)


def can_edit_campaign(user: Actor, campaign: Campaign) -> bool:
    return scoping.acts_over(user, campaign.fund.org_unit, scoping.ROSTER_EDITORS)


def can_edit(user: Actor, acknowledgement: Acknowledgement) -> bool:
    if acknowledgement.visit is not None:
        return can_edit_visit(user, acknowledgement.visit)
    campaign = acknowledgement.campaign
    return campaign is not None and can_edit_campaign(user, campaign)


def require_edit_visit(user: Actor, visit: VolunteerVisit) -> None:
    if not can_edit_visit(user, visit):
        raise PermissionRefused(
            _(
                "Only the leaders and workers of the unit visited or of the volunteer group "
                "make the acknowledgement list."
            )
        )


def require_edit_campaign(user: Actor, campaign: Campaign) -> None:
    if not can_edit_campaign(user, campaign):
        raise PermissionRefused(
            _("Only a leader or worker of the fund's unit makes the acknowledgement list.")
        )


def require_edit(user: Actor, acknowledgement: Acknowledgement) -> None:
    if acknowledgement.visit is not None:
        require_edit_visit(user, acknowledgement.visit)
    elif acknowledgement.campaign is not None:
        require_edit_campaign(user, acknowledgement.campaign)
    else:
        raise PermissionRefused(_("This list is of no visit and no campaign."))
