"""Writes of a visit's shifts: check-in and check-out on the visit's day, a coordinator's
correction with its reason, the host's confirmation.

Check-in and check-out are taken only within the visit's window (``hours.check_window``:
its day in local time, or until four hours after its end when that is later); outside it
they are refused with the window in the message and nothing is saved. A coordinator — the
group's leaders and workers or the host unit's — corrects a shift's times, or records one a
volunteer forgot, with a reason, until the host confirms its hours; the hours follow, and
the access log names the correction (``AuditAction.SHIFT_CORRECT``) with the times before
and after. The host's confirmation is named there too (``AuditAction.HOURS_CONFIRM``). Both
rows are written in the service's transaction, so a refused or failed write leaves none.
"""

from __future__ import annotations

from datetime import datetime
from decimal import Decimal
from typing import Any

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.community.models import (
    ServiceShift,
    VisitRole,
    VisitRoleKind,
    Volunteer,
    VolunteerVisit,
)
from guanai.community.volunteers.access import (
    can_coordinate,
    is_host,
    require_check,
    require_host,
)
from guanai.community.volunteers.hours import MAX_SHIFT, check_window, shift_hours
from guanai.community.volunteers.visits import require_open
from guanai.core.actors import account_of
from guanai.core.audit import access_log
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.models import AuditAction
from guanai.core.text import within

# A reason says what went wrong ("忘记签退，按带队记录补录"), not a report.
REASON_MAX = 200


def shown(moment: datetime) -> str:
    """Return ``moment`` as a message shows it: local date and time to the minute."""
    return timezone.localtime(moment, timezone.get_default_timezone()).strftime("%Y-%m-%d %H:%M")


def window_of(visit: VolunteerVisit) -> tuple[datetime, datetime]:
    """Return when the visit opens and closes to check-in and check-out."""
    event = visit.event
    return check_window(event.starts_at, event.ends_at, timezone.get_default_timezone())


def require_in_window(visit: VolunteerVisit, moment: datetime, *, field: str) -> None:
    """Refuse a check-in or check-out at ``moment`` outside the visit's window."""
    opens, closes = window_of(visit)
    if moment < opens:
        raise ValidationFailed(
            _("The visit has not begun: check-in opens on %(opens)s.") % {"opens": shown(opens)},
            field=field,
        )
    if moment >= closes:
        raise ValidationFailed(
            _(
                "Check-in and check-out for this visit closed at %(closes)s; a coordinator can "
                "correct the times."
            )
            % {"closes": shown(closes)},
            field=field,
        )


def _require_signed(visit: VolunteerVisit, volunteer: Volunteer) -> None:
    if not VisitRole.objects.filter(
        visit=visit, volunteer=volunteer, role=VisitRoleKind.PARTICIPANT
    ).exists():
        raise ValidationFailed(
            _("%(name)s is not signed up for this visit.") % {"name": volunteer.name}
        )


def _require_length(in_at: datetime, out_at: datetime) -> None:
    if out_at < in_at:
        raise ValidationFailed(_("The check-out cannot be before the check-in."), field="out_at")
    if out_at - in_at > MAX_SHIFT:
        raise ValidationFailed(
            _("A shift lasts at most 24 hours; ask the coordinator to record the time."),
            field="out_at",
        )


@transaction.atomic
def check_in(
    *, acting_user: Actor, visit: VolunteerVisit, volunteer: Volunteer, at: datetime | None = None
) -> ServiceShift:
    """Record that a signed-up volunteer arrived (now, unless ``at`` is given), on the
    visit's day."""
    require_check(acting_user, visit, volunteer)
    require_open(visit)
    _require_signed(visit, volunteer)
    if ServiceShift.objects.filter(visit=visit, volunteer=volunteer).exists():
        raise ValidationFailed(_("%(name)s has checked in already.") % {"name": volunteer.name})
    in_at = at or timezone.now()
    require_in_window(visit, in_at, field="in_at")
    return ServiceShift.objects.create(visit=visit, volunteer=volunteer, in_at=in_at)


@transaction.atomic
def check_out(
    *, acting_user: Actor, visit: VolunteerVisit, volunteer: Volunteer, at: datetime | None = None
) -> ServiceShift:
    """Record that the volunteer left, on the visit's day or the night after; the shift's
    hours follow (``hours.shift_hours``)."""
    require_check(acting_user, visit, volunteer)
    shift = (
        ServiceShift.objects.select_for_update().filter(visit=visit, volunteer=volunteer).first()
    )
    if shift is None:
        raise ValidationFailed(_("%(name)s has not checked in.") % {"name": volunteer.name})
    if shift.out_at is not None:
        raise ValidationFailed(_("%(name)s has checked out already.") % {"name": volunteer.name})
    out_at = at or timezone.now()
    require_in_window(visit, out_at, field="out_at")
    _require_length(shift.in_at, out_at)
    shift.out_at = out_at
    shift.hours = shift_hours(shift.in_at, out_at)
    shift.save(update_fields=["out_at", "hours"])
    return shift


def may_correct(user: Actor, visit: VolunteerVisit) -> bool:
    """The group's coordinators and the host unit's leaders and workers correct shifts."""
    return can_coordinate(user, visit) or is_host(user, visit)


def _times(shift: ServiceShift | None) -> dict[str, Any]:
    if shift is None:
        return {"in_at": None, "out_at": None, "hours": None}
    return {
        "in_at": shift.in_at.isoformat(),
        "out_at": shift.out_at.isoformat() if shift.out_at else None,
        "hours": str(shift.hours) if shift.hours is not None else None,
    }


def _clean_reason(reason: str) -> str:
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationFailed(_("Give the reason for the correction."), field="reason")
    return within(reason, REASON_MAX, field="reason")


def _check_times(visit: VolunteerVisit, in_at: datetime, out_at: datetime | None) -> None:
    if in_at.tzinfo is None or (out_at is not None and out_at.tzinfo is None):
        raise TypeError("shift times must be timezone-aware")
    now = timezone.now()
    for field, moment in (("in_at", in_at), ("out_at", out_at)):
        if moment is not None and moment > now:
            raise ValidationFailed(_("A time still to come cannot be recorded."), field=field)
    opens, closes = window_of(visit)
    if not opens <= in_at < closes:
        raise ValidationFailed(
            _("The check-in must be in the visit's hours: from %(opens)s to %(closes)s.")
            % {"opens": shown(opens), "closes": shown(closes)},
            field="in_at",
        )
    if out_at is not None:
        _require_length(in_at, out_at)


@transaction.atomic
def shift_correct(
    *,
    acting_user: Actor,
    visit: VolunteerVisit,
    volunteer: Volunteer,
    in_at: datetime,
    out_at: datetime | None,
    reason: str,
) -> ServiceShift:
    """Set the volunteer's check-in and check-out on the visit to what really happened
    (``out_at`` None: still there), with the reason; record a shift the volunteer forgot to
    check in for. Refused once the host has confirmed the shift's hours."""
    if not may_correct(acting_user, visit):
        raise PermissionRefused(
            _("Only the group's coordinators or the unit visited correct a volunteer's times.")
        )
    reason = _clean_reason(reason)
    _require_signed(visit, volunteer)
    shift = (
        ServiceShift.objects.select_for_update().filter(visit=visit, volunteer=volunteer).first()
    )
    if shift is not None and shift.confirmed_at is not None:
        raise ValidationFailed(
            _("The hours of %(name)s are confirmed already: they can no longer be corrected.")
            % {"name": volunteer.name}
        )
    _check_times(visit, in_at, out_at)
    if shift is not None and (shift.in_at, shift.out_at) == (in_at, out_at):
        raise ValidationFailed(_("These are the times recorded already: nothing to correct."))
    before = _times(shift)
    if shift is None:
        shift = ServiceShift(visit=visit, volunteer=volunteer)
    shift.in_at = in_at
    shift.out_at = out_at
    shift.hours = shift_hours(in_at, out_at) if out_at is not None else None
    shift.save()
    access_log(
        user=account_of(acting_user),
        action=AuditAction.SHIFT_CORRECT,
        obj=shift,
        detail={
            "visit": visit.pk,
            "volunteer": volunteer.pk,
            "reason": reason,
            "before": before,
            "after": _times(shift),
        },
    )
    return shift


@transaction.atomic
def shifts_confirm_all(*, acting_user: Actor, visit: VolunteerVisit) -> int:
    """Confirm every finished, unconfirmed shift of the visit; return how many.

    One save per shift, so that auditlog records each (a visit has at most its cap); one
    access-log row names the confirmation, with the shifts and their hours.
    """
    require_host(acting_user, visit)
    now = timezone.now()
    by = account_of(acting_user)
    shifts = list(
        ServiceShift.objects.select_for_update().filter(
            visit=visit, out_at__isnull=False, confirmed_at__isnull=True
        )
    )
    for shift in shifts:
        shift.confirmed_by = by
        shift.confirmed_at = now
        shift.save(update_fields=["confirmed_by", "confirmed_at"])
    if shifts:
        access_log(
            user=by,
            action=AuditAction.HOURS_CONFIRM,
            obj=visit,
            detail={
                "shifts": [s.pk for s in shifts],
                "hours": str(sum((s.hours or Decimal(0) for s in shifts), Decimal(0))),
            },
        )
    return len(shifts)
