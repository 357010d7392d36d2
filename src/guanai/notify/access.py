"""Who may open the notifications' admin pages."""

from __future__ import annotations

from guanai.accounts import scoping
from guanai.accounts.models import Role
from guanai.accounts.scoping import AnyUser


def sees_delivery_log(user: AnyUser) -> bool:
    """The security admin reads the delivery log (point 5)."""
    return scoping.has_role(user, Role.SECADMIN)


def runs_jobs(user: AnyUser) -> bool:
    """The system admin sees the scheduled jobs and runs one now (point 6)."""
    return scoping.has_role(user, Role.SYSADMIN)
