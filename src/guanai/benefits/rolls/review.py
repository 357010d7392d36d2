"""Submitting, returning and approving a roll: draft → submitted → approved (locked).

Each step reads the roll again under a row lock and checks the version the user saw
(optimistic locking): a leader approves exactly the roll they reviewed, not one that was
regenerated in between. An approved roll never changes again.
"""

from __future__ import annotations

from django.db import transaction
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.benefits.models import PaymentRoll, RollStatus
from guanai.benefits.rolls.access import (
    lock_roll,
    refuse_locked,
    refuse_stale,
    require_approve,
    require_draft,
    require_edit,
)
from guanai.benefits.rolls.holds import roll_holds
from guanai.core.actors import account_of
from guanai.core.audit import access_log
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump
from guanai.core.models import AuditAction
from guanai.core.text import fits


def _require_submitted(roll: PaymentRoll) -> None:
    refuse_locked(roll)
    if roll.status != RollStatus.SUBMITTED:
        raise ValidationFailed(_("This roll has not been submitted for approval."))


@transaction.atomic
def roll_submit(*, acting_user: Actor, roll: PaymentRoll, version: int) -> PaymentRoll:
    """Send a generated draft to the leader for approval."""
    require_edit(acting_user, roll.org_unit)
    current = lock_roll(roll)
    require_draft(current)
    refuse_stale(current, version)
    if current.generated_at is None:
        raise ValidationFailed(_("Generate the roll before submitting it."))
    current.status = RollStatus.SUBMITTED
    current.submitted_at = timezone.now()
    current.submitted_by = account_of(acting_user)
    current.review_note = ""
    bump(current)
    current.save()
    return current


@transaction.atomic
def roll_return(*, acting_user: Actor, roll: PaymentRoll, note: str) -> PaymentRoll:
    """Send a submitted roll back to draft, saying what to correct."""
    require_approve(acting_user, roll.org_unit)
    current = lock_roll(roll)
    _require_submitted(current)
    note = " ".join(note.split())
    if not note:
        raise ValidationFailed(_("Say what needs to be corrected."), field="note")
    fits(note, PaymentRoll, "review_note", field="note")
    current.status = RollStatus.DRAFT
    current.review_note = note
    bump(current)
    current.save()
    return current


@transaction.atomic
def roll_approve(
    *,
    acting_user: Actor,
    roll: PaymentRoll,
    version: int,
    override: str = "",
    request: HttpRequest | None = None,
) -> PaymentRoll:
    """Approve the submitted roll the leader reviewed (``version``); it is locked after.

    A roll held back (``holds.roll_holds``: a person on it reported dead …) is approved
    only with ``override``, the leader's reason, which the access log keeps.
    """
    require_approve(acting_user, roll.org_unit)
    current = lock_roll(roll)
    _require_submitted(current)
    refuse_stale(current, version)
    holds = roll_holds(current)
    if holds:
        reason = " ".join(override.split())
        if not reason:
            raise ValidationFailed(
                _(
                    "The roll cannot be approved yet: %(holds)s. Resolve this first, or "
                    "approve anyway giving the reason."
                )
                % {"holds": "; ".join(hold.text for hold in holds)},
                field="override",
            )
        fits(reason, PaymentRoll, "review_note", field="override")
        access_log(
            user=account_of(acting_user),
            action=AuditAction.ROLL_OVERRIDE,
            obj=current,
            detail={"reason": reason, "holds": [hold.text for hold in holds]},
            request=request,
        )
    current.status = RollStatus.APPROVED
    current.approved_at = timezone.now()
    current.approved_by = account_of(acting_user)
    bump(current)
    current.save()
    return current
