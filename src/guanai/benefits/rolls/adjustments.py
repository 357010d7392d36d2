"""Adjusting entries: the only way to correct what an approved roll paid.

An approved roll never changes. An overpayment or an underpayment is corrected by an
adjusting line in a later month's draft roll, with a note saying why; a negative amount
names the line of the approved roll it takes back (same person and item, earlier month)
and never takes back more than that line, with its earlier corrections, paid.
"""

from __future__ import annotations

from decimal import Decimal

from django.db import transaction
from django.db.models import Sum
from django.utils.translation import gettext as _

from guanai.accounts.scoping import Actor
from guanai.benefits import eligibility
from guanai.benefits.models import LineKind, PaymentRoll, RollLine, RollStatus
from guanai.benefits.rolls.access import lock_roll, require_draft, require_edit
from guanai.benefits.rolls.generation import refresh_totals
from guanai.core.errors import ValidationFailed
from guanai.core.locking import bump
from guanai.core.money import ZERO, parse_money, yuan
from guanai.core.text import fits
from guanai.registry.models import Person


def _clean_note(note: str) -> str:
    note = " ".join(note.split())
    if not note:
        raise ValidationFailed(_("Say why the amount is adjusted."), field="note")
    return fits(note, RollLine, "note")


def _check_adjusted(
    roll: PaymentRoll, person: Person, item: str, amount: Decimal, adjusts: RollLine
) -> RollLine:
    line = RollLine.objects.select_related("roll").get(pk=adjusts.pk)
    if line.roll.status != RollStatus.APPROVED:
        raise ValidationFailed(
            _("Only a line of an approved roll can be corrected."), field="adjusts"
        )
    if line.person_id != person.pk or line.item != item:
        raise ValidationFailed(
            _("The corrected line must be of the same person and item."), field="adjusts"
        )
    if line.roll.month >= roll.month:
        raise ValidationFailed(
            _("A correction goes into a roll of a later month than the corrected line."),
            field="adjusts",
        )
    corrected = RollLine.objects.filter(adjusts=line).aggregate(s=Sum("amount"))["s"] or ZERO
    remaining = line.amount + corrected
    if amount < 0 and -amount > remaining:
        raise ValidationFailed(
            _("A correction cannot take back more than the line still pays (%(amount)s).")
            % {"amount": yuan(remaining)},
            field="amount",
        )
    return line


@transaction.atomic
def roll_adjustment_add(
    *,
    acting_user: Actor,
    roll: PaymentRoll,
    person: Person,
    item: str,
    amount: object,
    note: str,
    adjusts: RollLine | None = None,
) -> RollLine:
    """Add an adjusting line to a draft roll; a negative one corrects an approved line."""
    require_edit(acting_user, roll.org_unit)
    current = lock_roll(roll)
    require_draft(current)
    if item not in eligibility.MONTHLY_CODES:
        raise ValidationFailed(_("Choose a monthly item."), field="item")
    value = parse_money(amount, field="amount", allow_negative=True, blank_is_zero=True)
    if value == 0:
        raise ValidationFailed(_("Enter the amount to add or take back."), field="amount")
    note = _clean_note(note)
    low, high = current.org_unit.subtree_bounds()
    unit = person.org_unit
    if not low <= unit.path < high:
        raise ValidationFailed(_("This person is not in the roll's unit."), field="person")
    line = None
    if adjusts is not None:
        line = _check_adjusted(current, person, item, value, adjusts)
    elif value < 0:
        raise ValidationFailed(
            _("A negative amount corrects a line of an approved roll: choose that line."),
            field="adjusts",
        )
    created = RollLine.objects.create(
        roll=current,
        person=person,
        org_unit=unit,
        item=item,
        kind=LineKind.ADJUSTMENT,
        quantity=1,
        rate=value,
        amount=value,
        adjusts=line,
        note=note,
    )
    refresh_totals(current)
    bump(current)
    current.save()
    return created
