"""Who reads and writes which monthly bulletins.

The staff of a unit (leaders, workers, viewers) read the bulletins of their subtree, and
the published ones of the units above them; a bulletin outside that is ``Http404``.
Leaders and workers write a bulletin; only a leader publishes it.
"""

from __future__ import annotations

from django.db.models import Q, QuerySet
from django.http import Http404

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.orgs.models import OrgKind, OrgUnit
from guanai.reports import monthly
from guanai.reports.models import Bulletin, BulletinStatus

# Units that have reporting units below them write bulletins (and score sheets).
BULLETIN_KINDS = frozenset({OrgKind.PROVINCE, OrgKind.PREFECTURE, OrgKind.COUNTY})


def bulletins_visible(user: User) -> QuerySet[Bulletin]:
    """Return the bulletins of the user's subtrees, and published ones of units above."""
    return Bulletin.objects.filter(
        scoping.roster_subtree_q(user, field="org_unit__path")
        | (scoping.sent_down_q(user) & Q(status=BulletinStatus.PUBLISHED))
    ).select_related("org_unit")


def access_bulletin(user: User, pk: int) -> Bulletin:
    """Return a bulletin the user may read, or raise Http404."""
    bulletin = bulletins_visible(user).filter(pk=pk).first()
    if bulletin is None:
        raise Http404
    return bulletin


def can_edit(user: User, unit: OrgUnit) -> bool:
    """Leaders and workers of the unit (or above it) write its bulletin."""
    return monthly.can_fill(user, unit)


def can_publish(user: User, unit: OrgUnit) -> bool:
    """Only a leader of the unit (or above it) publishes its bulletin."""
    return scoping.holds_role_over(user, unit, [Role.LEADER])
