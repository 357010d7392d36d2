"""Granted entitlements and payment accounts: what a clerk records for the roll to pay.

The one-child-family aid (独生子女伤残家庭特别扶助, 篇八 (三) 6) rests on a household fact
the registry does not hold, so a clerk grants it: for how many persons (usually the two
parents), from when, and on what grounds. A person has at most one such entitlement in
effect at a time; ``ended_on`` is the last day it is in effect, so one ended on 30
November is not paid in December (the roll pays what is in effect on the 1st).

The payment account is where the roll pays: the bank, the account number (encrypted at
rest, masked to its last four digits in lists and exports), and the holder — a child's
benefits go to the guardian's account.
"""

from __future__ import annotations

import re
from datetime import date

from django.db import transaction
from django.db.models import QuerySet
from django.shortcuts import get_object_or_404
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from guanai.accounts import scoping
from guanai.accounts.scoping import Actor, AnyUser
from guanai.benefits import catalogue
from guanai.benefits.models import Entitlement, PaymentAccount
from guanai.benefits.rolls.access import can_edit_rolls
from guanai.core.actors import account_of
from guanai.core.errors import PermissionRefused, ValidationFailed
from guanai.core.text import fits
from guanai.orgs.models import OrgUnit
from guanai.registry.models import Person

MIN_QUANTITY = 1
MAX_QUANTITY = 9
ACCOUNT_DIGITS = re.compile(r"\d{8,30}", re.ASCII)


def _require_editor(acting_user: Actor, unit: OrgUnit) -> None:
    if not can_edit_rolls(acting_user, unit):
        raise PermissionRefused(_("Only a leader or worker of this unit may record benefits."))


def _require_open(person: Person) -> None:
    if person.is_archived:
        raise ValidationFailed(_("This file is archived and can no longer be changed."))


def _quantity(value: object) -> int:
    text = str(value).strip() if value is not None else ""
    if not text.isdecimal() or not MIN_QUANTITY <= int(text) <= MAX_QUANTITY:
        raise ValidationFailed(
            _("Enter the number of persons paid, from %(low)s to %(high)s.")
            % {"low": MIN_QUANTITY, "high": MAX_QUANTITY},
            field="quantity",
        )
    return int(text)


@transaction.atomic
def entitlement_grant(
    *,
    acting_user: Actor,
    person: Person,
    item: str,
    quantity: object,
    started_on: date | None,
    reason: str,
) -> Entitlement:
    """Grant a person a benefit the registry cannot derive, from ``started_on`` on."""
    _require_editor(acting_user, person.org_unit)
    _require_open(person)
    if item not in catalogue.GRANTED_ITEMS:
        raise ValidationFailed(_("This item is not granted by a clerk."), field="item")
    count = _quantity(quantity)
    if not isinstance(started_on, date):
        raise ValidationFailed(_("Enter the date it is paid from."), field="started_on")
    reason = " ".join((reason or "").split())
    if not reason:
        raise ValidationFailed(_("Say on what grounds it is granted."), field="reason")
    fits(reason, Entitlement, "reason")
    # Lock the person's entitlements so that two grants at once cannot both pass.
    held = list(Entitlement.objects.select_for_update().filter(person=person, item=item))
    overlapping = [e for e in held if e.ended_on is None or e.ended_on >= started_on]
    if overlapping:
        raise ValidationFailed(
            _("The person has this entitlement from %(day)s already; end it first.")
            % {"day": date_format(overlapping[0].started_on)},
            field="started_on",
        )
    return Entitlement.objects.create(
        person=person,
        item=item,
        quantity=count,
        started_on=started_on,
        reason=reason,
        granted_by=account_of(acting_user),
    )


@transaction.atomic
def entitlement_end(
    *, acting_user: Actor, entitlement: Entitlement, ended_on: date | None
) -> Entitlement:
    """End an entitlement: ``ended_on`` is its last day in effect."""
    current = (
        Entitlement.objects.select_for_update()
        .select_related("person__org_unit")
        .get(pk=entitlement.pk)
    )
    _require_editor(acting_user, current.person.org_unit)
    if current.ended_on is not None:
        raise ValidationFailed(_("This entitlement has ended already."), field="ended_on")
    if not isinstance(ended_on, date):
        raise ValidationFailed(_("Enter the last day it is paid for."), field="ended_on")
    if ended_on < current.started_on:
        raise ValidationFailed(
            _("The end date is before the entitlement began (%(start)s).")
            % {"start": date_format(current.started_on)},
            field="ended_on",
        )
    current.ended_on = ended_on
    current.save(update_fields=["ended_on"])
    return current


def entitlements_visible(user: AnyUser) -> QuerySet[Entitlement]:
    """Return the entitlements of the persons on the rosters the user reads (no pairing)."""
    return Entitlement.objects.filter(
        scoping.persons_q(user, prefix="person__", roster_only=True)
    ).select_related("person", "person__org_unit", "granted_by")


def access_entitlement(user: AnyUser, pk: int) -> Entitlement:
    """Return an entitlement the user may read, or raise Http404."""
    return get_object_or_404(entitlements_visible(user), pk=pk)


def entitlements_of(person: Person) -> list[Entitlement]:
    """Return the person's entitlements, current and past, newest first."""
    return list(
        Entitlement.objects.filter(person=person)
        .select_related("granted_by")
        .order_by("-started_on", "-pk")
    )


def _text(value: str | None, *, field: str, missing: str) -> str:
    text = " ".join((value or "").split())
    if not text:
        raise ValidationFailed(missing, field=field)
    return fits(text, PaymentAccount, field)


def account_number_clean(value: str | None) -> str:
    """Return an account number without spaces; refuse anything but 8 to 30 digits."""
    number = "".join((value or "").split())
    if not number:
        raise ValidationFailed(_("Enter the account number."), field="account_number")
    if not ACCOUNT_DIGITS.fullmatch(number):
        raise ValidationFailed(
            _("An account number has 8 to 30 digits and nothing else."), field="account_number"
        )
    return number


@transaction.atomic
def payment_account_set(
    *,
    acting_user: Actor,
    person: Person,
    bank: str,
    account_number: str,
    holder: str,
) -> PaymentAccount:
    """Record or replace where the person's benefits are paid."""
    _require_editor(acting_user, person.org_unit)
    _require_open(person)
    values = {
        "bank": _text(bank, field="bank", missing=_("Enter the bank.")),
        "account_number": account_number_clean(account_number),
        "holder": _text(holder, field="holder", missing=_("Enter the account holder's name.")),
    }
    account, _created = PaymentAccount.objects.update_or_create(person=person, defaults=values)
    return account


__all__ = [
    "account_number_clean",
    "entitlement_end",
    "entitlement_grant",
    "entitlements_of",
    "payment_account_set",
]
