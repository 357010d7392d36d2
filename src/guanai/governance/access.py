"""Who reads and does what in the work organisation (DESIGN §1, §5).

* Leading groups, practical matters and targets are a unit's public commitments: the
  leaders, workers, viewers and helpers of the unit or a unit below read them, and so do
  those of the units above. A member's persons (分工 by pupils) are shown only to those who
  read the persons (the pages ask ``registry.selectors.persons_visible``).
* A work plan is read by those roles of the unit and above while it is a draft, and by the
  units below once published (下发).
* A supervision visit and its rectifications are read by the roster roles (leader, worker,
  viewer) of the supervising unit and above and of the unit visited.
* A leader or worker of a unit (or above) keeps its group, plans, practical matters and the
  figures of its targets entered by hand, records its visits to the units below and accepts
  or sends back their rectifications; a leader or worker of the unit to rectify (or above)
  reports what it did. A leader publishes a plan and sets the targets.

Anything outside the user's scope is a 404.
"""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.errors import PermissionRefused
from guanai.orgs.models import OrgUnit

READERS = frozenset({Role.LEADER, Role.WORKER, Role.VIEWER, Role.HELPER})
MANAGERS = frozenset({Role.LEADER, Role.WORKER})
LEADERS = frozenset({Role.LEADER})


def can_open(user: AnyUser) -> bool:
    """Return whether the user gets the pages (the menu asks the same)."""
    return bool(scoping.roles(user) & READERS)


def read_q(user: AnyUser, field: str = "org_unit__path") -> Q:
    """Return the filter for a unit's public commitments: the user's units' subtrees and the
    units above them."""
    units = scoping.units_for(user, READERS)
    return scoping.subtree_q(units, field=field) | scoping.sent_down_q(user, field, READERS)


def own_q(user: AnyUser, field: str = "org_unit__path") -> Q:
    """Return the filter for the records of the units the user reads the roster of (a draft
    plan, a visit and its rectifications)."""
    return scoping.roster_subtree_q(user, field=field)


def can_manage(user: Actor, unit: OrgUnit) -> bool:
    return scoping.acts_over(user, unit, MANAGERS)


def require_manage(user: Actor, unit: OrgUnit) -> None:
    if not can_manage(user, unit):
        raise PermissionRefused(_("Only a leader or worker of the unit or above may do this."))


def can_lead(user: Actor, unit: OrgUnit) -> bool:
    return scoping.acts_over(user, unit, LEADERS)


def require_lead(user: Actor, unit: OrgUnit) -> None:
    if not can_lead(user, unit):
        raise PermissionRefused(_("Only a leader of the unit or above may do this."))
