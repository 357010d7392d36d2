"""Who reads and changes the services of an institution's residents: those who read and
change the institution (``register.access``). A resident, service log or placement of an
institution outside the user's roster subtrees is ``Http404``."""

from __future__ import annotations

from django.db.models import QuerySet
from django.shortcuts import get_object_or_404

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.institutions.models import Placement, ServiceLog
from guanai.institutions.residents.access import access_resident, residents_visible

# A resident is read as the residents' pages read them; re-exported for this package.
__all__ = [
    "access_placement",
    "access_resident",
    "access_service_log",
    "logs_visible",
    "placements_visible",
    "residents_visible",
]


def logs_visible(user: AnyUser) -> QuerySet[ServiceLog]:
    return ServiceLog.objects.filter(
        scoping.roster_subtree_q(user, field="resident__institution__org_unit__path")
    ).select_related("resident", "resident__institution", "resident__institution__org_unit")


def access_service_log(user: AnyUser, pk: int) -> ServiceLog:
    """Return service log ``pk`` if the user may read it, or raise Http404."""
    return get_object_or_404(logs_visible(user), pk=pk)


def placements_visible(user: AnyUser) -> QuerySet[Placement]:
    return Placement.objects.filter(
        scoping.roster_subtree_q(user, field="resident__institution__org_unit__path")
    ).select_related(
        "resident",
        "resident__person",
        "resident__institution",
        "resident__institution__org_unit",
        "coach",
    )


def access_placement(user: AnyUser, pk: int) -> Placement:
    """Return placement ``pk`` if the user may read it, or raise Http404."""
    return get_object_or_404(placements_visible(user), pk=pk)
