"""A person's benefits, granted entitlements and payment account through the API.

Scoped like the benefits pages (see ``api.benefits``): the roster roles of a unit read a
person's benefits, its leaders and workers change them; the account number is shown
masked to its last 4 digits.
"""

# No `from __future__ import annotations`: ninja builds its parameter models from these
# signatures and cannot resolve the types named as strings.

from datetime import date, datetime

from django.http import HttpRequest
from django.utils import timezone
from ninja import Field, Query, Router, Schema
from ninja.responses import Status

from guanai.api.benefits import (
    MonthlyCode,
    money,
    reader,
    user_name,
)
from guanai.api.errors import AUTH_ERRORS, ErrorOut
from guanai.api.schemas import (
    WRITE_ERRORS,
    RefOut,
    Text30,
    Text50,
    Text60,
    Text200,
)
from guanai.api.types import Date
from guanai.benefits import catalogue, eligibility, entitlements
from guanai.benefits.models import Entitlement, PaymentAccount
from guanai.core.masking import mask_account
from guanai.core.money import ZERO
from guanai.registry import file_reads
from guanai.registry.selectors import access_person_on_roster

router = Router(tags=["benefits"])


class BenefitOut(Schema):
    """What a person gets a month for one item, and why."""

    item: str
    label: str
    quantity: int
    rate: str
    amount: str
    reason: str
    source: str = Field(description="Where the standard comes from.")
    started_on: date | None
    ended_on: date | None
    entitlement_id: int | None


class EntitlementOut(Schema):
    id: int
    person_id: int
    item: str
    label: str
    quantity: int
    started_on: date
    ended_on: date | None
    reason: str
    granted_by: str
    granted_at: datetime


class PaymentAccountOut(Schema):
    """Where benefits are paid; the account number shows its last 4 digits only."""

    bank: str
    account_masked: str
    holder: str
    updated_at: datetime


class PersonBenefitsOut(Schema):
    person: RefOut
    org_unit: RefOut
    on: date
    benefits: list[BenefitOut]
    monthly_total: str
    gaps: list[str] = Field(
        description="Why the person is left out of an item, e.g. an orphan's support mode not "
        "recorded: nobody is silently left out."
    )
    entitlements: list[EntitlementOut]
    payment_account: PaymentAccountOut | None


class OnQuery(Schema):
    on: Date | None = Field(None, description="The day; today when left out.")


class EntitlementIn(Schema):
    item: MonthlyCode = Field(description="A granted item: one_child_aid.")
    quantity: int = Field(1, ge=1, le=20, description="How many persons it is paid for.")
    started_on: Date
    reason: Text200


class EntitlementEndIn(Schema):
    ended_on: Date


class PaymentAccountIn(Schema):
    bank: Text60
    account_number: Text30
    holder: Text50 = Field(description="The account holder: a child's guardian, for a child.")


def _entitlement_out(entry: Entitlement) -> EntitlementOut:
    return EntitlementOut(
        id=entry.pk,
        person_id=entry.person_id,
        item=entry.item,
        label=str(catalogue.item(entry.item).label),
        quantity=entry.quantity,
        started_on=entry.started_on,
        ended_on=entry.ended_on,
        reason=entry.reason,
        granted_by=user_name(entry.granted_by),
        granted_at=entry.granted_at,
    )


def _account_out(account: PaymentAccount) -> PaymentAccountOut:
    return PaymentAccountOut(
        bank=account.bank,
        account_masked=mask_account(account.account_number),
        holder=account.holder,
        updated_at=account.updated_at,
    )


def _benefit_out(benefit: eligibility.Benefit) -> BenefitOut:
    return BenefitOut(
        item=benefit.item.code,
        label=str(benefit.item.label),
        quantity=benefit.quantity,
        rate=money(benefit.rate.amount),
        amount=money(benefit.amount),
        reason=str(benefit.reason),
        source=benefit.rate.source,
        started_on=benefit.started_on,
        ended_on=benefit.ended_on,
        entitlement_id=None if benefit.entitlement is None else benefit.entitlement.pk,
    )


@router.get(
    "/persons/{person_id}/benefits",
    response={200: PersonBenefitsOut, **AUTH_ERRORS, 404: ErrorOut},
)
def person_benefits(
    request: HttpRequest, person_id: int, filters: Query[OnQuery]
) -> PersonBenefitsOut:
    """Return what a person gets a month on ``on`` and why, what is missing, the granted
    entitlements and the payment account (masked)."""
    user = reader(request)
    # What a person is paid and where: a read of sensitive data (PIPL), as on the page.
    person = file_reads.person_file_open(
        user=user, pk=person_id, request=request, roster_only=True, detail={"api": "benefits"}
    )
    on = filters.on or timezone.localdate()
    found, gaps = eligibility.benefits_of(person, on)
    granted = entitlements.entitlements_of(person)
    account = PaymentAccount.objects.filter(person=person).first()
    return PersonBenefitsOut(
        person=RefOut(id=person.pk, name=person.name),
        org_unit=RefOut(id=person.org_unit_id, name=person.org_unit.name),
        on=on,
        benefits=[_benefit_out(b) for b in found],
        monthly_total=money(sum((b.amount for b in found), ZERO)),
        gaps=[str(gap) for gap in gaps],
        entitlements=[_entitlement_out(e) for e in granted],
        payment_account=None if account is None else _account_out(account),
    )


@router.post(
    "/persons/{person_id}/entitlements",
    response={201: EntitlementOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def entitlement_grant(request: HttpRequest, person_id: int, payload: EntitlementIn) -> Status:
    """Grant a benefit that rests on a household fact, e.g. the one-child-family aid
    (leaders and workers)."""
    user = reader(request)
    person = access_person_on_roster(user, person_id)
    entry = entitlements.entitlement_grant(
        acting_user=user,
        person=person,
        item=payload.item.value,
        quantity=payload.quantity,
        started_on=payload.started_on,
        reason=payload.reason,
    )
    return Status(201, _entitlement_out(entry))


@router.post(
    "/entitlements/{entitlement_id}/end",
    response={200: EntitlementOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def entitlement_end(
    request: HttpRequest, entitlement_id: int, payload: EntitlementEndIn
) -> EntitlementOut:
    """End a granted benefit on a day (leaders and workers); it is kept with its history."""
    user = reader(request)
    entry = entitlements.access_entitlement(user, entitlement_id)
    entry = entitlements.entitlement_end(
        acting_user=user, entitlement=entry, ended_on=payload.ended_on
    )
    return _entitlement_out(entry)


@router.put(
    "/persons/{person_id}/payment-account",
    response={200: PaymentAccountOut, **WRITE_ERRORS, **AUTH_ERRORS},
)
def payment_account_set(
    request: HttpRequest, person_id: int, payload: PaymentAccountIn
) -> PaymentAccountOut:
    """Record or change where a person's benefits are paid (leaders and workers).

    The answer shows the account's last 4 digits only.
    """
    user = reader(request)
    person = access_person_on_roster(user, person_id)
    account = entitlements.payment_account_set(
        acting_user=user,
        person=person,
        bank=payload.bank,
        account_number=payload.account_number,
        holder=payload.holder,
    )
    return _account_out(account)
