"""The life of a request for a service: asked → assessed → approved or refused → delivered.

* ``application_create``: for a person the user may ask for (``access.can_request``), a
  service in use; one open request per person and service (a second is refused, naming the
  first). Anyone may ask whether or not the rules say the person qualifies today (the office
  decides), but the assessment shows what the rules found.
* ``application_assess``: a worker records what the service should be (a size, a plan).
* ``application_decide``: a leader approves or refuses (with a reason); only after it is
  assessed or straight from the asking (a leader may assess and approve at once).
* ``application_deliver``: only an approved request, of a service that is not a project
  (a project is delivered by its acceptance stage, ``projects.stage_record``); the date is
  not before the approval nor in the future; a device's serial number is required.
* ``application_cancel``: any open request, with a reason; never deleted.
* ``followup_add``: after delivery, whether it is in use, needs repair or is unused (with
  the reason for the last two).

Every change raises the version (optimistic locking: a form opened at an older version is
refused) and the decision and the delivery are named in the access log.
"""

from __future__ import annotations

from datetime import date
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from guanai.accounts.scoping import Actor
from guanai.core.actors import account_of
from guanai.core.audit import access_log
from guanai.core.dates import check_plausible_day
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.locking import bump, refuse_stale
from guanai.core.models import AuditAction
from guanai.core.money import parse_money
from guanai.core.text import fits
from guanai.inkind import access
from guanai.inkind.models import (
    OPEN_STATUSES,
    Application,
    ApplicationSource,
    ApplicationStatus,
    FollowUp,
    Service,
    UseStatus,
)
from guanai.registry.models import Person
from guanai.registry.services import require_open_file

# Translated when it is said (a module constant would keep the language it was loaded in).
STALE = gettext_lazy(
    "Someone changed this request after you opened it (%(fields)s); reload and try again."
)
STALE_FIELDS = ("status", "assessment", "decision_note", "delivered_on", "cancel_reason")


def checked_day(value: date | None, field: str, *, not_before: date | None = None) -> date:
    day = value or timezone.localdate()
    check_plausible_day(day, field=field)
    if not_before is not None and day < not_before:
        raise ValidationFailed(
            _("The date cannot be before %(day)s, the step before it.")
            % {"day": f"{not_before:%Y-%m-%d}"},
            field=field,
        )
    return day


def lock_fresh(application: Application, version: int) -> Application:
    current = (
        Application.objects.select_for_update()
        .select_related("person__org_unit", "service")
        .get(pk=application.pk)
    )
    refuse_stale(current, version, message=str(STALE), fields=STALE_FIELDS)
    return current


def save_bumped(application: Application, user: Actor, fields: list[str]) -> None:
    bump(application)
    application.save(update_fields=[*fields, "version", "updated_at"])


@transaction.atomic
def application_create(
    user: Actor,
    *,
    person: Person,
    service: Service,
    source: str,
    reason: str = "",
    requested_on: date | None = None,
) -> Application:
    """Record a request for ``service`` for ``person``; refused if one is still open."""
    if not access.can_request(user, person):
        raise PermissionRefused(_("You may not ask for services for this person."))
    require_open_file(person)
    if not service.active:
        raise ValidationFailed(_("“%(name)s” is no longer offered.") % {"name": service.name})
    if source not in ApplicationSource.values:
        raise ValidationFailed(_("Choose where the request comes from."), field="source")
    open_one = Application.objects.filter(
        person=person, service=service, status__in=OPEN_STATUSES
    ).first()
    if open_one is not None:
        raise ValidationFailed(
            _("%(person)s already has an open request for %(service)s (from %(day)s).")
            % {
                "person": person.name,
                "service": service.name,
                "day": f"{open_one.requested_on:%Y-%m-%d}",
            },
            field="service",
        )
    application = Application(
        person=person,
        service=service,
        source=source,
        reason=fits(reason.strip(), Application, "reason"),
        requested_on=checked_day(requested_on, "requested_on"),
        requested_by=account_of(user),
    )
    try:
        with transaction.atomic():
            application.save()
    except IntegrityError:  # the same request made at the same moment by someone else
        raise ValidationFailed(
            _("%(person)s already has an open request for %(service)s.")
            % {"person": person.name, "service": service.name},
            field="service",
        ) from None
    return application


def _require_status(application: Application, *allowed: str, doing: str) -> None:
    if application.status not in allowed:
        raise ValidationFailed(
            _("This request is %(status)s; it cannot be %(doing)s now.")
            % {"status": application.get_status_display(), "doing": doing}
        )


@transaction.atomic
def application_assess(
    user: Actor, application: Application, *, version: int, assessment: str, on: date | None = None
) -> Application:
    """Record the assessment of a request that was asked for (or re-assess before a decision)."""
    application = lock_fresh(application, version)
    access.require_work(user, application)
    _require_status(
        application, ApplicationStatus.REQUESTED, ApplicationStatus.ASSESSED, doing=_("assessed")
    )
    text = assessment.strip()
    if not text:
        raise ValidationFailed(_("Write what the assessment found."), field="assessment")
    application.assessment = fits(text, Application, "assessment")
    application.assessed_on = checked_day(on, "assessed_on", not_before=application.requested_on)
    application.assessed_by = account_of(user)
    application.status = ApplicationStatus.ASSESSED
    save_bumped(application, user, ["assessment", "assessed_on", "assessed_by", "status"])
    return application


@transaction.atomic
def application_decide(
    user: Actor,
    application: Application,
    *,
    version: int,
    approve: bool,
    note: str = "",
    on: date | None = None,
) -> Application:
    """Approve or refuse a request (a leader); a refusal says why."""
    application = lock_fresh(application, version)
    access.require_approve(user, application)
    _require_status(
        application,
        ApplicationStatus.REQUESTED,
        ApplicationStatus.ASSESSED,
        doing=_("approved or refused"),
    )
    text = note.strip()
    if not approve and not text:
        raise ValidationFailed(_("Say why the request is refused."), field="decision_note")
    application.decision_note = fits(text, Application, "decision_note")
    application.decided_on = checked_day(
        on, "decided_on", not_before=application.assessed_on or application.requested_on
    )
    application.decided_by = account_of(user)
    application.status = ApplicationStatus.APPROVED if approve else ApplicationStatus.REFUSED
    save_bumped(application, user, ["decision_note", "decided_on", "decided_by", "status"])
    access_log(
        user=account_of(user),
        action=AuditAction.ASSISTANCE_DECIDE,
        obj=application,
        detail={"status": application.status, "service": application.service.code},
    )
    return application


def delivery_clean(service: Service, raw: dict[str, Any]) -> dict[str, Any]:
    """Return the delivery's fields (supplier, cost, serial number, note) checked."""
    serial = str(raw.get("serial_number") or "").strip()
    if service.needs_serial and not serial:
        raise ValidationFailed(
            _("Write the serial number of the %(service)s delivered.") % {"service": service.name},
            field="serial_number",
        )
    cost_raw = raw.get("cost")
    cost: Decimal | None = None
    if cost_raw not in (None, ""):
        cost = parse_money(cost_raw, field="cost")
    return {
        "supplier": fits(str(raw.get("supplier") or "").strip(), Application, "supplier"),
        "cost": cost,
        "serial_number": fits(serial, Application, "serial_number"),
        "delivery_note": fits(
            str(raw.get("delivery_note") or "").strip(), Application, "delivery_note"
        ),
    }


def mark_delivered(
    user: Actor, application: Application, on: date | None, fields: dict[str, Any]
) -> None:
    """Deliver an approved request (a project: by its acceptance); the caller has locked it."""
    if application.status != ApplicationStatus.APPROVED:
        raise ValidationFailed(
            _("Only an approved request can be delivered; this one is %(status)s.")
            % {"status": application.get_status_display()},
            field="delivered_on",
        )
    application.delivered_on = checked_day(on, "delivered_on", not_before=application.decided_on)
    application.delivered_by = account_of(user)
    application.status = ApplicationStatus.DELIVERED
    for name, value in fields.items():
        setattr(application, name, value)
    save_bumped(application, user, ["delivered_on", "delivered_by", "status", *fields])
    access_log(
        user=account_of(user),
        action=AuditAction.ASSISTANCE_DELIVER,
        obj=application,
        detail={"service": application.service.code, "delivered_on": f"{application.delivered_on}"},
    )


@transaction.atomic
def application_deliver(
    user: Actor,
    application: Application,
    *,
    version: int,
    on: date | None = None,
    **raw: Any,
) -> Application:
    """Record the delivery of an approved request (a project is delivered by its acceptance)."""
    application = lock_fresh(application, version)
    access.require_work(user, application)
    if application.service.is_project:
        raise ValidationFailed(
            _("%(service)s is a project: it is delivered when its acceptance is recorded.")
            % {"service": application.service.name}
        )
    mark_delivered(user, application, on, delivery_clean(application.service, raw))
    return application


@transaction.atomic
def application_cancel(
    user: Actor, application: Application, *, version: int, reason: str
) -> Application:
    """Cancel an open request with a reason (withdrawn, moved away, died …)."""
    application = lock_fresh(application, version)
    access.require_work(user, application)
    _require_status(application, *OPEN_STATUSES, doing=_("cancelled"))
    text = reason.strip()
    if not text:
        raise ValidationFailed(_("Say why the request is cancelled."), field="cancel_reason")
    application.cancel_reason = fits(text, Application, "cancel_reason")
    application.status = ApplicationStatus.CANCELLED
    save_bumped(application, user, ["cancel_reason", "status"])
    return application


@transaction.atomic
def followup_add(
    user: Actor, application: Application, *, status: str, reason: str = "", on: date | None = None
) -> FollowUp:
    """Record whether what was delivered is in use; 'needs repair' and 'unused' say why."""
    access.require_work(user, application)
    if application.status != ApplicationStatus.DELIVERED:
        raise ValidationFailed(_("Only a delivered request is followed up."))
    if status not in UseStatus.values:
        raise ValidationFailed(_("Choose whether it is in use."), field="status")
    text = reason.strip()
    if status != UseStatus.IN_USE and not text:
        raise ValidationFailed(_("Say why it needs repair or is not used."), field="reason")
    return FollowUp.objects.create(
        application=application,
        visited_on=checked_day(on, "visited_on", not_before=application.delivered_on),
        status=status,
        reason=fits(text, FollowUp, "reason"),
        recorded_by=account_of(user),
    )
