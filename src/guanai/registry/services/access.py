"""Who may change the roster: the roster editors of a unit, on files still open.

A command, the demo or a task acts as ``SYSTEM``, which passes; no actor at all is refused.
"""

from __future__ import annotations

from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import Actor
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.registry.models import (
    Person,
)


def require_roster_editor(acting_user: Actor, unit: OrgUnit) -> None:
    """Refuse unless ``acting_user`` is the system or a leader or worker over ``unit``."""
    if not scoping.acts_over(acting_user, unit, scoping.ROSTER_EDITORS):
        raise PermissionRefused(_("You may not register or edit persons of this unit."))


def require_open_file(person: Person) -> None:
    """Refuse a change to an archived file: it stays readable, and read-only."""
    if person.archived_at is not None:
        raise ValidationFailed(_("This file is archived and can no longer be changed."))
