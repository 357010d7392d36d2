"""Writes of the services delivered to residents: a session logged or taken back, a
supported-employment placement opened, followed up, declared stable or ended.

Editors are those of the institution (``register.access.require_edit``). Bad input is
refused with a message beside its field and nothing is saved; every save and delete is
audited by django-auditlog (the app registers its models).
"""

from __future__ import annotations

from datetime import date

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.dates import check_plausible_day
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.text import fits, within
from guanai.institutions.models import (
    Decision,
    FollowUp,
    Placement,
    Resident,
    ServiceLog,
    ServiceType,
    Staff,
    StaffRole,
)
from guanai.institutions.models.services import MAX_MINUTES
from guanai.institutions.register.access import can_edit, require_edit

# The roles that coach a supported-employment placement (术语 (八): 就业服务指导人员), and the
# social worker who stands in where the institution has no instructor.
COACH_ROLES = (StaffRole.EMPLOYMENT, StaffRole.SOCIAL_WORKER)
# A follow-up's note: what was found at the workplace, a few paragraphs at most.
FOLLOW_UP_NOTE_MAX = 2000


def _admitted(resident: Resident) -> None:
    if resident.decision != Decision.ADMITTED or resident.started_on is None:
        raise ValidationFailed(
            _("This person's application was refused: no services are recorded for them.")
        )


def _within_stay(resident: Resident, day: date, *, field: str, today: date) -> date:
    check_plausible_day(day, field=field, today=today)
    if resident.started_on is not None and day < resident.started_on:
        raise ValidationFailed(
            _("%(day)s is before the resident's stay began on %(start)s.")
            % {"day": f"{day:%Y-%m-%d}", "start": f"{resident.started_on:%Y-%m-%d}"},
            field=field,
        )
    if resident.ended_on is not None and day > resident.ended_on:
        raise ValidationFailed(
            _("%(day)s is after the resident left on %(end)s.")
            % {"day": f"{day:%Y-%m-%d}", "end": f"{resident.ended_on:%Y-%m-%d}"},
            field=field,
        )
    return day


def _staff_of(resident: Resident, staff: Staff | None, *, field: str = "staff") -> None:
    if staff is None:
        return
    if staff.institution_id != resident.institution_id:
        raise ValidationFailed(
            _("%(name)s is not on this institution's staff.") % {"name": staff.name}, field=field
        )
    if not staff.is_active:
        raise ValidationFailed(
            _("%(name)s has left the staff; choose someone on it.") % {"name": staff.name},
            field=field,
        )


def _note(text: str) -> str:
    return "\n".join(line.strip() for line in text.strip().splitlines())


@transaction.atomic
def service_log_add(
    *,
    acting_user: Actor,
    resident: Resident,
    on: date,
    type: str,
    minutes: int,
    staff: Staff | None = None,
    note: str = "",
    today: date | None = None,
) -> ServiceLog:
    """Record a session of service ``type`` given to ``resident`` on ``on``."""
    require_edit(acting_user, resident.institution.org_unit)
    today = today or timezone.localdate()
    _admitted(resident)
    if type not in ServiceType.values:
        raise ValidationFailed(_("Choose the service given."), field="type")
    if isinstance(minutes, bool) or not 1 <= minutes <= MAX_MINUTES:
        raise ValidationFailed(
            _("A session lasts 1 to %(most)s minutes.") % {"most": MAX_MINUTES}, field="minutes"
        )
    _within_stay(resident, on, field="on", today=today)
    _staff_of(resident, staff)
    note = _note(note)
    fits(note, ServiceLog, "note", field="note")
    return ServiceLog.objects.create(
        resident=resident,
        on=on,
        type=type,
        minutes=minutes,
        staff=staff,
        note=note,
        created_by=account_of(acting_user),
    )


def can_delete_log(user: Actor, log: ServiceLog) -> bool:
    """The author of a log, or an editor of the institution, takes it back."""
    author = log.created_by_id is not None and log.created_by_id == getattr(user, "pk", None)
    return author or can_edit(user, log.resident.institution.org_unit)


@transaction.atomic
def service_log_delete(*, acting_user: Actor, log: ServiceLog) -> None:
    """Take back a session logged by mistake (the audit trail keeps what it was)."""
    if not can_delete_log(acting_user, log):
        raise PermissionRefused(
            _(
                "Only the person who logged this session, or an editor of the institution, may "
                "take it back."
            )
        )
    log.delete()  # one row, through delete(): django-auditlog records what it was


def _coach(resident: Resident, coach: Staff | None) -> None:
    if coach is None:
        return
    _staff_of(resident, coach, field="coach")
    if coach.role not in COACH_ROLES:
        raise ValidationFailed(
            _(
                "A placement is coached by an employment-service instructor or a social worker; "
                "%(name)s is a %(role)s."
            )
            % {"name": coach.name, "role": coach.get_role_display()},
            field="coach",
        )


def _text(value: str, field: str, *, empty: str) -> str:
    value = " ".join(value.split())
    if not value:
        raise ValidationFailed(empty, field=field)
    return fits(value, Placement, field)


@transaction.atomic
def placement_add(
    *,
    acting_user: Actor,
    resident: Resident,
    employer: str,
    job: str,
    started_on: date,
    coach: Staff | None = None,
    follow_up_days: int = 30,
    today: date | None = None,
) -> Placement:
    """Open a supported-employment placement of ``resident`` with an ordinary employer."""
    require_edit(acting_user, resident.institution.org_unit)
    today = today or timezone.localdate()
    _admitted(resident)
    employer = _text(employer, "employer", empty=_("Enter the employer."))
    job = _text(job, "job", empty=_("Enter the job."))
    _within_stay(resident, started_on, field="started_on", today=today)
    _coach(resident, coach)
    if isinstance(follow_up_days, bool) or not 1 <= follow_up_days <= 366:
        raise ValidationFailed(_("Follow up every 1 to 366 days."), field="follow_up_days")
    Resident.objects.select_for_update().filter(pk=resident.pk).first()  # one at a time
    current = Placement.objects.filter(resident=resident, ended_on__isnull=True).first()
    if current is not None:
        raise ValidationFailed(
            _("The resident already works at %(employer)s; end that placement first.")
            % {"employer": current.employer}
        )
    return Placement.objects.create(
        resident=resident,
        employer=employer,
        job=job,
        started_on=started_on,
        coach=coach,
        follow_up_days=follow_up_days,
    )


def _locked(placement: Placement) -> Placement:
    return (
        Placement.objects.select_for_update()
        .select_related("resident", "resident__institution", "resident__institution__org_unit")
        .get(pk=placement.pk)
    )


@transaction.atomic
def follow_up_add(
    *,
    acting_user: Actor,
    placement: Placement,
    on: date,
    note: str,
    staff: Staff | None = None,
    stable: bool = False,
    today: date | None = None,
) -> FollowUp:
    """Record a follow-up of the placement; ``stable``: the job is stable from ``on``, the
    coach steps back and no further follow-up is due."""
    require_edit(acting_user, placement.resident.institution.org_unit)
    today = today or timezone.localdate()
    current = _locked(placement)
    if current.ended_on is not None:
        raise ValidationFailed(_("This placement has ended: it is followed up no more."))
    if current.stable_on is not None:
        raise ValidationFailed(
            _("This job is stable since %(day)s: it is followed up no more.")
            % {"day": f"{current.stable_on:%Y-%m-%d}"}
        )
    check_plausible_day(on, field="on", today=today)
    if on < current.started_on:
        raise ValidationFailed(
            _("%(day)s is before the job began on %(start)s.")
            % {"day": f"{on:%Y-%m-%d}", "start": f"{current.started_on:%Y-%m-%d}"},
            field="on",
        )
    note = _note(note)
    if not note:
        raise ValidationFailed(_("Write what the follow-up found."), field="note")
    within(note, FOLLOW_UP_NOTE_MAX, field="note")
    _staff_of(current.resident, staff)
    follow_up = FollowUp.objects.create(
        placement=current, on=on, note=note, staff=staff, created_by=account_of(acting_user)
    )
    if stable:
        current.stable_on = on
        bump(current)
        current.save()
    placement.stable_on, placement.version = current.stable_on, current.version
    return follow_up


@transaction.atomic
def placement_end(
    *,
    acting_user: Actor,
    placement: Placement,
    ended_on: date,
    reason: str,
    version: int,
    today: date | None = None,
) -> Placement:
    """End a placement read at ``version`` (the job was lost, or the resident left it)."""
    require_edit(acting_user, placement.resident.institution.org_unit)
    today = today or timezone.localdate()
    current = _locked(placement)
    refuse_stale(
        current,
        version,
        message=_(
            "Someone changed this placement after you opened it (%(fields)s). Reload it and "
            "make your change again."
        ),
        fields=["stable_on", "ended_on", "end_reason"],
    )
    if current.ended_on is not None:
        raise ValidationFailed(
            _("This placement ended on %(day)s.") % {"day": f"{current.ended_on:%Y-%m-%d}"}
        )
    check_plausible_day(ended_on, field="ended_on", today=today)
    if ended_on < current.started_on:
        raise ValidationFailed(
            _("%(day)s is before the job began on %(start)s.")
            % {"day": f"{ended_on:%Y-%m-%d}", "start": f"{current.started_on:%Y-%m-%d}"},
            field="ended_on",
        )
    reason = " ".join(reason.split())
    if not reason:
        raise ValidationFailed(_("Say why the placement ended."), field="reason")
    fits(reason, Placement, "end_reason", field="reason")
    current.ended_on = ended_on
    current.end_reason = reason
    bump(current)
    current.save()
    return current
