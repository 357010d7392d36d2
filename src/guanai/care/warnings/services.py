"""Writes of the early warnings: a leader acknowledges one, or runs the detection now."""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.models import Role, User
from guanai.care.models import CareWarning, WarningStatus
from guanai.care.permissions import is_leader_of
from guanai.care.warnings.detection import DetectionReport, detect
from guanai.care.warnings.selectors import can_acknowledge
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.text import column_limit, within
from guanai.orgs.models import OrgUnit

NOTE_LENGTH = column_limit(CareWarning, "note")


@transaction.atomic
def warning_acknowledge(*, acting_user: User, warning: CareWarning, note: str) -> CareWarning:
    """Acknowledge an open warning with a note saying what is done about it (leaders)."""
    if not can_acknowledge(acting_user, warning):
        raise PermissionRefused(_("Only a leader of the person's unit may acknowledge a warning."))
    note = " ".join(note.split())
    if not note:
        raise ValidationFailed(
            _("Write a note: what has been done or will be done about it."), field="note"
        )
    within(note, NOTE_LENGTH, field="note")
    locked = CareWarning.objects.select_for_update(of=("self",)).get(pk=warning.pk)
    if locked.status != WarningStatus.OPEN:
        raise ValidationFailed(
            _("This warning is no longer open (%(status)s).")
            % {"status": WarningStatus(locked.status).label},
            field="note",
        )
    warning.status = WarningStatus.ACKNOWLEDGED
    warning.acknowledged_by = acting_user
    warning.acknowledged_at = timezone.now()
    warning.note = note
    warning.save(update_fields=["status", "acknowledged_by", "acknowledged_at", "note"])
    return warning


def _outermost(units: list[OrgUnit]) -> list[OrgUnit]:
    """Return the units not inside another of them (each subtree is detected once)."""
    distinct = list({u.pk: u for u in units}.values())
    return [
        u for u in distinct if not any(o.pk != u.pk and u.path.startswith(o.path) for o in distinct)
    ]


def warnings_check(
    *, acting_user: User, unit: OrgUnit | None = None, today: date | None = None
) -> DetectionReport:
    """Run the detection now for a unit the acting leader leads, or all the units they lead."""
    if unit is not None:
        if not is_leader_of(acting_user, unit):
            raise PermissionRefused(_("Only a leader of the unit may run the warning checks."))
        return detect(unit, today)
    led = _outermost(scoping.units_for(acting_user, [Role.LEADER]))
    if not led:
        raise PermissionRefused(_("Only a leader of the unit may run the warning checks."))
    report = DetectionReport()
    for each in led:
        report += detect(each, today)
    return report
