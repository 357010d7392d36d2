"""Who may change the roster: the roster editors of a unit, on files still open."""

from __future__ import annotations

from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.registry.models import (
    Person,
)


def require_roster_editor(acting_user: User | None, unit: OrgUnit) -> None:
    if (
        acting_user is not None
        and not scoping.roster_edit_units(acting_user).filter(pk=unit.pk).exists()
    ):
        raise PermissionRefused(_("You may not register or edit persons of this unit."))


def require_open_file(person: Person) -> None:
    """Refuse a change to an archived file: it stays readable, and read-only."""
    if person.archived_at is not None:
        raise ValidationFailed(_("This file is archived and can no longer be changed."))
