"""Who exports a round's answers: the roster roles of the unit analysed (DESIGN §5).

The analysis itself is read by whoever sees the round, narrowed to the cases they see; the
workbook of every answer leaves the system, so only a leader, worker or supervising viewer
of the unit takes it — a helper reads the few answers of their own on the pages.
"""

from __future__ import annotations

from guanai.accounts import scoping
from guanai.accounts.scoping import AnyUser
from guanai.orgs.models import OrgUnit


def can_export(user: AnyUser, unit: OrgUnit) -> bool:
    """Return whether the user may export the answers of ``unit``'s cases."""
    return scoping.holds_role_over(user, unit, scoping.ROSTER_ROLES)
