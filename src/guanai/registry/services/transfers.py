"""Transfers of a file to another unit, which accepts or declines it."""

from __future__ import annotations

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.models import User
from guanai.core.audit import access_log
from guanai.core.errors import ValidationFailed
from guanai.core.models import AuditAction
from guanai.core.text import fits
from guanai.orgs.models import OrgUnit
from guanai.registry.models import (
    Person,
    Transfer,
    TransferStatus,
)
from guanai.registry.services.access import require_roster_editor


def transfer_target(text: str) -> OrgUnit:
    """Find the receiving unit by its division code or its exact name."""
    text = text.strip()
    if not text:
        raise ValidationFailed(_("Enter the receiving unit's name or code."), field="to_unit")
    units = OrgUnit.objects.filter(is_active=True)
    found = list(units.filter(code=text)[:1]) or list(units.filter(name=text)[:2])
    if not found:
        raise ValidationFailed(
            _("No unit is named or coded “%(text)s”.") % {"text": text}, field="to_unit"
        )
    if len(found) > 1:
        raise ValidationFailed(
            _("Several units are named “%(text)s”; enter the division code or the full name.")
            % {"text": text},
            field="to_unit",
        )
    return found[0]


@transaction.atomic
def transfer_request(
    *,
    acting_user: User | None,
    person: Person,
    to_unit: OrgUnit,
    reason: str,
    handover_note: str = "",
) -> Transfer:
    """Send a person's file to another unit, which must accept it."""
    require_roster_editor(acting_user, person.org_unit)
    if person.is_archived:
        raise ValidationFailed(_("An archived file cannot be transferred."))
    if to_unit.pk == person.org_unit_id:
        raise ValidationFailed(_("The person is in this unit already."), field="to_unit")
    reason = reason.strip()
    if not reason:
        raise ValidationFailed(_("Enter the reason for the transfer."), field="reason")
    fits(reason, Transfer, "reason")
    if person.transfers.filter(status=TransferStatus.PENDING).exists():
        raise ValidationFailed(_("A transfer of this person is waiting already."))
    return Transfer.objects.create(
        person=person,
        from_unit=person.org_unit,
        to_unit=to_unit,
        reason=reason,
        handover_note=handover_note.strip(),
        requested_by=acting_user,
    )


def _decision_note(note: str) -> str:
    """The note of a decision, refused (not cut) when longer than its column."""
    return fits(note.strip(), Transfer, "decision_note", field="note")


def _decide(transfer: Transfer, status: str, acting_user: User | None, note: str) -> None:
    transfer.status = status
    transfer.decided_by = acting_user
    transfer.decided_at = timezone.now()
    transfer.decision_note = _decision_note(note)
    transfer.save()
    # The decision is an event of its own in the access log (issue 13, point 5): who moved
    # or kept whose file, between which units, and why.
    access_log(
        user=acting_user,
        action=AuditAction.TRANSFER,
        obj=transfer,
        detail={
            "decision": status,
            "person": transfer.person_id,
            "from_unit": transfer.from_unit_id,
            "to_unit": transfer.to_unit_id,
            "note": transfer.decision_note,
        },
    )


@transaction.atomic
def transfer_accept(*, acting_user: User | None, transfer: Transfer, note: str = "") -> Person:
    """Take the person into the receiving unit: the file and its history move with them."""
    transfer = (
        Transfer.objects.select_for_update().select_related("person", "to_unit").get(pk=transfer.pk)
    )
    require_roster_editor(acting_user, transfer.to_unit)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationFailed(_("This transfer was decided already."))
    _decision_note(note)
    person = Person.objects.select_for_update().get(pk=transfer.person_id)
    target = transfer.to_unit
    person.org_unit = target
    person.province_code = target.province_code
    # The old school is kept only if it lies inside the new unit's subtree.
    if target.kind in ("school", "kindergarten"):
        person.school = target
    elif person.school is not None and not person.school.path.startswith(target.path):
        person.school = None
        person.grade = person.class_name = ""
    if person.village is not None and not person.village.path.startswith(target.path):
        person.village = None
    person.version += 1
    person.save()
    _decide(transfer, TransferStatus.ACCEPTED, acting_user, note)
    return person


@transaction.atomic
def transfer_decline(*, acting_user: User | None, transfer: Transfer, note: str) -> Transfer:
    """Refuse a transfer with a reason; the person stays where they were."""
    require_roster_editor(acting_user, transfer.to_unit)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationFailed(_("This transfer was decided already."))
    if not note.strip():
        raise ValidationFailed(_("Say why the transfer is declined."), field="note")
    _decision_note(note)
    _decide(transfer, TransferStatus.DECLINED, acting_user, note)
    return transfer


@transaction.atomic
def transfer_cancel(*, acting_user: User | None, transfer: Transfer) -> Transfer:
    """Withdraw a transfer that the receiving unit has not decided yet."""
    require_roster_editor(acting_user, transfer.from_unit)
    if transfer.status != TransferStatus.PENDING:
        raise ValidationFailed(_("This transfer was decided already."))
    _decide(transfer, TransferStatus.CANCELLED, acting_user, "")
    return transfer
