"""Who acts: a person's account, or the system itself — never nobody.

Services take ``acting_user`` and check what that account may do. A management command,
the demo and a scheduled task act as ``SYSTEM``: it passes the permission checks (the
command's operator was checked by the machine's own access) and is recorded as no account
in ``created_by``-style fields and in the audit trail. A service called with ``None`` —
someone forgot to say who acts — refuses instead of skipping its checks.
"""

from __future__ import annotations

from typing import Final, TypeVar

from django.utils.translation import gettext as _

from guanai.core.errors import PermissionRefused

__all__ = ["SYSTEM", "SystemActor", "account_of", "is_system", "require_actor"]

T = TypeVar("T")


class SystemActor:
    """The system acting on its own (a command, the demo, a task); there is one: ``SYSTEM``."""

    pk = None
    is_authenticated = False
    is_active = True

    def __repr__(self) -> str:
        return "SYSTEM"

    def __str__(self) -> str:
        return _("the system")


SYSTEM: Final = SystemActor()


def is_system(actor: object) -> bool:
    return actor is SYSTEM


def require_actor(actor: T | None) -> T:
    """Return ``actor``; refuse when no one was named as acting."""
    if actor is None:
        raise PermissionRefused(_("No one is named as acting; nothing was changed."))
    return actor


def account_of(actor: T | SystemActor) -> T | None:
    """Return the account to record as the author: none for the system."""
    return None if isinstance(actor, SystemActor) else actor
