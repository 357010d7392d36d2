"""Who reads and who enters the holiday arrangement.

The arrangement is the State Council's, the same for every unit, and it moves the report
deadlines of every unit: it is a setting, the system administrator's (DESIGN §1), not data
of a unit. Every system administrator reads it; only one of a county or a higher unit
enters or corrects it, so that a school's administrator cannot move the county's deadlines.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import Actor, AnyUser
from guanai.core.actors import SystemActor, require_actor
from guanai.core.errors import PermissionRefused


def may_read_holidays(user: AnyUser) -> bool:
    """Return whether the user opens the holiday page (and the menu offers it)."""
    return scoping.has_role(user, Role.SYSADMIN)


def require_holiday_reader(user: AnyUser) -> None:
    """Refuse (403) the holiday page to anyone but a system administrator."""
    if not may_read_holidays(user):
        raise PermissionDenied


def may_set_holidays(actor: Actor | None) -> bool:
    """Return whether ``actor`` enters and corrects holiday days: the system (a command,
    the demo), or a system administrator of a county or a higher unit."""
    if isinstance(actor, SystemActor):
        return True
    return any(
        m.role == Role.SYSADMIN and m.org_unit.kind in scoping.COUNTY_OR_ABOVE
        for m in scoping.memberships(require_actor(actor))
    )


def require_holiday_setter(actor: Actor | None) -> None:
    if not may_set_holidays(actor):
        raise PermissionRefused(
            _(
                "Only the system administrator of a county or a higher unit enters the "
                "holiday arrangement."
            )
        )
