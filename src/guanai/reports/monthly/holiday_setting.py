"""Whether the reports below a unit move past rest days: the setting, read and changed.

A unit sets it for the reports it receives, like the deadline day; a unit that has not set
it follows the nearest unit above that has (``deadlines``), and by default deadlines move.
Whoever sets the deadline day sets this (``can_set_deadline``: a leader of the unit or
above it).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.orgs.models import OrgUnit
from guanai.orgs.selectors import ancestors_of
from guanai.reports.models import ReportDeadline
from guanai.reports.monthly.access import can_set_deadline
from guanai.reports.monthly.deadlines import DEFAULT_RULE

# How the setting is written in a form or a request.
CHOICES = {"on": True, "off": False, "inherit": None}


@dataclass(frozen=True)
class HolidaySetting:
    """A unit's own choice (None: not set), and what holds below it."""

    own: bool | None
    # What the unit would follow without its own choice, and which unit above set it
    # (None: nobody did, the default holds).
    inherited: bool
    inherited_from: OrgUnit | None

    @property
    def in_force(self) -> bool:
        return self.inherited if self.own is None else self.own

    @property
    def choice(self) -> str:
        return next(key for key, value in CHOICES.items() if value is self.own)


def holiday_setting_of(unit: OrgUnit) -> HolidaySetting:
    """Return ``unit``'s setting and the one it inherits (two queries)."""
    chain = ancestors_of(unit)  # root first, the unit itself last
    set_values: dict[int, bool] = {
        pk: bool(moves)
        for pk, moves in ReportDeadline.objects.filter(
            org_unit__in=chain, next_working_day__isnull=False
        ).values_list("org_unit_id", "next_working_day")
    }
    inherited, source = DEFAULT_RULE.moves, None
    for above in chain[:-1]:
        if above.pk in set_values:
            inherited, source = set_values[above.pk], above
    return HolidaySetting(own=set_values.get(unit.pk), inherited=inherited, inherited_from=source)


@transaction.atomic
def holiday_setting_set(*, acting_user: User, unit: OrgUnit, choice: object) -> HolidaySetting:
    """Set whether the reports of the units below ``unit`` move past weekends and holidays:
    ``"on"``, ``"off"``, or ``"inherit"`` (follow the unit above)."""
    if not can_set_deadline(acting_user, unit):
        raise PermissionRefused(_("Only a leader of this unit sets its report deadline."))
    if not isinstance(choice, str) or choice not in CHOICES:
        raise ValidationFailed(
            _("Choose whether deadlines on rest days move to the next working day."),
            field="choice",
        )
    moves = CHOICES[choice]
    current = ReportDeadline.objects.select_for_update().filter(org_unit=unit).first()
    if current is None and moves is not None:
        ReportDeadline.objects.create(org_unit=unit, next_working_day=moves, set_by=acting_user)
    elif current is not None and moves is None and current.day is None:
        current.delete()  # it set nothing else
    elif current is not None:
        current.next_working_day = moves
        current.set_by = acting_user
        current.save()
    return holiday_setting_of(unit)
